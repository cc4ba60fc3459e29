import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesizeAll } from '../../main';
import { readTree, treeDifferences } from '../helpers/tree';

const repoRoot = join(__dirname, '..', '..');
let fresh: Map<string, string>;
let second: Map<string, string>;
const temps: string[] = [];

function synthesizeToTemp(): Map<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'synth-'));
  temps.push(dir);
  synthesizeAll(join(dir, 'dist'));
  return readTree(join(dir, 'dist'));
}

beforeAll(() => {
  fresh = synthesizeToTemp();
  second = synthesizeToTemp();
});
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

test('the committed dist/ equals a fresh synth (run `npm run synth` and commit dist/ when this fails)', () => {
  const drift = treeDifferences(fresh, readTree(join(repoRoot, 'dist')));
  if (drift.length > 0) throw new Error(`dist/ is out of date:\n${drift.map((d) => `  dist/${d}`).join('\n')}`);
});

test('two synths are byte-identical', () => {
  expect(treeDifferences(fresh, second)).toEqual([]);
});

test('dist/<env> holds only Kubernetes YAML; reports live outside what Argo CD syncs', () => {
  for (const path of fresh.keys()) {
    if (/^(dev|staging|prod)\//.test(path)) expect(path).toMatch(/^[a-z]+\/[a-z0-9-]+\.k8s\.yaml$/);
    else expect(path).toMatch(/^(reports\/(dev|staging|prod)\.md|bootstrap\/(dev|staging|prod)\/.+)$/);
  }
  for (const env of ['dev', 'staging', 'prod']) expect(fresh.has(`reports/${env}.md`)).toBe(true);
});

test('nothing machine-specific or time-dependent leaks into the output', () => {
  for (const [path, text] of fresh) {
    expect({ path, leaks: /\/work\/|\/home\/|\/tmp\/|\/root\//.test(text) }).toEqual({ path, leaks: false });
  }
});

test.each(['dev', 'staging', 'prod'])('snapshot of %s', (env) => {
  const files = Object.fromEntries([...fresh].filter(([path]) => path.startsWith(`${env}/`)));
  expect(files).toMatchSnapshot();
});
