import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENVIRONMENTS } from '../../environments';
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
  const names = ENVIRONMENTS.map((env) => env.name);
  for (const path of fresh.keys()) {
    const [top, ...rest] = path.split('/');
    if (names.includes(top)) expect(rest.join('/')).toMatch(/^[a-z0-9-]+\.k8s\.yaml$/);
    else if (top === 'reports') expect(names.map((name) => `${name}.md`)).toContain(rest.join('/'));
    else expect({ path, top, env: names.includes(rest[0]) }).toEqual({ path, top: 'bootstrap', env: true });
  }
  for (const name of names) expect(fresh.has(`reports/${name}.md`)).toBe(true);
});

test('nothing machine-specific or time-dependent leaks into the output', () => {
  for (const [path, text] of fresh) {
    expect({ path, leaks: /\/work\/|\/home\/|\/tmp\/|\/root\//.test(text) }).toEqual({ path, leaks: false });
  }
});
