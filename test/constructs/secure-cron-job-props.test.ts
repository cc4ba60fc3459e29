import { Chart, Duration, Testing } from 'cdk8s';
import { SecureCronJob, SecureCronJobProps } from '../../constructs';
import * as kplus from '../../lib/plus';
import { dnsLabelProblem } from '../../lib/validate';
import { find, synth } from '../helpers/manifests';
import { baseJobProps } from './secure-cron-job-fixtures';

const SECRET_KEY = 'a Secret key of letters, digits, "-", "_" and "." (at most 253 characters, not "." nor "..")';
const LABEL_KEY = 'a qualified key such as "node.example.org/pool": an optional DNS-subdomain prefix (at most 253 characters) and "/", '
  + 'then at most 63 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
const RUN_AS = 'a non-root UID and GID (not 0): whole numbers from 1 to 2147483647';
const POOL = { nodeLabelKey: 'node.example.org/pool', nodeLabelValue: 'batch', taintKey: 'node.example.org/pool', taintValue: 'batch' } as const;
const secretFile = (secretName: string, key: string, path = '/etc/job/x') => ({ secret: { secretName, key }, path });
const literal = (name: string, reason: string) => `test/nightly: invalid env.${name} "(value hidden)": no literal secrets (${reason}); `
  + `mount it from a Secret with secretFiles`;
const byName = (name: string) => `the name "${name}" says it holds a credential and the value is a non-empty literal`;

const props = baseJobProps;

describe('SecureCronJob refuses every invalid prop, naming the construct path, the prop, the value and what is accepted', () => {
  test.each<[string, Partial<SecureCronJobProps>, string]>([
    ['cron text', { schedule: '61 * * * *' },
      'test/nightly: invalid schedule "61 * * * *": a cron schedule Kubernetes accepts and runs; minute: value 61 is above the maximum 59 (0-59)'],
    ['Secret key ".."', { secretFiles: [secretFile('db', '..')] }, `test/nightly: invalid secretFiles[0].secret.key "..": ${SECRET_KEY}`],
    ['Secret key "../x"', { secretFiles: [secretFile('db', '../x')] }, `test/nightly: invalid secretFiles[0].secret.key "../x": ${SECRET_KEY}`],
    ['empty Secret key', { secretFiles: [secretFile('db', '')] }, `test/nightly: invalid secretFiles[0].secret.key "": ${SECRET_KEY}`],
    ['Secret name', { secretFiles: [secretFile('DB_creds', 'password')] },
      'test/nightly: invalid secretFiles[0].secret.secretName "DB_creds": a Secret name that must be an RFC 1123 subdomain: lowercase '
        + 'letters, digits, "-" and "."'],
    ['secretEnv key', { secretEnv: { TOKEN: { secretName: 'api', key: '.' } } }, `test/nightly: invalid secretEnv.TOKEN.key ".": ${SECRET_KEY}`],
    ['UID -1', { runAs: { user: -1, group: 10001 } }, `test/nightly: invalid runAs {"user":-1,"group":10001}: ${RUN_AS}`],
    ['UID 2147483648', { runAs: { user: 2147483648, group: 10001 } }, `test/nightly: invalid runAs {"user":2147483648,"group":10001}: ${RUN_AS}`],
    ['fractional GID', { runAs: { user: 10001, group: 10001.5 } }, `test/nightly: invalid runAs {"user":10001,"group":10001.5}: ${RUN_AS}`],
    ['taint key', { nodePool: { ...POOL, taintKey: 'bad key!', taintEffect: 'NoSchedule' } }, `test/nightly: invalid nodePool.taintKey "bad `
      + `key!": ${LABEL_KEY}`],
    ['taint effect', { nodePool: { ...POOL, taintEffect: 'Never' as never } },
      'test/nightly: invalid nodePool.taintEffect "Never": NoSchedule, PreferNoSchedule or NoExecute'],
    ['node label value', { nodePool: { ...POOL, nodeLabelValue: 'batch pool', taintEffect: 'NoSchedule' } },
      'test/nightly: invalid nodePool.nodeLabelValue "batch pool": a label value (at most 63 characters of [A-Za-z0-9-_.])'],
    ['priority class', { nodePool: { ...POOL, taintEffect: 'NoSchedule', priorityClassName: 'batch_low' } },
      'test/nightly: invalid nodePool.priorityClassName "batch_low": a PriorityClass name that must be an RFC 1123 subdomain: lowercase '
        + 'letters, digits, "-" and "."'],
    ['annotation key', { podAnnotations: { 'bad key!': 'x' } }, `test/nightly: invalid podAnnotations key "bad key!": ${LABEL_KEY}`],
    ['PGPASSWORD', { env: { PGPASSWORD: 'hunter2' } }, literal('PGPASSWORD', byName('PGPASSWORD'))],
    ['MYSQL_PWD', { env: { MYSQL_PWD: 'hunter2' } }, literal('MYSQL_PWD', byName('MYSQL_PWD'))],
    ['DB_PASS', { env: { DB_PASS: 'hunter2' } }, literal('DB_PASS', byName('DB_PASS'))],
    ['AWS_SECRET_ACCESS_KEY', { env: { AWS_SECRET_ACCESS_KEY: 'abc' } }, literal('AWS_SECRET_ACCESS_KEY', byName('AWS_SECRET_ACCESS_KEY'))],
    ['a Bearer value', { env: { AUTH_HEADER: 'Bearer abcdef0123456789' } },
      literal('AUTH_HEADER', 'the value looks like a bearer token (an Authorization header value)')],
    ['a Basic value', { env: { PROXY: 'Basic dXNlcjpodW50ZXIy' } }, literal('PROXY', 'the value looks like HTTP Basic credentials (an '
      + 'Authorization header value)')],
    ['a PEM key', { env: { KEY_DATA: '-----BEGIN PRIVATE KEY-----' } }, literal('KEY_DATA', 'the value looks like a PEM private key')],
    ['a URL with a password', { env: { DATABASE_URL: 'mysql://app:hunter2@db/app' } }, literal('DATABASE_URL', 'the value looks like a URL '
      + 'with an embedded password')],
    ['malformed IPv6', { egress: [{ cidr: 'fffff::/64', port: 443 }] }, 'test/nightly: invalid egress[0].cidr "fffff::/64": an IPv4 or IPv6 '
      + 'CIDR such as "203.0.113.10/32"'],
    ['0::/0', { egress: [{ cidr: '0::/0', port: 443 }] }, 'test/nightly: invalid egress[0].cidr "0::/0": a specific network: egress to the '
      + 'whole internet defeats the policy'],
    ['1.2.3.4/0', { egress: [{ cidr: '1.2.3.4/0', port: 443 }] },
      'test/nightly: invalid egress[0].cidr "1.2.3.4/0": a specific network: egress to the whole internet defeats the policy'],
    ['host bits', { egress: [{ cidr: '10.20.0.15/16', port: 443 }] },
      'test/nightly: invalid egress[0].cidr "10.20.0.15/16": a network address: host bits are set (did you mean 10.20.0.0/16?)'],
    ['fractional deadline', { startingDeadline: Duration.millis(10_500) }, 'test/nightly: invalid startingDeadline "10.5s": a whole number '
      + 'of seconds'],
    ['huge CPU', { resources: { cpuRequest: '50m', cpuLimit: '100000', memoryRequest: '64Mi', memoryLimit: '256Mi' } },
      'test/nightly: invalid resources.cpuLimit "100000": a CPU quantity from 1m to 1024 (cores)'],
    ['huge memory', { resources: { cpuRequest: '50m', cpuLimit: '1', memoryRequest: '64Mi', memoryLimit: '999999Gi' } },
      'test/nightly: invalid resources.memoryLimit "999999Gi": a memory quantity from 1Mi to 16Ti'],
    ['overlapping runs', { concurrencyPolicy: kplus.ConcurrencyPolicy.ALLOW as never },
      'test/nightly: invalid concurrencyPolicy "Allow": Forbid or Replace (overlapping runs race each other)'],
    ['a command that is not text', { command: ['run', 7 as never] }, 'test/nightly: invalid command[1] 7: a string'],
  ])('%s', (_, overrides, message) => {
    expect(() => synth((chart) => new SecureCronJob(chart, 'nightly', props(overrides)))).toThrow(message);
  });
});

