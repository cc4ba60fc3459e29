/**
 * `runDiffCli` against a real git repository made for the test: a synthetic dist/ tree committed
 * there, and a "synth" that writes a changed tree. Exit codes, both formats, the base ref, errors.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { ENVIRONMENTS } from '../../../environments';
import { DiffProject, runDiffCli } from '../../../lib/diff/cli';
import { Manifest } from '../../../lib/policy/types';
import { describeWithTools } from '../../helpers/system-tools';

const environments = ENVIRONMENTS.map((env) => ({ name: env.name, production: env.tier === 'production' }));
const productionName = environments.find((env) => env.production)!.name;

/** A small, real-shaped tree per environment: a default deny, an egress policy, a claim, a workload. */
function tree(environment: string, change?: (manifests: Manifest[]) => void): Map<string, string> {
  const manifests: Manifest[] = [
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny-all', namespace: 'app' },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'worker-egress', namespace: 'app' },
      spec: {
        podSelector: { matchLabels: { app: 'worker' } },
        policyTypes: ['Egress'],
        egress: [{ to: [{ ipBlock: { cidr: '192.0.2.0/24' } }], ports: [{ port: 443, protocol: 'TCP' }] }],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', namespace: 'app' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'worker', namespace: 'app' },
      spec: {
        selector: { matchLabels: { app: 'worker' } },
        template: {
          metadata: { labels: { app: 'worker' } },
          spec: { containers: [{ name: 'worker', image: `registry.example.org/worker@sha256:${'1'.repeat(64)}` }] },
        },
      },
    },
  ];
  change?.(manifests);
  return new Map([
    [`${environment}/app.k8s.yaml`, manifests.map((manifest) => stringify(manifest)).join('---\n')],
    [`reports/${environment}.md`, `# ${environment}\n`],
  ]);
}

function writeTree(root: string, files: ReadonlyMap<string, string>): void {
  for (const [path, content] of files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

const allTrees = (change?: { environment: string; apply: (manifests: Manifest[]) => void }) =>
  new Map(environments.flatMap((env) => [...tree(env.name, change?.environment === env.name ? change.apply : undefined)]));

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.org', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
  });
}

function run(root: string, argv: string[], synthesized: ReadonlyMap<string, string>, overrides: Partial<DiffProject> = {}) {
  let stdout = '';
  let stderr = '';
  const outdirs: string[] = [];
  const project: DiffProject = {
    root,
    load: () => ({
      synthesize: (outdir) => {
        outdirs.push(outdir);
        writeTree(outdir, synthesized);
      },
      environments,
    }),
    ...overrides,
  };
  const code = runDiffCli(
    argv,
    { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } },
    project,
  );
  return { code, stdout, stderr, outdirs };
}

const widenProduction = {
  environment: productionName,
  apply: (m: Manifest[]) => (m[1].spec.egress[0].to[0].ipBlock.cidr = '192.0.0.0/16'),
};

