// Scenarios that need root and a private mount namespace (collector-mounts.test.ts): volumes
// that are read-only or full. A full volume is a small tmpfs mounted over the fixture's folder
// in a namespace of its own, kept alive by a sleeping process; the collector joins it with
// nsenter, and the test reads and writes it through /proc/<pid>/root.
import { spawn, ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { executable } from '../../helpers/system-tools';
import { FILE, World, RunResult, describeRun, logsWith, nowEpoch, sha256 } from './helpers';
import { csv } from './scenarios';

function expectExit(r: RunResult, code: number): void {
  if (r.code !== code) throw new Error(`expected exit ${code}\n${describeRun(r)}`);
}

const PAGE = 4096;

/** A tmpfs of `kib` KiB over `dir`, visible only in its own mount namespace. */
class PrivateTmpfs {
  static async mount(dir: string, kib: number): Promise<PrivateTmpfs> {
    const child = spawn(executable('unshare'), ['--mount', '/bin/sh', '-c', 'mount -t tmpfs -o size="$1"k tmpfs "$0" && echo ready && exec sleep 600', dir, String(kib)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('ready')) resolve();
      });
      child.on('close', (code) => reject(new Error(`tmpfs mount failed (exit ${code})`)));
    });
    return new PrivateTmpfs(child, dir);
  }

  private constructor(
    private readonly holder: ChildProcess,
    readonly dir: string,
  ) {}

  /** A path as the collector sees it inside the namespace. */
  view(p = this.dir): string {
    return `/proc/${this.holder.pid}${path.resolve('/root', path.relative('/', p))}`;
  }

  readonly wrap = (cmd: string[]): string[] => [executable('nsenter'), '-t', String(this.holder.pid), '-m', ...cmd];

  /** Leaves exactly `pages` free pages, with a filler in lost+found (which the collector ignores). */
  leaveFree(pages: number): void {
    const lf = path.join(this.view(), 'lost+found');
    fs.rmSync(lf, { recursive: true, force: true });
    fs.mkdirSync(lf);
    const free = fs.statfsSync(this.view()).bfree;
    if (free < pages) throw new Error(`only ${free} pages free`);
    fs.writeFileSync(path.join(lf, 'filler'), Buffer.alloc((free - pages) * PAGE));
    expect(fs.statfsSync(this.view()).bfree).toBe(pages);
  }

  async dispose(): Promise<void> {
    if (this.holder.exitCode !== null || this.holder.signalCode !== null) return;
    const done = new Promise((resolve) => this.holder.on('close', resolve));
    this.holder.kill('SIGKILL');
    await done;
  }
}

/** Every file under dir with its content's sha256 (a snapshot to compare). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'lost+found' || e.name === '.collector.lock') continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p, `${rel}${e.name}/`);
      else out[`${rel}${e.name}`] = sha256(fs.readFileSync(p));
    }
  };
  walk(dir, '');
  return out;
}

/** cmd in a private mount namespace where dir is a read-only bind mount (the real tools, not busybox's). */
function readOnly(dir: string, cmd: string[]): string[] {
  return [executable('unshare'), '--mount', '/bin/sh', '-c', '"$1" --bind -o ro "$0" "$0" && shift && exec "$@"', dir, executable('mount'), ...cmd];
}

async function publish(w: World, data: Buffer, at: number): Promise<Buffer> {
  const sig = w.keys.sign(data, { at });
  w.server.serve(data, sig);
  expectExit(await w.run(), 0);
  return sig;
}

/**
 * Runs the collector with the volume at `dir` full to several degrees (from no free page to just
 * short of what a publish needs); every run must fail with exit 1 and an alert and leave both
 * volumes exactly as they were. Then, with room, it publishes.
 */