describe('volume names derived from Secret names are always valid and unique', () => {
  const volumesOf = (files: ReturnType<typeof secretFile>[]) => {
    const cronJob = find(synth((chart) => new SecureCronJob(chart, 'nightly', props({ secretFiles: files }))), 'CronJob', 'nightly');
    return cronJob.spec.jobTemplate.spec.template.spec.volumes.filter((v: { secret?: unknown }) => v.secret);
  };

  test('a Secret name with a dot or over 56 characters gets a valid volume name; a plain one keeps secret-<name>', () => {
    const long = `${'x'.repeat(60)}.credentials`;
    const volumes = volumesOf([
      secretFile('db.credentials', 'password', '/etc/a'), secretFile(long, 'password', '/etc/b'), secretFile('api', 'token', '/etc/c'),
    ]);
    expect(volumes.map((v: { name: string }) => v.name)).toEqual([
      expect.stringMatching(/^secret-db-credentials-[0-9a-f]{8}$/), expect.stringMatching(/^secret-x+-[0-9a-f]{8}$/), 'secret-api',
    ]);
    for (const v of volumes) expect(dnsLabelProblem(v.name)).toBeUndefined();
    expect(volumes.map((v: { secret: { secretName: string } }) => v.secret.secretName)).toEqual(['db.credentials', long, 'api']);
  });

  test('two long Secret names that share their first 56 characters get two volumes', () => {
    const volumes = volumesOf([secretFile(`${'y'.repeat(60)}-a`, 'k', '/etc/a'), secretFile(`${'y'.repeat(60)}-b`, 'k', '/etc/b')]);
    expect(new Set(volumes.map((v: { name: string }) => v.name)).size).toBe(2);
  });
});

describe('two SecureCronJobs of one name', () => {
  test('in one namespace: refused, naming both construct paths', () => {
    expect(() => synth((chart) => {
      new SecureCronJob(chart, 'nightly', props());
      new SecureCronJob(chart, 'other', props({ name: 'nightly' }));
    })).toThrow('test/other: invalid name "nightly": a name no other CronJob uses in namespace "test" (test/nightly has it)');
  });

  test('in two namespaces: fine', () => {
    const app = Testing.app();
    new SecureCronJob(new Chart(app, 'a', { namespace: 'shop' }), 'nightly', props());
    expect(() => new SecureCronJob(new Chart(app, 'b', { namespace: 'billing' }), 'nightly', props())).not.toThrow();
  });
});
