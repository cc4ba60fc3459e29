/**
 * The README's two recipes, followed as written on a copy of the project: "Adding an environment"
 * (a copy of staging.ts) and "Adding a job" (the README's snippet, its image in
 * environments/images.ts). Each ends with `npm run synth` and `npm run check` on the result, so a
 * recipe that stops working, or a test that would need editing for it, shows up here.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ENVIRONMENTS } from '../../environments';
import { IMAGES } from '../../environments/images';

const ROOT = join(__dirname, '..', '..');
/** What `npm run synth` and `npm run check` read (scripts/build.mjs bundles bench/ too). */
const PROJECT = [
  'main.ts', 'synth.ts', 'check.ts', 'diff.ts', 'seal.ts', 'constructs', 'lib', 'environments', 'bench', 'images', 'scripts',
  'package.json', 'package-lock.json', 'tsconfig.json',
];

let copy: string;

beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), 'readme-recipes-'));
  for (const path of PROJECT) cpSync(join(ROOT, path), join(copy, path), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

function npmRun(script: 'synth' | 'check' | 'seal', ...args: string[]): { status: number | null; output: string } {
  return npmRunWithInput('', script, ...args);
}

/** Runs a project script with `input` on its standard input. */
function npmRunWithInput(input: string, script: 'synth' | 'check' | 'seal', ...args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, ['scripts/run.mjs', script, ...args], {
    cwd: copy, encoding: 'utf8', timeout: 120_000, env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' }, input,
  });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function edit(path: string, change: (text: string) => string): void {
  const file = join(copy, path);
  const before = readFileSync(file, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`the recipe no longer applies to ${path}`);
  writeFileSync(file, after);
}

/** The README text between a heading and the next one. */
function readmeSection(heading: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README has no section "${heading}"`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

function objectsIn(file: string): Record<string, any>[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((document) => document.toJSON());
}

describe('README recipes, followed on a copy of the project', () => {
  // Names no real environment or job will take, so the recipes still apply after someone follows them.
  const name = 'readme-recipe';
  const exportName = 'readmeRecipe';

  test('Adding an environment: a copy of staging.ts with only its name changed is refused, naming both', () => {
    const staging = readFileSync(join(copy, 'environments', 'staging.ts'), 'utf8');
    writeFileSync(join(copy, 'environments', `${name}.ts`), staging.replace("name: 'staging'", `name: '${name}'`).replace('export const staging', `export const ${exportName}`));
    edit('environments/index.ts', (text) => text
      .replace("import { staging } from './staging';", `import { staging } from './staging';\nimport { ${exportName} } from './${name}';`)
      .replace(/\[([^\]]*)\]\.map\(validateEnvironment\)/, (_list, names) => `[${names}, ${exportName}].map(validateEnvironment)`));
    const synth = npmRun('synth');
    expect(synth.status).toBe(1);
    expect(synth.output).toContain(`environments "staging" and "${name}" share cluster.name "staging-eu1"`);
    expect(synth.output).toContain(`environments "staging" and "${name}" share the Terraform state s3://example-platform-tfstate-staging/bootstrap/staging.tfstate (bootstrap.backend)`);
    expect(existsSync(join(copy, 'dist', name))).toBe(false);
  });

  test('Adding an environment: with every value changed it synthesizes and passes the policy gate', () => {
    expect(readmeSection('Adding an environment')).toContain('Copy `environments/staging.ts` to `environments/<name>.ts`, change every value');
    edit(`environments/${name}.ts`, (text) => text
      .replace(/staging/g, name) // cluster, server, context, kubeconfig, hosts, URLs, Terraform state
      .replace(`tier: '${name}'`, "tier: 'staging'") // the tier is a kind of environment, not its name
      .replace("kubernetesVersion: '1.32'", "kubernetesVersion: '1.33'")
      .replace(/10\.40\.0\./g, '10.41.0.')
      .replace(/203\.0\.113\.41/g, '203.0.113.51')
      .replace(/198\.51\.100\.20/g, '198.51.100.21')
      .replace("mysqlStorageSize: '10Gi'", "mysqlStorageSize: '15Gi'"));
    const synth = npmRun('synth');
    expect(synth.output).toBe('');
    expect(synth.status).toBe(0);
    for (const path of [`dist/${name}/task-manager.k8s.yaml`, `dist/reports/${name}.md`, `dist/bootstrap/${name}`]) expect(existsSync(join(copy, path))).toBe(true);
    const tasks = objectsIn(join(copy, 'dist', name, 'task-manager.k8s.yaml'));
    expect(tasks.find((o) => o.kind === 'HTTPRoute' && o.metadata.name === 'task-manager')?.spec.hostnames).toEqual([`tasks.${name}.example.org`]);
    const check = npmRun('check', '--format', 'json', 'dist');
    expect(JSON.parse(check.output.slice(check.output.indexOf('{'))).summary).toEqual(expect.objectContaining({ errors: 0, inputErrors: 0 }));
    expect(check.status).toBe(0);
  });

  test('Adding a job: the README snippet, its digest from environments/images.ts, in every environment', () => {
    const section = readmeSection('Adding a job');
    const entry = /`(reportExport: \{ repository: '([a-z0-9-]+)', digest: '[^']*' \},)`/.exec(section);
    const importLine = /`(import \{ IMAGES \} from '\.\/environments\/images';)`/.exec(section);
    const found = /```ts\n([\s\S]*?)```/.exec(section);
    if (!entry || !importLine || !found) throw new Error('the README recipe for a job has changed shape');
    // The README's job under a name no real job takes.
    const job = 'readme-recipe-job';
    const snippet = [found[0], found[1].replace(/report-export/g, job).replace(/reportExport/g, 'readmeRecipeJob')];
    expect(snippet[1]).not.toBe(found[1]);
    expect(found[1]).toContain('IMAGES.reportExport.digest');
    expect(found[1]).not.toMatch(/sha256:/); // the digest lives in environments/images.ts only
    // The pipeline's digest: until its first publish, a real published one (never an invented hash).
    const image = entry[1].replace('reportExport', 'readmeRecipeJob').replace(entry[2], job).replace(/digest: '[^']*'/, `digest: '${IMAGES.curl.digest}'`);
    edit('environments/images.ts', (text) => text.replace('} as const satisfies', `  ${image}\n} as const satisfies`));
    edit('main.ts', (text) => {
      const withImport = `${importLine[1]}\n${text}`;
      const start = withImport.indexOf('function addPlatformJobs(');
      const end = withImport.indexOf('\n}\n', start);
      return `${withImport.slice(0, end)}\n${snippet[1].replace(/^/gm, '  ').trimEnd()}${withImport.slice(end)}`;
    });
    // Its Secret: the dev synth refuses to run without a sealed value and names the command.
    const unsealed = npmRun('synth');
    expect(unsealed.status).toBe(1);
    const sealCommand = /`printf %s "\$VALUE" \| npm run seal -- dev (reports-db) (password)`/.exec(section);
    if (!sealCommand) throw new Error('the README recipe no longer seals the job\'s Secret');
    expect(unsealed.output).toContain(`npm run seal -- dev ${sealCommand[1]} ${sealCommand[2]}`);
    const sealed = npmRunWithInput('a value for the recipe', 'seal', 'dev', sealCommand[1], sealCommand[2]);
    expect(sealed.output).toContain(`sealed 22 bytes for platform-jobs/${sealCommand[1]} key ${sealCommand[2]}`);
    const synth = npmRun('synth');
    expect(synth.output).toBe('');
    expect(synth.status).toBe(0);
    for (const environment of [...ENVIRONMENTS.map((env) => env.name), name]) {
      const jobs = objectsIn(join(copy, 'dist', environment, 'platform-jobs.k8s.yaml')).filter((o) => o.kind === 'CronJob');
      const cronJob = jobs.find((o) => o.metadata.name === job);
      expect(cronJob?.spec.jobTemplate.spec.template.spec.containers[0].image).toMatch(new RegExp(`/${job}@${IMAGES.curl.digest}$`));
    }
    const check = npmRun('check', 'dist');
    expect(check.output.trimEnd().split('\n').pop()).toMatch(/: 0 error\(s\)/);
    expect(check.status).toBe(0);
  });
});