async function fullVolumeScenario(w: World, which: 'publish' | 'backup'): Promise<void> {
  const now = nowEpoch();
  await publish(w, csv(1), now - 600);
  const dir = which === 'publish' ? w.fx.pub : w.fx.backup;
  const tmpfs = await PrivateTmpfs.mount(dir, 1024);
  try {
    fs.cpSync(dir, tmpfs.view(), { recursive: true });
    const v2 = csv(2, 40000); // 10 pages
    const sig2 = w.keys.sign(v2, { at: now - 60 });
    w.server.serve(v2, sig2);
    const views = { publish: which === 'publish' ? tmpfs.view() : w.fx.pub, backup: which === 'backup' ? tmpfs.view() : w.fx.backup };
    const before = { publish: snapshot(views.publish), backup: snapshot(views.backup) };
    // a publish needs 10 pages of data, 1 of signature and 1 of status.json in each volume, and 1
    // more for the backup volume's record
    const levels = which === 'publish' ? [0, 1, 4, 10, 11] : [0, 1, 4, 10, 11, 12];
    for (const [i, pages] of levels.entries()) {
      tmpfs.leaveFree(pages);
      const r = await w.run({}, { wrap: tmpfs.wrap });
      if (r.code !== 1) throw new Error(`${which} volume with ${pages} free pages: expected exit 1\n${describeRun(r)}`);
      expect(r.logs.find((l) => l.level === 'error')?.msg).toMatch(/disk full/);
      expect(w.webhook.calls).toHaveLength(i + 1);
      expect(w.webhook.calls[i].json).toMatchObject({ exit_code: 1 });
      expect({ publish: snapshot(views.publish), backup: snapshot(views.backup) }).toEqual(before);
    }
    fs.rmSync(path.join(tmpfs.view(), 'lost+found'), { recursive: true });
    const r = await w.run({}, { wrap: tmpfs.wrap });
    expectExit(r, 0);
    expect(logsWith(r, 'published')[0]).toMatchObject({ method: 'copy', sha256: sha256(v2) });
    expect(fs.readFileSync(path.join(views.publish, FILE)).equals(v2)).toBe(true);
    const status = fs.readFileSync(path.join(views.publish, 'status.json'), 'utf8');
    expect(JSON.parse(status)).toMatchObject({ sha256: sha256(v2) });
    expect(fs.readFileSync(path.join(views.backup, 'status.json'), 'utf8')).toBe(status);
    // and an older version is still refused afterwards
    const v0 = csv(0);
    w.server.serve(v0, w.keys.sign(v0, { at: now - 300 }));
    expectExit(await w.run({}, { wrap: tmpfs.wrap }), 2);
  } finally {
    await tmpfs.dispose();
  }
}

export const MOUNT_SCENARIOS: Record<string, (w: World) => Promise<void>> = {
  async 'publish directory not writable (read-only bind mount): configuration error'(w) {
    w.server.serve(csv(1), w.keys.sign(csv(1)));
    // Root ignores permission bits, so the directory is made read-only for real: a read-only
    // bind mount of it in a private mount namespace of the collector's process only.
    const r = await w.run(
      {},
      { wrap: (cmd) => readOnly(w.fx.pub, cmd) },
    );
    expectExit(r, 3);
    expect(w.server.requests).toHaveLength(0);
    expect(w.webhook.calls.map((c) => [c.json?.stage, c.json?.exit_code])).toEqual([['config', 3]]);
    expect(w.webhook.calls[0].json?.text).toMatch(/publish directory is not writable/);
    expect(w.fx.live()).toEqual([]);
    expect(w.fx.leftovers()).toEqual([]);
  },

  async 'backup directory not writable (read-only bind mount): configuration error'(w) {
    w.server.serve(csv(1), w.keys.sign(csv(1)));
    const r = await w.run(
      {},
      { wrap: (cmd) => readOnly(w.fx.backup, cmd) },
    );
    expectExit(r, 3);
    expect(w.server.requests).toHaveLength(0);
    expect(w.webhook.calls.map((c) => [c.json?.stage, c.json?.exit_code])).toEqual([['config', 3]]);
    expect(w.webhook.calls[0].json?.text).toMatch(/backup directory is not writable/);
    expect(w.fx.live()).toEqual([]);
  },

  async 'disk full on the backup volume: exit 1 with an alert, nothing changed, no backup left; then it publishes'(w) {
    await fullVolumeScenario(w, 'backup');
  },

  async 'disk full on the publish volume: exit 1 with an alert, live files untouched, no backup left; then it publishes'(w) {
    await fullVolumeScenario(w, 'publish');
  },
};
