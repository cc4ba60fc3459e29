import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  offsiteEnvironment, offsiteTargetProblems, OFFSITE_SHELL_FUNCTIONS, OffsiteTarget,
} from '../../../lib/offsite';
import { busyboxApplets, runProgram, ShellResult } from '../../helpers/run-shell';
import { startS3Server, S3Server } from '../../helpers/s3-server';
import { describeWithTools, findExecutable, tool } from '../../helpers/system-tools';

const good: OffsiteTarget = {
  endpoint: 'https://s3.eu-west-1.amazonaws.com', bucket: 'cloudedu-backups', prefix: 'task-manager/prod/', region: 'eu-west-1',
};

describe('offsite target validation', () => {
  test('a good target has no problems', () => {
    expect(offsiteTargetProblems(good)).toEqual([]);
    expect(offsiteTargetProblems({ ...good, prefix: '', endpoint: 'https://minio.example.org:9000/' })).toEqual([]);
  });

  test.each([
    ['http://s3.example.org', /https only, not http/],
    ['https://AKIA123:secret@s3.example.org', /no credentials in the URL/],
    ['https://s3.example.org/?X-Amz-Credential=x', /no query string/],
    ['https://s3.example.org?', /no query string/],
    ['https://s3.example.org/bucket', /no path/],
    ['https://s3.example.org/#top', /no fragment/],
    ['s3.example.org', /an https origin/],
    ['https://s3.example .org', /an https origin/],
  ])('endpoint %s is refused', (endpoint, message) => {
    const problems = offsiteTargetProblems({ ...good, endpoint });
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe('endpoint');
    expect(problems[0].problem).toMatch(message);
  });

  test('the value reported for an endpoint with credentials hides them', () => {
    const [problem] = offsiteTargetProblems({ ...good, endpoint: 'https://AKIA123:s3cr3t@s3.example.org' });
    expect(problem.value).toBe('https://(credentials hidden)@s3.example.org');
    expect(JSON.stringify(problem)).not.toMatch(/s3cr3t|AKIA123/);
  });

  test.each([
    ['bucket', 'Cloudedu_Backups'], ['bucket', 'ab'], ['bucket', 'a..b'], ['bucket', '192.168.1.10'],
    ['prefix', '/task-manager/'], ['prefix', 'task-manager'], ['prefix', 'task-manager//prod/'], ['prefix', 'a/../'], ['prefix', 'dumps with space/'],
    ['region', 'EU West'], ['region', ''],
  ] as const)('%s %j is refused', (field, value) => {
    const problems = offsiteTargetProblems({ ...good, [field]: value });
    expect(problems.map((p) => p.field)).toEqual([field]);
  });

  test('the environment carries paths and names, never a credential value', () => {
    const files = { accessKeyIdFile: '/s/id', secretAccessKeyFile: '/s/secret' };
    expect(offsiteEnvironment({ ...good, endpoint: 'https://s3.example.org/' }, files)).toEqual({
      OFFSITE_ENDPOINT: 'https://s3.example.org',
      OFFSITE_BUCKET: 'cloudedu-backups',
      OFFSITE_PREFIX: 'task-manager/prod/',
      OFFSITE_REGION: 'eu-west-1',
      OFFSITE_ACCESS_KEY_ID_FILE: '/s/id',
      OFFSITE_ACCESS_KEY_FILE: '/s/secret',
    });
  });
});

/**
 * The shell functions against a real S3-compatible server (s3rver checks every signature), with
 * the machine's curl: 7.x, like the Debian 12 image the task manager's upload runs in.
 */
