import { Manifest } from '../../../lib/policy/types';
import { container, deployment, problems } from './policy-helpers';

const secret = (fields: Record<string, unknown>): Manifest => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'shop' }, type: 'Opaque', ...fields });

describe('secrets/no-secret-data', () => {
  test('data or stringData with values fails', () => {
    expect(problems('secrets/no-secret-data', [secret({ data: { password: 'aHVudGVyMg==' } })])).toEqual(['data: the Secret carries values in data']);
    expect(problems('secrets/no-secret-data', [secret({ stringData: { password: 'hunter2' }, data: { a: 'YQ==' } })])).toEqual([
      'data: the Secret carries values in data',
      'stringData: the Secret carries values in stringData',
    ]);
  });

  test('a Secret without values (or with empty maps) passes, and other kinds are ignored', () => {
    expect(problems('secrets/no-secret-data', [secret({})])).toEqual([]);
    expect(problems('secrets/no-secret-data', [secret({ data: {}, stringData: {} })])).toEqual([]);
    expect(problems('secrets/no-secret-data', [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { password: 'x' } }])).toEqual([]);
  });
});

describe('secrets/no-literal-credential-env', () => {
  const withEnv = (env: unknown[], field = 'containers') => deployment({ spec: { [field]: [container('app', { env })] } });

  test('a credential literal in an env var fails without repeating the value', () => {
    expect(problems('secrets/no-literal-credential-env', [withEnv([{ name: 'LOG_LEVEL', value: 'info' }, { name: 'DB_PASSWORD', value: 'hunter2' }])])).toEqual([
      'spec.template.spec.containers[0].env[1].value: env var DB_PASSWORD in container "app": the name "DB_PASSWORD" says it holds a credential and the value is a non-empty literal',
    ]);
  });

  test('init containers count; values from Secrets pass', () => {
    expect(problems('secrets/no-literal-credential-env', [withEnv([{ name: 'X', value: 'AKIAABCDEFGHIJKLMNOP' }], 'initContainers')])).toEqual([
      'spec.template.spec.initContainers[0].env[0].value: env var X in container "app": the value looks like an AWS access key id',
    ]);
    expect(problems('secrets/no-literal-credential-env', [withEnv([{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }])])).toEqual([]);
  });
});

describe('secrets/no-literal-credential-env: the broadened detector', () => {
  const withEnv = (env: unknown[]) => deployment({ spec: { containers: [container('app', { env })] } });
  const at = (i: number) => `spec.template.spec.containers[0].env[${i}].value: env var`;

  test('credential names without a separator or abbreviated, and Authorization values', () => {
    expect(problems('secrets/no-literal-credential-env', [withEnv([
      { name: 'PGPASSWORD', value: 'hunter2' },
      { name: 'MYSQL_PWD', value: 'hunter2' },
      { name: 'DB_PASS', value: 'hunter2' },
      { name: 'PWD', value: '/srv' },
      { name: 'AUTH_HEADER', value: 'Bearer abcdef0123456789' },
      { name: 'PROXY_AUTH', value: 'Basic dXNlcjpodW50ZXIy' },
    ])])).toEqual([
      `${at(0)} PGPASSWORD in container "app": the name "PGPASSWORD" says it holds a credential and the value is a non-empty literal`,
      `${at(1)} MYSQL_PWD in container "app": the name "MYSQL_PWD" says it holds a credential and the value is a non-empty literal`,
      `${at(2)} DB_PASS in container "app": the name "DB_PASS" says it holds a credential and the value is a non-empty literal`,
      `${at(4)} AUTH_HEADER in container "app": the value looks like a bearer token (an Authorization header value)`,
      `${at(5)} PROXY_AUTH in container "app": the value looks like HTTP Basic credentials (an Authorization header value)`,
    ]);
  });
});
