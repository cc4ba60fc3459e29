import { Duration, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import {
  constructName, egressCidrProblem, integerProblem, oneOfProblem, requireDnsLabel, requireIdentity, requireInteger, requireLabels,
  requirePort, requireRunAs, requireSeconds, requireSecretKeyReference, requireStorageSize, requireTimeZone, requireValid,
  storageSizeProblem,
} from '../../../lib/validate';

function scope(): Construct {
  return new Construct(Testing.chart(), 'thing');
}

describe('the validation toolkit', () => {
  test('a require function returns the value it accepts and names path, prop, value and what is accepted otherwise', () => {
    const s = scope();
    expect(requireInteger(s, 'replicas', 3, { min: 1, max: 5 })).toBe(3);
    expect(() => requireInteger(s, 'replicas', 7, { min: 1, max: 5 })).toThrow('test/thing: invalid replicas 7: an integer from 1 to 5');
    expect(() => requireInteger(s, 'keep', 1.5, { min: 1 }, 'a whole number of backups')).toThrow('invalid keep 1.5: a whole number of backups of at least 1');
  });

  test('problems compose: a pure check turned into a construct error, with the value shown as given', () => {
    const s = scope();
    expect(() => requireValid(s, 'secret', 'hunter2', () => 'no literal secrets', '(value hidden)')).toThrow('invalid secret "(value hidden)": no literal secrets');
    expect(integerProblem(10, { min: 10 })).toBeUndefined();
    expect(oneOfProblem('TRACE', ['DEBUG', 'INFO', 'ERROR'])).toBe('DEBUG, INFO or ERROR');
  });

  test('ports, durations, storage and time zones', () => {
    const s = scope();
    expect(() => requirePort(s, 'webPort', 80, { unprivileged: true })).toThrow('invalid webPort 80: a non-privileged TCP port from 1024 to 65535');
    expect(requireSeconds(s, 'grace', undefined, 60, { min: 10, max: 600 })).toBe(60);
    expect(() => requireSeconds(s, 'grace', Duration.millis(1500), 60)).toThrow('invalid grace "1.5s": a whole number of seconds');
    expect(() => requireSeconds(s, 'grace', Duration.seconds(5), 60, { min: 10, max: 600 })).toThrow('a whole number of seconds from 10 to 600');
    expect(requireStorageSize(s, 'size', '1Mi')).toBe(2 ** 20);
    for (const bad of ['1024', '512Ki', '1 GB', '1.5']) expect(storageSizeProblem(bad)).toMatch(/at least 1Mi with a unit/);
    expect(requireTimeZone(s, 'timeZone', 'Europe/Madrid')).toBe('Europe/Madrid');
    expect(() => requireTimeZone(s, 'timeZone', 'europe/madrid')).toThrow(/invalid timeZone "europe\/madrid"/);
  });

  test('names, labels, secret references, identities and CIDRs', () => {
    const s = scope();
    expect(constructName(s, undefined, 20)).toBe('thing');
    expect(() => constructName(s, 'Bad_Name', 20)).toThrow('invalid name "Bad_Name": a name that must be an RFC 1123 label');
    expect(() => requireDnsLabel(s, 'namespace', 'x'.repeat(64), 'a namespace')).toThrow('a namespace that must be at most 63 characters (has 64)');
    expect(() => requireLabels(s, 'labels', { 'bad key!': 'v' })).toThrow('invalid labels.bad key! "v": a valid label key and value');
    expect(() => requireSecretKeyReference(s, 'token', { secretName: 'Token', key: 'k' })).toThrow('invalid token.secretName "Token": a Secret name that');
    expect(() => requireSecretKeyReference(s, 'token', { secretName: 'token', key: 'a/b' })).toThrow('invalid token.key "a/b": a Secret key');
    expect(() => requireRunAs(s, 'runAs', { user: 0, group: 10001 })).toThrow('a non-root UID and GID (not 0)');
    const identity = { name: 'x', instance: 'x', component: 'web', partOf: 'p', version: 'v1', owner: 'team', runbookUrl: 'http://runbooks' };
    expect(() => requireIdentity(s, identity)).toThrow('invalid partOf/owner/runbookUrl');
    expect(egressCidrProblem('0.0.0.0/0')).toMatch(/whole internet/);
    expect(egressCidrProblem('2001:DB8::/32')).toBeUndefined();
  });
});

describe('durations given to constructs', () => {
  test('a fractional deadline is the construct\'s error, naming the prop, not cdk8s\'s', async () => {
    const { SecureCronJob } = await import('../../../constructs');
    const { Schedule } = await import('../../../lib/cron');
    const chart = Testing.chart();
    expect(() => new SecureCronJob(chart, 'job', {
      schedule: Schedule.cron('0 * * * *'), image: `busybox@sha256:${'a'.repeat(64)}`, partOf: 'p', owner: 'o', runbookUrl: 'https://r.example.org',
      activeDeadline: Duration.millis(1500),
    })).toThrow('test/job: invalid activeDeadline "1.5s"');
  });
});
