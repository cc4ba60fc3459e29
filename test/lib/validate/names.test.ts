import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import {
  labelKeyProblem, priorityClassNameProblem, requireAnnotations, requireLabels, secretKeyProblem, secretNameProblem,
} from '../../../lib/validate';

const scope = () => new Construct(Testing.chart(), 'thing');

const SECRET_KEY = 'a Secret key of letters, digits, "-", "_" and "." (at most 253 characters, not "." nor "..")';
const LABEL_KEY = 'a qualified key such as "node.example.org/pool": an optional DNS-subdomain prefix (at most 253 characters) and "/", '
  + 'then at most 63 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit';

describe('Secret keys, by the API server\'s rule', () => {
  test.each<[string, string | undefined]>([
    ['password', undefined],
    ['tls.crt', undefined],
    ['.dockerconfigjson', undefined],
    ['a_b-c.d', undefined],
    ['x'.repeat(253), undefined],
    ['', SECRET_KEY],
    ['.', SECRET_KEY],
    ['..', SECRET_KEY],
    ['../x', SECRET_KEY],
    ['a/b', SECRET_KEY],
    ['key with space', SECRET_KEY],
    ['x'.repeat(254), SECRET_KEY],
  ])('%j', (key, expected) => {
    expect(secretKeyProblem(key)).toBe(expected);
  });

  test('Secret names are RFC 1123 subdomains (dots allowed, no "_")', () => {
    expect(secretNameProblem('db.credentials')).toBeUndefined();
    expect(secretNameProblem('db_credentials')).toBe('a Secret name that must be an RFC 1123 subdomain: lowercase letters, digits, "-" and "."');
  });
});

describe('label and annotation keys (qualified names)', () => {
  test.each<[string, string | undefined]>([
    ['app', undefined],
    ['app.kubernetes.io/name', undefined],
    ['node.example.org/pool', undefined],
    ['Under_score.Dot-dash', undefined],
    [`${'a'.repeat(63)}`, undefined],
    [`${'a.'.repeat(126)}a/x`, undefined],
    ['bad key!', LABEL_KEY],
    ['', LABEL_KEY],
    ['/name', LABEL_KEY],
    ['Example.org/name', LABEL_KEY],
    ['example.org/', LABEL_KEY],
    ['a/b/c', LABEL_KEY],
    ['-leading', LABEL_KEY],
    ['trailing.', LABEL_KEY],
    [`${'a'.repeat(64)}`, LABEL_KEY],
    [`${'a.'.repeat(127)}a/x`, LABEL_KEY],
  ])('%j', (key, expected) => {
    expect(labelKeyProblem(key)).toBe(expected);
  });

  test('a label map names the bad key, or the key of a bad value', () => {
    expect(() => requireLabels(scope(), 'labels', { 'bad key!': 'v' })).toThrow(`test/thing: invalid labels key "bad key!": ${LABEL_KEY}`);
    expect(() => requireLabels(scope(), 'labels', { team: 'not ok' }))
      .toThrow('test/thing: invalid labels.team "not ok": a label value (at most 63 characters of [A-Za-z0-9-_.])');
  });

  test('annotation keys follow the same rule; their values are free text', () => {
    expect(() => requireAnnotations(scope(), 'podAnnotations', { 'example.org/note': 'any text: even spaces' })).not.toThrow();
    expect(() => requireAnnotations(scope(), 'podAnnotations', { 'bad key!': 'v' })).toThrow(`test/thing: invalid podAnnotations key "bad `
      + `key!": ${LABEL_KEY}`);
  });
});

describe('PriorityClass names', () => {
  test.each<[string, string | undefined]>([
    ['batch-low', undefined],
    ['tier.batch', undefined],
    ['system-cluster-critical', undefined],
    ['batch_low', 'a PriorityClass name that must be an RFC 1123 subdomain: lowercase letters, digits, "-" and "."'],
    ['Batch', 'a PriorityClass name that must be an RFC 1123 subdomain: lowercase letters, digits, "-" and "."'],
    ['system-mine', 'a PriorityClass name without the reserved "system-" prefix (only system-cluster-critical and system-node-critical)'],
  ])('%j', (name, expected) => {
    expect(priorityClassNameProblem(name)).toBe(expected);
  });
});
