// secrets/delivered through `npm run check` on hand-written YAML (fixtures/secrets): each folder is
// one cluster, so a Secret is delivered only by an object in the same folder and namespace.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const FIXTURES = 'test/lib/policy/fixtures/secrets';

beforeAll(() => {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
});

test('only the folder whose workload reads undelivered Secrets fails, at each reference', () => {
  const run = spawnSync(process.execPath, ['build/check.js', '--pack', 'secrets', '--format', 'json', FIXTURES], { cwd: ROOT, encoding: 'utf8' });
  const output = JSON.parse(run.stdout);
  expect(run.status).toBe(1);
  expect(output.summary).toMatchObject({ files: 4, errors: 2, warnings: 0 });
  expect(output.findings.map((f: any) => `${f.file}:${f.line} ${f.ruleId} ${f.path}: ${f.message}`)).toEqual([
    `${FIXTURES}/undelivered/web.yaml:1 secrets/delivered spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef: ` +
      'reads key "password" of Secret "web-db" (env) but nothing in this folder delivers it in namespace shop',
    `${FIXTURES}/undelivered/web.yaml:1 secrets/delivered spec.template.spec.volumes[0].secret.secretName: ` +
      'reads Secret "api-token" (volume) but nothing in this folder delivers it in namespace shop',
  ]);
});