describeWithTools('npm run diff (CLI on a temporary git repository)', [{ name: 'git', install: 'apt-get install -y git' }], () => {
  let root: string;
  let firstCommit: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'diff-cli-'));
    git(root, 'init', '--quiet', '--initial-branch=main');
    writeTree(join(root, 'dist'), allTrees());
    git(root, 'add', '-A');
    git(root, 'commit', '--quiet', '-m', 'base');
    firstCommit = git(root, 'rev-parse', 'HEAD').trim();
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('no difference: exit 0, every environment "No changes", and the committed dist/ is not where the synth writes', () => {
    const result = run(root, [], allTrees());
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(`against \`HEAD\` (${firstCommit.slice(0, 12)})`);
    for (const env of environments)
      expect(result.stdout).toContain(`## ${env.name}${env.production ? ' (production)' : ''}\n\nNo changes.`);
    expect(result.outdirs).toHaveLength(1);
    expect(result.outdirs[0].startsWith(join(root, 'dist'))).toBe(false);
    expect(git(root, 'status', '--porcelain')).toBe('');
  });

  test('no difference in JSON: exit 0, every environment with empty changes, risks and paths', () => {
    const result = run(root, ['--format', 'json'], allTrees());
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.environments.map((env: { name: string }) => env.name).sort()).toEqual(environments.map((env) => env.name).sort());
    for (const env of output.environments) {
      expect(env).toMatchObject({ changes: [], risks: [], networkPaths: { added: [], removed: [] } });
    }
  });

  test('a difference: exit 1; Markdown lists production first with its risks, fields and network paths', () => {
    const result = run(root, ['--format', 'markdown'], allTrees(widenProduction));
    expect(result.code).toBe(1);
    const headings = [...result.stdout.matchAll(/^## (\S+)/gm)].map((match) => match[1]);
    expect(headings[0]).toBe(productionName);
    expect(headings.sort()).toEqual(environments.map((env) => env.name).sort());
    expect(result.stdout).toContain(
      '| **high** | `network-policy-widens` | `NetworkPolicy app/worker-egress` | widens: egress now allows 192.0.0.0/16 on TCP 443 |',
    );
    expect(result.stdout).toContain(
      `| medium | \`production-change\` | \`NetworkPolicy app/worker-egress\` | changed in production (${productionName}) |`,
    );
    expect(result.stdout).toContain('| changed | `NetworkPolicy app/worker-egress` | `/spec/egress/0/to/0/ipBlock/cidr` |');
    expect(result.stdout).toContain('- added `Deployment app/worker` → `192.0.0.0/16`: TCP 443');
    expect(result.stdout).toContain('- removed `Deployment app/worker` → `192.0.2.0/24`: TCP 443');
    expect(result.stdout).toMatch(/```mermaid\nflowchart LR\n[\s\S]*==>\|"added: TCP 443"\|[\s\S]*-\.->\|"removed: TCP 443"\|/);
  });

  test('JSON: the documented shape, every environment, changes and risks', () => {
    const shrink = { environment: environments[0].name, apply: (m: Manifest[]) => (m[2].spec.resources.requests.storage = '5Gi') };
    const result = run(root, ['--format=json'], allTrees(shrink));
    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout);
    expect(output).toMatchObject({ version: 1, base: 'HEAD', baseCommit: firstCommit });
    expect(output.environments.map((env: { name: string }) => env.name).sort()).toEqual(environments.map((env) => env.name).sort());
    const changed = output.environments.find((env: { name: string }) => env.name === environments[0].name);
    expect(changed.changes).toEqual([
      {
        action: 'changed',
        group: '',
        kind: 'PersistentVolumeClaim',
        namespace: 'app',
        name: 'data',
        paths: ['/spec/resources/requests/storage'],
      },
    ]);
    expect(changed.risks).toEqual([
      {
        rule: 'pvc-shrinks',
        level: 'high',
        kind: 'PersistentVolumeClaim',
        namespace: 'app',
        name: 'data',
        message: 'claim shrinks from 10Gi to 5Gi: a bound claim cannot shrink, the apply is rejected',
      },
    ]);
    expect(changed.networkPaths).toEqual({ added: [], removed: [] });
    for (const env of output.environments.filter((candidate: { name: string }) => candidate.name !== environments[0].name))
      expect(env.changes).toEqual([]);
  });

  test('--base compares with an older commit; added and removed objects have no paths', () => {
    writeTree(join(root, 'dist'), allTrees({ environment: environments[0].name, apply: (m) => m.splice(2, 1) }));
    git(root, 'commit', '--quiet', '-am', 'drop the claim');
    try {
      expect(run(root, [], allTrees({ environment: environments[0].name, apply: (m) => m.splice(2, 1) })).code).toBe(0);
      const result = run(
        root,
        ['--base', firstCommit, '--format', 'json'],
        allTrees({ environment: environments[0].name, apply: (m) => m.splice(2, 1) }),
      );
      expect(result.code).toBe(1);
      const env = JSON.parse(result.stdout).environments.find((candidate: { name: string }) => candidate.name === environments[0].name);
      expect(env.changes).toEqual([
        { action: 'removed', group: '', kind: 'PersistentVolumeClaim', namespace: 'app', name: 'data', paths: [] },
      ]);
      expect(env.risks.map((risk: { rule: string; level: string }) => `${risk.rule} ${risk.level}`)).toEqual(['data-removed high']);
    } finally {
      git(root, 'reset', '--quiet', '--hard', firstCommit);
    }
  });

  test.each([
    ['an unknown base', ['--base', 'no-such-branch'], {}, 'diff: --base no-such-branch is not a commit of this repository'],
    ['an option that looks like a ref', ['--base', '--help'], {}, 'diff: --base --help is not a git revision'],
    ['a format it does not know', ['--format', 'xml'], {}, 'diff: --format must be markdown or json, not xml'],
    ['an unknown option', ['--color'], {}, 'diff: unknown option --color'],
    [
      'a synth that fails',
      [],
      {
        load: () => ({
          synthesize: () => {
            throw new Error('Policy gate failed for x');
          },
          environments,
        }),
      },
      'diff: synth of the working tree failed: Policy gate failed for x',
    ],
    [
      'a program that cannot load',
      [],
      {
        load: () => {
          throw new Error('environment prod: bad cidr');
        },
      },
      'diff: cannot load the working tree: environment prod: bad cidr',
    ],
  ] as const)('exit 2 on %s, with one clear line and no stack trace', (_case, argv, overrides, message) => {
    const result = run(root, [...argv], allTrees(), overrides as Partial<DiffProject>);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toBe(message);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  test('exit 2 when the committed YAML does not parse, naming the file and the ref', () => {
    writeFileSync(join(root, 'dist', environments[0].name, 'broken.yaml'), 'kind: [unclosed\n');
    git(root, 'add', '-A');
    git(root, 'commit', '--quiet', '-m', 'broken');
    try {
      const result = run(root, [], allTrees());
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`^diff: dist/${environments[0].name}/broken.yaml \\(HEAD\\): not valid YAML: `));
    } finally {
      git(root, 'reset', '--quiet', '--hard', firstCommit);
    }
  });
});
