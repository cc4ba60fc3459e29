import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
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

  test('walks directories in sorted order, manifest files only, and reads named files whatever their extension', () => {
    mkdirSync(join(dir, 'sub'));
    file('sub/b.yml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n');
    file('a.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
    file('c.json', '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}');
    file('d.txt', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d}\n');
    expect(loadManifests([dir]).files).toEqual([join(dir, 'a.yaml'), join(dir, 'c.json'), join(dir, 'sub/b.yml')]);
    expect(loadManifests([join(dir, 'd.txt')]).entries[0].manifest.metadata.name).toBe('d');
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

describe('loadManifests on hostile files', () => {
  const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\n`;

  test('invalid UTF-8 is an input error naming the file and the line', () => {
    const path = join(dir, 'latin1.yaml');
    writeFileSync(path, Buffer.concat([Buffer.from(configMap('c')), Buffer.from('data:\n  city: "K'), Buffer.from([0xf6]), Buffer.from('ln"\n')]));
    const loaded = loadManifests([path]);
    expect(loaded.entries).toEqual([]);
    const message = 'not valid UTF-8 (Kubernetes reads manifests as UTF-8): first invalid byte 0xf6 at byte 11 of the line';
    expect(loaded.errors).toEqual([{ file: path, line: 5, message }]);
  });

  test('FIFOs, sockets and devices are skipped with a note and never opened', async () => {
    file('a.yaml', configMap('a'));
    const fifo = join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    const socketPath = join(dir, 'socket.yaml');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    symlinkSync('/dev/null', join(dir, 'null.yaml'));
    try {
      const loaded = loadManifests([dir, '/dev/zero']);
      expect(loaded.files).toEqual([join(dir, 'a.yaml')]);
      expect(loaded.errors).toEqual([]);
      expect(loaded.notes).toEqual([
        { file: join(dir, 'null.yaml'), message: 'skipped: a character device is not a regular file (never opened)' },
        { file: fifo, message: 'skipped: a FIFO is not a regular file (never opened)' },
        { file: socketPath, message: 'skipped: a socket is not a regular file (never opened)' },
        { file: '/dev/zero', message: 'skipped: a character device is not a regular file (never opened)' },
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('each real file is read once, and symlink loops end', () => {
    file('a.yaml', configMap('a'));
    symlinkSync('a.yaml', join(dir, 'b.yaml'));
    symlinkSync('.', join(dir, 'loop'));
    symlinkSync('self.yaml', join(dir, 'self.yaml'));
    const loaded = loadManifests([dir, join(dir, 'a.yaml')]);
    expect(loaded.files).toEqual([join(dir, 'a.yaml')]);
    expect(loaded.entries).toHaveLength(1);
    expect(loaded.notes).toEqual([
      { file: join(dir, 'b.yaml'), message: `skipped: the same file as ${join(dir, 'a.yaml')}` },
      { file: join(dir, 'loop'), message: `skipped: the same directory as ${dir}` },
      { file: join(dir, 'a.yaml'), message: `skipped: the same file as ${join(dir, 'a.yaml')}` },
    ]);
    expect(loaded.errors).toEqual([{ file: join(dir, 'self.yaml'), message: expect.stringMatching(/^cannot read: ELOOP/) }]);
  });

  test('folders include .json files: one object, a List, or an array of objects, each with its line', () => {
    file('a.json', '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}');
    const item = (kind: string, name: string) => `{"apiVersion": "v1", "kind": "${kind}", "metadata": {"name": "${name}"}}`;
    file('b.json', `{\n  "apiVersion": "v1",\n  "kind": "List",\n  "items": [\n    ${item('ConfigMap', 'b')}\n  ]\n}\n`);
    file('c.JSON', `[\n  ${item('ConfigMap', 'c1')},\n  ${item('Secret', 'c2')}\n]\n`);
    const loaded = loadManifests([dir]);
    expect(loaded.errors).toEqual([]);
    expect(loaded.entries.map(({ manifest, source }) => `${source.file}:${source.line} ${manifest.kind} ${manifest.metadata.name}`)).toEqual([
      `${join(dir, 'a.json')}:1 ConfigMap a`,
      `${join(dir, 'b.json')}:5 ConfigMap b`,
      `${join(dir, 'c.JSON')}:2 ConfigMap c1`,
      `${join(dir, 'c.JSON')}:3 Secret c2`,
    ]);
  });

  test('a JSON file is read as JSON: a YAML-only spelling is an error with its line', () => {
    const path = file('bad.json', '{\n  "apiVersion": "v1",\n  "kind": "ConfigMap",\n}\n');
    expect(loadManifests([path]).errors).toEqual([{ file: path, line: 4, message: expect.stringMatching(/^JSON syntax error: /) }]);
    const scalar = file('scalar.json', '"just a string"');
    const message = 'a JSON manifest file holds an object, a List or an array of objects, not a string';
    expect(loadManifests([scalar]).errors).toEqual([{ file: scalar, line: 1, message }]);
  });

  test.each([
    ['apiversion: v1', 'no apiVersion (found "apiversion": the field is apiVersion)'],
    ['apiVersion: 1', 'apiVersion 1 is not a string'],
    ['apiVersion: "apps/V1"', 'apiVersion "apps/V1" is not <group>/<version> or v1'],
    ['apiVersion: ""', 'apiVersion "" is not <group>/<version> or v1'],
  ])('a mapping with kind and metadata but %s is an error, not a skip', (apiVersionLine, problem) => {
    const spec = 'spec:\n  containers: [{name: c, image: x, securityContext: {privileged: true}}]\n';
    const path = file('pod.yaml', `# a privileged Pod\n${apiVersionLine}\nkind: Pod\nmetadata: {name: root}\n${spec}`);
    const loaded = loadManifests([path]);
    expect(loaded.entries).toEqual([]);
    expect(loaded.notes).toEqual([]);
    expect(loaded.errors).toEqual([{ file: path, line: 2, message: `Pod root has kind and metadata but ${problem}` }]);
  });

  test('one input error per unparseable file, however many problems it has', () => {
    const binary = join(dir, 'binary.yaml');
    writeFileSync(binary, Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 7919 + 13) % 256)));
    const garbage = file('garbage.yaml', Array.from({ length: 200 }, (_, index) => `key${index % 3}: [unclosed\n: : {\n`).join('---\n'));
    const loaded = loadManifests([binary, garbage]);
    expect(loaded.errors).toHaveLength(2);
    expect(loaded.errors[0]).toEqual({ file: binary, line: 1, message: expect.stringMatching(/^not valid UTF-8/) });
    const oneError = /^YAML syntax error: .* \(and \d+ more problems in this file\)$/;
    expect(loaded.errors[1]).toEqual({ file: garbage, line: expect.any(Number), message: expect.stringMatching(oneError) });
  });
});
