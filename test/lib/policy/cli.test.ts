// The CLI as users run it: the esbuild bundle build/check.js in a child process.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENVIRONMENTS, validateEnvironment } from '../../../environments';
import { runCli } from '../../../lib/policy/cli';
import { Requirement, describeWithTools } from '../../helpers/system-tools';
import { parseK8sVersion } from '../../../lib/policy/k8s-version';

const ROOT = join(__dirname, '..', '..', '..');
const FIXTURES = 'test/lib/policy/fixtures';

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function check(...args: string[]): Run {
  // A time limit: a FIFO or device that blocks the run must fail the test, not hang it.
  const result = spawnSync(process.execPath, ['build/check.js', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 28 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Permission errors need a user the kernel checks: root bypasses file modes. As root the CLI runs in
 * a new user namespace (`unshare -U`), where it keeps owning its files but loses that bypass.
 */
const asUnprivileged = process.getuid?.() === 0 ? ['unshare', '--user'] : [];
const unprivileged: Requirement = {
  name: 'a user namespace (unshare -U), to see permission errors as root',
  present: () => asUnprivileged.length === 0 || spawnSync('unshare', ['--user', 'true']).status === 0,
  install: 'allow user namespaces (sysctl user.max_user_namespaces > 0), or run the tests as a non-root user',
};

function checkUnprivileged(...args: string[]): Run {
  const command = [...asUnprivileged, process.execPath, 'build/check.js', ...args];
  const result = spawnSync(command[0], command.slice(1), { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function checkJson(...args: string[]): { status: number | null; output: any } {
  const run = check('--format', 'json', ...args);
  return { status: run.status, output: JSON.parse(run.stdout) };
}

let scratch: string;

beforeAll(() => {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  scratch = mkdtempSync(join(tmpdir(), 'policy-cli-'));
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('check CLI', () => {
  describe('exit 0', () => {
    test('a compliant directory: walked in order, List expanded, other documents noted', () => {
      const run = check(`${FIXTURES}/compliant`);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toBe(
        [
          'No findings.',
          '',
          `note: ${FIXTURES}/compliant/00-network.yaml:12: skipped: not a Kubernetes object (no apiVersion and kind)`,
          `note: ${FIXTURES}/compliant/00-network.yaml:14: empty document skipped`,
          '',
          '4 file(s), 11 object(s): 0 error(s), 0 warning(s), 0 suppressed',
          '',
        ].join('\n'),
      );
    });

    test('warnings alone (an object without a known schema) keep exit 0', () => {
      const widget = join(scratch, 'widget.yaml');
      writeFileSync(widget, 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n');
      const run = check(widget);
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/warning +\| schema\/not-checked +\| Widget w/);
      expect(run.stdout).toContain('0 error(s), 1 warning(s)');
    });

    test('the default --k8s-version is the newest version the environments accept, and every environment is within it', () => {
      const { output } = checkJson(`${FIXTURES}/compliant`);
      expect(output.k8sVersion).toBe('1.35');
      for (const environment of ENVIRONMENTS) {
        expect(parseK8sVersion(environment.cluster.kubernetesVersion)!.minor).toBeLessThanOrEqual(35);
      }
      const newer = { ...ENVIRONMENTS[0], cluster: { ...ENVIRONMENTS[0].cluster, kubernetesVersion: '1.36' } };
      expect(() => validateEnvironment(newer)).toThrow(/cluster\.kubernetesVersion.*a version from 1\.28 to 1\.35/s);
    });

    test('--help', () => {
      const run = check('--help');
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/^Usage: npm run --silent check -- \[options\] <file-or-dir>\.\.\./);
    });
  });

  describe('exit 1: findings', () => {
    test('the batch/v1beta1 CronJob of the old guide is judged, not skipped', () => {
      const { status, output } = checkJson(`${FIXTURES}/legacy/cronjob-batch-v1beta1.yaml`);
      expect(status).toBe(1);
      const rules = new Set(output.findings.map((finding: any) => finding.ruleId));
      for (const ruleId of ['api-versions/removed', 'cronjob/api-version', 'cronjob/concurrency-policy', 'cronjob/starting-deadline', 'cronjob/time-zone', 'workload/image-digest', 'pss-restricted/run-as-non-root']) {
        expect(rules).toContain(ruleId);
      }
      expect(rules).not.toContain('schema/valid');
      expect(rules).not.toContain('workload/liveness-probe');
      const removed = output.findings.find((finding: any) => finding.ruleId === 'api-versions/removed');
      expect(removed).toEqual({
        ruleId: 'api-versions/removed',
        pack: 'api-versions',
        severity: 'error',
        suppressed: false,
        suppressedBecause: null,
        kind: 'CronJob',
        namespace: null,
        name: 'hello',
        file: `${FIXTURES}/legacy/cronjob-batch-v1beta1.yaml`,
        line: 3,
        path: 'apiVersion',
        message: 'batch/v1beta1 CronJob was removed in Kubernetes 1.25 (target 1.35): use batch/v1',
        fix: expect.any(String),
      });
    });

    test('--k8s-version decides between deprecated (warning) and removed (error)', () => {
      const file = `${FIXTURES}/legacy/cronjob-batch-v1beta1.yaml`;
      const before = checkJson('--pack', 'api-versions', '--k8s-version', '1.24', file);
      expect(before.status).toBe(0);
      expect(before.output.findings.map((finding: any) => [finding.ruleId, finding.severity])).toEqual([['api-versions/deprecated', 'warning']]);
      const at = checkJson('--pack=api-versions', '--k8s-version=v1.25.3', file);
      expect(at.status).toBe(1);
      expect(at.output.k8sVersion).toBe('1.25');
      expect(at.output.findings.map((finding: any) => finding.ruleId)).toEqual(['api-versions/removed']);
    });

    test('an Ingress with a configuration-snippet', () => {
      const { status, output } = checkJson('--pack', 'ingress,schema', `${FIXTURES}/legacy/ingress-configuration-snippet.yaml`);
      expect(status).toBe(1);
      expect(output.packs).toEqual(['schema', 'ingress']);
      expect(output.findings.map((finding: any) => `${finding.ruleId} ${finding.path}`)).toEqual([
        'ingress/no-snippet-annotations metadata.annotations["nginx.ingress.kubernetes.io/configuration-snippet"]',
        'ingress/security-headers metadata.annotations',
        'ingress/tls spec.rules[0].host',
      ]);
    });

    test('a bare Pod is judged as a long-running workload', () => {
      const { status, output } = checkJson('--pack', 'workload,secrets', `${FIXTURES}/legacy/bare-pod.yaml`);
      expect(status).toBe(1);
      expect(output.findings.map((finding: any) => finding.ruleId)).toEqual(
        expect.arrayContaining(['workload/liveness-probe', 'workload/readiness-probe', 'workload/image-digest', 'workload/service-account', 'secrets/no-literal-credential-env']),
      );
      expect(output.findings.find((finding: any) => finding.ruleId === 'secrets/no-literal-credential-env').line).toBe(2);
      expect(JSON.stringify(output)).not.toContain('hunter2');
    });

    test('the text output is a table with a fix per rule and a summary', () => {
      const run = check('--pack', 'ingress', `${FIXTURES}/legacy/ingress-configuration-snippet.yaml`);
      expect(run.status).toBe(1);
      expect(run.stdout.split('\n')[0]).toMatch(/^severity \| rule +\| object +\| location +\| field +\| message$/);
      expect(run.stdout).toContain('How to fix:\n  ingress/no-snippet-annotations: Remove the *-snippet annotation');
      expect(run.stdout.trimEnd().split('\n').pop()).toBe('1 file(s), 1 object(s): 3 error(s), 0 warning(s), 0 suppressed');
    });

    test('suppression annotations in the YAML are honoured and reported', () => {
      const file = join(scratch, 'suppressed.yaml');
      writeFileSync(
        file,
        [
          'apiVersion: networking.k8s.io/v1',
          'kind: Ingress',
          'metadata:',
          '  name: web',
          '  annotations:',
          '    policy.platform/suppress.ingress.security-headers: "set by the CDN in front"',
          '    nginx.ingress.kubernetes.io/ssl-redirect: "true"',
          'spec:',
          '  tls: [{hosts: [shop.example.com]}]',
          '  rules: [{host: shop.example.com}]',
          '',
        ].join('\n'),
      );
      const { status, output } = checkJson('--pack', 'ingress', file);
      expect(status).toBe(0);
      expect(output.summary).toEqual({ files: 1, objects: 1, errors: 0, warnings: 0, suppressed: 1, inputErrors: 0 });
      expect(output.findings[0]).toEqual(expect.objectContaining({ ruleId: 'ingress/security-headers', suppressed: true, suppressedBecause: 'set by the CDN in front' }));
    });
  });

  describeWithTools('hostile files: permissions', [unprivileged], () => {
    test('permission errors: exit 2 naming the file or the folder', () => {
      const hostile = mkdtempSync(join(scratch, 'permissions-'));
      const secret = join(hostile, 'secret.yaml');
      writeFileSync(secret, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n');
      chmodSync(secret, 0o000);
      const closed = join(hostile, 'closed');
      mkdirSync(closed, { mode: 0o000 });
      chmodSync(closed, 0o000);
      const run = checkUnprivileged(hostile);
      expect(run.status).toBe(2);
      expect(run.stderr).toBe(
        [
          `check: ${closed}: cannot read directory: EACCES: permission denied, scandir '${closed}'`,
          `check: ${secret}: cannot read: EACCES: permission denied, open '${secret}'`,
          '',
        ].join('\n'),
      );
    });
  });

  describe('one run per folder (a folder is one cluster, as Argo CD syncs it)', () => {
    const deployment = (replicas: number) => [
      'apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: web, namespace: app}',
      `spec: {replicas: ${replicas}, selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: "r/web@sha256:${'a'.repeat(64)}"}]}}}`,
    ].join('\n');
    const hpa = [
      'apiVersion: autoscaling/v2', 'kind: HorizontalPodAutoscaler', 'metadata: {name: web, namespace: app}',
      'spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}, minReplicas: 2, maxReplicas: 4}',
    ].join('\n');

    test('two CronJobs of one name in one file are one object defined twice; in two folders they are two clusters\' objects', () => {
      const cronJob = (schedule: string) => [
        'apiVersion: batch/v1', 'kind: CronJob', 'metadata: {name: nightly, namespace: jobs}',
        `spec: {schedule: "${schedule}", jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: c, image: x}]}}}}}`,
      ].join('\n');
      const root = mkdtempSync(join(scratch, 'same-name-'));
      writeFileSync(join(root, 'jobs.yaml'), [cronJob('0 3 * * *'), cronJob('0 4 * * *')].join('\n---\n'));
      const { status, output } = checkJson('--pack', 'identity', join(root, 'jobs.yaml'));
      expect(status).toBe(1);
      const described = output.findings.map((f: any) => `${f.ruleId} ${f.kind} ${f.namespace}/${f.name} line ${f.line}`);
      expect(described).toEqual([
        'identity/unique CronJob jobs/nightly line 6',
      ]);
      for (const folder of ['dev', 'prod']) {
        mkdirSync(join(root, folder));
        writeFileSync(join(root, folder, 'jobs.yaml'), cronJob('0 3 * * *'));
      }
      expect(checkJson('--pack', 'identity', join(root, 'dev'), join(root, 'prod')).status).toBe(0);
    });

    test('an HPA in one folder does not claim the same-named Deployment of another folder', () => {
      const root = mkdtempSync(join(scratch, 'clusters-'));
      for (const [folder, docs] of [['dev', [deployment(1)]], ['prod', [deployment(3), hpa]]] as const) {
        const dir = join(root, folder);
        require('node:fs').mkdirSync(dir);
        writeFileSync(join(dir, 'app.yaml'), docs.join('\n---\n'));
      }
      const { output } = checkJson('--pack', 'workload', root);
      const hpaFindings = output.findings.filter((f: any) => f.ruleId === 'workload/hpa-replicas');
      expect(hpaFindings.map((f: any) => f.file)).toEqual([join(root, 'prod', 'app.yaml')]);
    });
  });

  describe('hostile files: a clear exit code and message for each, never a hang or a stack trace', () => {
    const podLines = ['apiVersion: v1', 'kind: Pod', 'metadata: {name: root, namespace: app}', 'spec:', '  containers:'];
    let hostile: string;
    /** Two files of the compliant fixture that pass on their own (web.yaml and its default deny). */
    const copyCompliant = (folder: string) => {
      for (const name of ['00-network.yaml', 'web.yaml']) copyFileSync(join(ROOT, FIXTURES, 'compliant', name), join(folder, name));
    };
    beforeEach(() => {
      hostile = mkdtempSync(join(scratch, 'hostile-'));
    });

    test('invalid UTF-8: exit 2 with the file and the line', () => {
      const file = join(hostile, 'latin1.yaml');
      const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {city: "K';
      const latin1 = [Buffer.from(head), Buffer.from([0xf6, 0x6c]), Buffer.from('n"}\n')];
      writeFileSync(file, Buffer.concat(latin1));
      const run = check(file);
      expect(run.status).toBe(2);
      const message = 'not valid UTF-8 (Kubernetes reads manifests as UTF-8): first invalid byte 0xf6 at byte 16 of the line';
      expect(run.stderr).toBe(`check: ${file}:4: ${message}\n`);
      expect(run.stdout).toContain('1 file(s), 0 object(s): 0 error(s), 0 warning(s), 0 suppressed, 1 input error(s)');
    });

    test('a FIFO and a device in a folder are noted, never opened: the run ends', () => {
      copyCompliant(hostile);
      spawnSync('mkfifo', [join(hostile, 'pipe.yaml')]);
      symlinkSync('/dev/zero', join(hostile, 'zero.yaml'));
      const run = check(hostile);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toContain(`note: ${join(hostile, 'pipe.yaml')}: skipped: a FIFO is not a regular file (never opened)`);
      expect(run.stdout).toContain(`note: ${join(hostile, 'zero.yaml')}: skipped: a character device is not a regular file (never opened)`);
      expect(run.stdout).toMatch(/2 file\(s\), 6 object\(s\)/);
    });

    test('a symlink loop: each real file is read once', () => {
      copyCompliant(hostile);
      mkdirSync(join(hostile, 'sub'));
      symlinkSync('..', join(hostile, 'sub', 'up'));
      symlinkSync('../web.yaml', join(hostile, 'sub', 'again.yaml'));
      const { status, output } = checkJson(hostile, hostile);
      expect(status).toBe(0);
      expect(output.summary).toEqual(expect.objectContaining({ files: 2, objects: 6 }));
      expect(output.notes.filter((note: any) => note.message.startsWith('skipped: the same')).map((note: any) => note.message)).toEqual([
        `skipped: the same file as ${join(hostile, 'web.yaml')}`,
        `skipped: the same directory as ${hostile}`,
        `skipped: the same directory as ${hostile}`,
      ]);
    });

    test('a .json file in a folder is judged', () => {
      const containers = [{ name: 'c', image: 'x', securityContext: { privileged: true } }];
      const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'root', namespace: 'app' }, spec: { containers } };
      writeFileSync(join(hostile, 'pod.json'), JSON.stringify([pod], null, 2));
      const { status, output } = checkJson('--pack', 'pss-baseline', hostile);
      expect(status).toBe(1);
      const places = output.findings.map((finding: any) => `${finding.file}:${finding.line} ${finding.ruleId}`);
      expect(places).toEqual([`${join(hostile, 'pod.json')}:2 pss-baseline/privileged`]);
    });

    test('a privileged Pod with apiVersion misspelt is an input error, not a skipped document', () => {
      const file = join(hostile, 'pod.yaml');
      writeFileSync(file, ['apiversion: v1', ...podLines.slice(1), '  - {name: c, image: x, securityContext: {privileged: true}}', ''].join('\n'));
      const run = check(file);
      expect(run.status).toBe(2);
      expect(run.stderr).toBe(`check: ${file}:1: Pod root has kind and metadata but no apiVersion (found "apiversion": the field is apiVersion)\n`);
    });

    test('a binary file is one input error', () => {
      const file = join(hostile, 'image.yaml');
      writeFileSync(file, Buffer.from(Array.from({ length: 65_536 }, (_, index) => (index * 7919 + index * index) % 256)));
      const run = check(file);
      expect(run.status).toBe(2);
      expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(new RegExp(`^check: ${file}:1: not valid UTF-8 `))]);
    });

    test('a file of text that is not YAML is one input error, counting the rest', () => {
      const file = join(hostile, 'garbage.yaml');
      writeFileSync(file, Array.from({ length: 100 }, () => 'a: [b\n: : {\n').join('---\n'));
      const run = check(file);
      expect(run.status).toBe(2);
      const oneError = /^check: .*garbage\.yaml:\d+: YAML syntax error: .* \(and \d+ more problems in this file\)$/;
      expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(oneError)]);
    });

    test('an internal failure is one line on stderr and exit 2, without a stack trace', () => {
      const stderr: string[] = [];
      const status = runCli([join(ROOT, FIXTURES, 'compliant/web.yaml')], {
        stdout: { write: () => { throw new Error('disk full'); } },
        stderr: { write: (text: string) => stderr.push(text) },
      });
      expect(status).toBe(2);
      expect(stderr).toEqual(['check: internal error: disk full\n']);
    });
  });

  describe('exit 2: unreadable or unparseable input, usage errors', () => {
    test('a YAML syntax error names the file and line; the other inputs are still checked', () => {
      const run = check(`${FIXTURES}/broken/syntax-error.yaml`, `${FIXTURES}/compliant/web.yaml`);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`^check: ${FIXTURES}/broken/syntax-error\\.yaml:12: YAML syntax error: `));
      expect(run.stdout).toContain('2 file(s), 6 object(s)');
    });

    test('JSON output lists the input errors', () => {
      const { status, output } = checkJson(`${FIXTURES}/broken`);
      expect(status).toBe(2);
      expect(output.exitCode).toBe(2);
      expect(output.inputErrors).toEqual([{ file: `${FIXTURES}/broken/syntax-error.yaml`, line: 12, message: expect.stringMatching(/^YAML syntax error: /) }]);
    });

    test('a missing file', () => {
      const run = check(`${FIXTURES}/does-not-exist.yaml`);
      expect(run.status).toBe(2);
      expect(run.stderr).toBe(`check: ${FIXTURES}/does-not-exist.yaml: cannot read: ENOENT: no such file or directory, stat '${FIXTURES}/does-not-exist.yaml'\n`);
    });

    test('an unreadable file found while walking a directory (a dangling link)', () => {
      const dir = mkdtempSync(join(scratch, 'walk-'));
      copyFileSync(join(ROOT, FIXTURES, 'compliant/web.yaml'), join(dir, 'a.yaml'));
      symlinkSync(join(dir, 'gone.yaml'), join(dir, 'b.yaml'));
      const run = check(dir);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`check: ${join(dir, 'b.yaml')}: cannot read: ENOENT`);
    });

    test.each([
      [
        ['--pack', 'nope', 'x.yaml'],
        'unknown pack nope; packs are schema, identity, pss-baseline, pss-restricted, workload, cronjob, network, ingress, secrets, api-versions',
      ],
      [['--bogus', 'x.yaml'], 'unknown option --bogus'],
      [[], 'no file or directory to check'],
      [['--k8s-version', 'latest', 'x.yaml'], '--k8s-version latest is not MAJOR.MINOR (e.g. 1.35)'],
      [['--format', 'xml', 'x.yaml'], '--format must be text or json, not xml'],
      [['x.yaml', '--pack'], '--pack needs a value'],
    ])('usage error %p', (args, message) => {
      const run = check(...args);
      expect(run.status).toBe(2);
      expect(run.stderr.split('\n')[0]).toBe(`check: ${message}`);
      expect(run.stdout).toBe('');
    });
  });
});