function shellSuite(shell: 'dash' | 'busybox') {
  const bucket = 'cloudedu-backups';
  const prefix = 'task-manager/test/';
  let s3: S3Server;
  let root: string;
  let bin: string;
  let applets: ReturnType<typeof busyboxApplets> | undefined;

  beforeAll(async () => {
    s3 = await startS3Server([bucket]);
    if (shell === 'busybox') applets = busyboxApplets(['curl']);
  });
  afterAll(async () => {
    await s3.close();
    applets?.remove();
  });
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'offsite-'));
    bin = join(root, 'bin');
    mkdirSync(bin);
    writeFileSync(join(root, 'access-key-id'), `${s3.accessKeyId}\n`);
    writeFileSync(join(root, 'secret-access-key'), s3.secretAccessKey);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const env = (overrides: Record<string, string> = {}): Record<string, string> => ({
    PATH: [bin, applets?.dir, process.env.PATH].filter(Boolean).join(':'),
    LC_ALL: 'C',
    ...offsiteEnvironment({ endpoint: s3.endpoint, bucket, prefix, region: 'eu-west-1' }, {
      accessKeyIdFile: join(root, 'access-key-id'), secretAccessKeyFile: join(root, 'secret-access-key'),
    }),
    ...overrides,
  });
  const run = (body: string, overrides: Record<string, string> = {}): Promise<ShellResult> => {
    const argv = shell === 'dash' ? ['dash', '-c'] : [applets!.busybox, 'sh', '-c'];
    return runProgram([...argv, `set -eu\n${OFFSITE_SHELL_FUNCTIONS}\n${body}`], env(overrides));
  };
  const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');
  /** A curl in front of the real one that records its arguments. */
  const recordCurlArguments = () => {
    writeFileSync(join(bin, 'curl'), `#!/bin/sh\nprintf '%s\\n' "$*" >> "${root}/curl.args"\nexec ${findExecutable('curl')} "$@"\n`);
    chmodSync(join(bin, 'curl'), 0o755);
  };

  test('stores the file byte for byte, reads back size and MD5, and keeps the key pair out of every argument', async () => {
    // Over 1 MiB: curl then sends "Expect: 100-continue", as it does for real dumps.
    const data = randomBytes(3 * 1024 * 1024 + 17);
    writeFileSync(join(root, 'dump.sql.gz'), data);
    recordCurlArguments();
    const result = await run(`offsite_init\noffsite_put "${root}/dump.sql.gz" tasks-20260101T013000Z.sql.gz`);
    expect(result).toMatchObject({ status: 0, stderr: '' });
    const name = `${bucket}/${prefix}tasks-20260101T013000Z.sql.gz`;
    expect(result.stdout).toBe(`offsite: ${name} stored and verified (${data.length} bytes, MD5 ${md5(data)})\n`);
    expect(readFileSync(s3.objectFile(bucket, `${prefix}tasks-20260101T013000Z.sql.gz`)).equals(data)).toBe(true);
    const args = readFileSync(join(root, 'curl.args'), 'utf8');
    expect(args).toContain('--aws-sigv4 aws:amz:eu-west-1:s3');
    expect(args).not.toContain(s3.secretAccessKey);
    expect(args).not.toContain(s3.accessKeyId);
  });

  test('a refused upload (wrong secret: the signature does not match) fails with exit 1 and never prints the secret', async () => {
    writeFileSync(join(root, 'dump.sql.gz'), 'data');
    writeFileSync(join(root, 'secret-access-key'), 'not-the-secret');
    const result = await run(`offsite_init\noffsite_put "${root}/dump.sql.gz" tasks-x.sql.gz`);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/403/);
    expect(result.stderr).toContain(`offsite: upload of ${root}/dump.sql.gz to ${bucket}/${prefix}tasks-x.sql.gz failed`);
    expect(result.stdout + result.stderr).not.toContain('not-the-secret');
  });

  test('an unreachable endpoint fails the run', async () => {
    writeFileSync(join(root, 'dump.sql.gz'), 'data');
    // A port nothing listens on: connection refused at once (curl does not retry a refusal).
    const result = await run(`offsite_init\noffsite_put "${root}/dump.sql.gz" tasks-x.sql.gz`, { OFFSITE_ENDPOINT: 'http://127.0.0.1:9' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('offsite: upload of');
  });

  test('a stored object that is not what was sent fails the read-back: other bytes (ETag), other size (Content-Length)', async () => {
    const data = randomBytes(4096);
    writeFileSync(join(root, 'dump.sql.gz'), data);
    const name = 'tasks-tampered.sql.gz';
    expect((await run(`offsite_init\noffsite_put "${root}/dump.sql.gz" ${name}`)).status).toBe(0);
    const stored = s3.objectFile(bucket, `${prefix}${name}`);
    // Same size, other bytes; s3rver recomputes the ETag when its cached MD5 is gone.
    writeFileSync(stored, randomBytes(4096));
    unlinkSync(`${stored}.md5`);
    const sameSize = await run(`offsite_init\noffsite_verify ${name} ${data.length} ${md5(data)}`);
    expect(sameSize.status).toBe(1);
    expect(sameSize.stderr).toMatch(new RegExp(`offsite: read back ${name}: ETag '[0-9a-f]{32}' is not the MD5 ${md5(data)} of what was sent`));
    writeFileSync(stored, data.subarray(0, 100));
    unlinkSync(`${stored}.md5`);
    const shorter = await run(`offsite_init\noffsite_verify ${name} ${data.length} ${md5(data)}`);
    expect(shorter.status).toBe(1);
    expect(shorter.stderr).toContain(`offsite: read back ${name}: the store holds '100' bytes, ${data.length} were sent`);
  });

  test('a curl older than 7.87.0 (the MySQL 8.4 image has 7.76.1) is refused before anything is sent', async () => {
    writeFileSync(join(bin, 'curl'), '#!/bin/sh\necho "curl 7.76.1 (x86_64-redhat-linux-gnu) libcurl/7.76.1 OpenSSL/3.0.7"\n');
    chmodSync(join(bin, 'curl'), 0o755);
    const result = await run('offsite_init');
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('offsite: curl 7.76 cannot sign S3 uploads with --aws-sigv4: 7.87.0 or newer is needed\n');
  });

  test.each([
    ['a missing setting', { OFFSITE_BUCKET: '' }, 'offsite: OFFSITE_BUCKET is not set'],
    ['an unreadable key file', { OFFSITE_ACCESS_KEY_FILE: '/nonexistent/secret' }, 'offsite: cannot read /nonexistent/secret'],
  ])('%s stops the run', async (_what, overrides, message) => {
    const result = await run('offsite_init', overrides);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(message);
  });

  test.each([
    ['a quote', 'abc"def'], ['a backslash', 'abc\\def'], ['a line break', 'abc\ndef'],
  ])('a secret with %s is refused without being printed', async (_what, secret) => {
    writeFileSync(join(root, 'secret-access-key'), secret);
    const result = await run('offsite_init');
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('offsite: a credential file is empty or holds a line break, a double quote or a backslash\n');
  });

  test('an object name outside the safe characters is refused', async () => {
    writeFileSync(join(root, 'f'), 'x');
    const result = await run(`offsite_init\noffsite_put "${root}/f" 'a b'`);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("offsite: object name 'a b': letters, digits, '.', '_' and '-' only\n");
  });
}

describe('offsite shell functions (dash)', () => shellSuite('dash'));
describeWithTools('offsite shell functions (busybox sh and applets)', [tool.busybox], () => shellSuite('busybox'));
