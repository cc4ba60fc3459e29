import { createHash } from 'node:crypto';
import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { claimObjectName, derivedLabel, dnsLabelProblem, GeneratedNames } from '../../../lib/validate';

describe('names derived from a prop', () => {
  test('a value that makes a valid label keeps its plain name (existing output does not change)', () => {
    expect(derivedLabel('secret-', 'feed-token')).toBe('secret-feed-token');
    expect(derivedLabel('secret-', 'x'.repeat(56))).toBe(`secret-${'x'.repeat(56)}`);
  });

  test.each(['db.credentials', 'x'.repeat(57), 'a'.repeat(253), 'a.b.c', 'x.x.x.y'])('%s gets a valid label with a hash', (value) => {
    const name = derivedLabel('secret-', value);
    expect(dnsLabelProblem(name)).toBeUndefined();
    expect(name).toMatch(/^secret-([a-z0-9-]*-)?[0-9a-f]{8}$/);
  });

  test('values that clean up to the same text still get different names', () => {
    expect(derivedLabel('secret-', 'db.credentials')).not.toBe(derivedLabel('secret-', 'db-credentials.'));
    expect(derivedLabel('secret-', `${'x'.repeat(60)}.a`)).not.toBe(derivedLabel('secret-', `${'x'.repeat(60)}.b`));
    const hash = createHash('sha256').update('db.credentials').digest('hex').slice(0, 8);
    expect(derivedLabel('secret-', 'db.credentials')).toBe(`secret-db-credentials-${hash}`);
  });

  test('a name claimed by two different values is refused naming both', () => {
    const names = new GeneratedNames(new Construct(Testing.chart(), 'job'), 'secretFiles.secret.secretName', 'volume name');
    expect(names.claim('secret-a', 'a')).toBe('secret-a');
    expect(names.claim('secret-a', 'a')).toBe('secret-a');
    expect(() => names.claim('secret-a', 'b'))
      .toThrow('test/job: invalid secretFiles.secret.secretName "b": a value whose volume name "secret-a" is not already used by "a"');
  });
});

describe('object names claimed per app', () => {
  test('the same kind and name in one namespace is refused with both paths; other namespaces and kinds are fine', () => {
    const chart = Testing.chart();
    const first = new Construct(chart, 'first');
    const second = new Construct(chart, 'second');
    claimObjectName(first, 'name', 'CronJob', 'shop', 'nightly');
    claimObjectName(second, 'name', 'CronJob', 'other', 'nightly');
    claimObjectName(second, 'name', 'Deployment', 'shop', 'nightly');
    expect(() => claimObjectName(second, 'name', 'CronJob', 'shop', 'nightly'))
      .toThrow('test/second: invalid name "nightly": a name no other CronJob uses in namespace "shop" (test/first has it)');
    expect(() => claimObjectName(second, 'role', 'ClusterRole', undefined, 'x')).not.toThrow();
    expect(() => claimObjectName(first, 'role', 'ClusterRole', undefined, 'x'))
      .toThrow('test/first: invalid role "x": a name no other ClusterRole uses in the cluster (test/second has it)');
  });

  test('another app starts empty', () => {
    claimObjectName(new Construct(Testing.chart(), 'first'), 'name', 'CronJob', 'shop', 'nightly');
  });
});
