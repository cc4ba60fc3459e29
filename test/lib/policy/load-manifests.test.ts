import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadManifests } from '../../../lib/policy/load-manifests';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'policy-load-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('loadManifests', () => {
  test('reads YAML as Kubernetes does: yes is a boolean, 0755 octal, times and dates stay strings', () => {
    const path = file('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  enabled: yes\n  mode: 0755\n  at: 12:30\n  day: 2024-01-01\n');
    expect(loadManifests([path]).entries[0].manifest.data).toEqual({ enabled: true, mode: 493, at: '12:30', day: '2024-01-01' });
  });

  test('gives each document and each List item the line it starts on', () => {
    const path = file(
      'multi.yaml',
      ['# comment', 'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: a}', '---', 'apiVersion: v1', 'kind: List', 'items:', '- apiVersion: v1', '  kind: Secret', '  metadata: {name: b}', '- just a string', ''].join('\n'),
    );
    const loaded = loadManifests([path]);
    expect(loaded.entries.map(({ manifest, source }) => `${manifest.kind} ${source.line}`)).toEqual(['ConfigMap 2', 'Secret 9']);
    expect(loaded.notes).toEqual([{ file: path, line: 12, message: 'skipped List item 1: not a Kubernetes object (no apiVersion and kind)' }]);
  });

  test('walks directories in sorted order, YAML files only, and reads named files whatever their extension', () => {
    mkdirSync(join(dir, 'sub'));
    file('sub/b.yml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n');
    file('a.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
    file('c.json', '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}');
    expect(loadManifests([dir]).files).toEqual([join(dir, 'a.yaml'), join(dir, 'sub/b.yml')]);
    expect(loadManifests([join(dir, 'c.json')]).entries[0].manifest.metadata.name).toBe('c');
  });

  test('reports syntax errors with their line and keeps the good documents', () => {
    const path = file('bad.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\nkey: 1\nkey: 2\n');
    const loaded = loadManifests([path]);
    expect(loaded.entries).toHaveLength(1);
    expect(loaded.errors).toEqual([{ file: path, line: 6, message: 'YAML syntax error: Map keys must be unique at line 6, column 1' }]);
  });

  test('reports alias bombs instead of expanding them', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 8; level++) lines.push(`${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(10).fill(`*${String.fromCharCode(96 + level)}`).join(', ')}]`);
    const path = file('bomb.yaml', `${lines.join('\n')}\napiVersion: v1\nkind: ConfigMap\n`);
    expect(loadManifests([path]).errors).toEqual([{ file: path, line: 1, message: expect.stringMatching(/^YAML error: .*alias/i) }]);
  });
});
