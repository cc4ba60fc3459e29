/**
 * `npm run diff` end to end: the project's files copied into a temporary git repository and
 * committed (HEAD), then the real entry (scripts/run.mjs diff: esbuild bundle, real synth) run
 * there, before and after a change planted in the production environment's config.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ENVIRONMENTS } from '../../../environments';
import { describeWithTools } from '../../helpers/system-tools';

const projectRoot = join(__dirname, '..', '..', '..');
const production = ENVIRONMENTS.find((env) => env.tier === 'production')!;

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.org', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
  });
}

function diff(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, ['scripts/run.mjs', 'diff', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describeWithTools('npm run diff end to end (real synth, temporary clone)', [{ name: 'git', install: 'apt-get install -y git' }], () => {
  let clone: string;

  beforeAll(() => {
    clone = mkdtempSync(join(tmpdir(), 'diff-e2e-'));
    // The working tree as it is (tracked and new files), not build/ or node_modules/.
    const files = git(projectRoot, 'ls-files', '-z', '--cached', '--others', '--exclude-standard')
      .split('\0')
      .filter((path) => path !== '');
    for (const path of files) {
      if (!existsSync(join(projectRoot, path))) continue;
      mkdirSync(dirname(join(clone, path)), { recursive: true });
      copyFileSync(join(projectRoot, path), join(clone, path));
    }
    symlinkSync(join(projectRoot, 'node_modules'), join(clone, 'node_modules'), 'dir');
    git(clone, 'init', '--quiet');
    git(clone, 'add', '-A');
    git(clone, 'commit', '--quiet', '-m', 'base');
  });
  afterAll(() => rmSync(clone, { recursive: true, force: true }));

  test('nothing changed: exit 0, and dist/ is left as committed', () => {
    const result = diff(clone);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No changes: every environment synthesizes to what `HEAD`');
    expect(git(clone, 'status', '--porcelain', '--', 'dist')).toBe('');
  });

  test(`a /32 egress widened to its /16 in ${production.name}'s config: exit 1, flagged as widening and as a production change`, () => {
    const configFile = join(clone, 'environments', `${production.name}.ts`);
    const config = readFileSync(configFile, 'utf8');
    const match = /cidr: '(\d+)\.(\d+)\.\d+\.\d+\/32'/.exec(config);
    if (!match) throw new Error(`environments/${production.name}.ts has no /32 egress CIDR to plant a change in`);
    const widened = `${match[1]}.${match[2]}.0.0/16`;
    writeFileSync(configFile, config.replace(match[0], `cidr: '${widened}'`));

    const result = diff(clone, '--format', 'json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout);
    expect(output.environments[0].name).toBe(production.name);
    for (const env of output.environments.slice(1)) expect(env.changes).toEqual([]);
    const risks = output.environments[0].risks;
    expect(risks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          rule: 'network-policy-widens',
          level: 'high',
          kind: 'NetworkPolicy',
          message: expect.stringContaining(`widens: egress now allows ${widened} on TCP`),
        }),
        expect.objectContaining({ rule: 'production-change', kind: 'NetworkPolicy' }),
      ]),
    );
    expect(output.environments[0].networkPaths.added).toEqual([expect.objectContaining({ to: widened })]);
    expect(git(clone, 'status', '--porcelain', '--', 'dist')).toBe('');
  });

  test('a working tree that does not build: exit 2 with the error, no stack trace', () => {
    const mainFile = join(clone, 'main.ts');
    const source = readFileSync(mainFile, 'utf8');
    writeFileSync(mainFile, `${source}\nexport const broken = ;\n`);
    try {
      const result = diff(clone);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('diff: the build of the working tree failed: Build failed with 1 error');
      expect(result.stderr).not.toMatch(/^\s+at /m);
    } finally {
      writeFileSync(mainFile, source);
    }
  });
});
