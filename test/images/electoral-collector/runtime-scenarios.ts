// End-to-end scenarios for what the collector takes from its runtime: the tools beyond busybox's
// POSIX utilities (a missing one is a configuration error before any request), the hasher failing,
// the shell's clock (busybox keeps the time in EPOCHSECONDS; values inherited from the environment
// must not freeze it), gpgv's two timestamp forms, and the two downloads in one curl process (one
// connection; every outcome judged as before). Run under dash and under busybox sh.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FEED_PATH, SIG_PATH, World, RunResult, describeRun, logsWith, nowEpoch, ok, status } from './helpers';
import { csv, expectLive, expectStructuredLogs } from './scenarios';

function expectExit(r: RunResult, code: number): void {
  if (r.code !== code) throw new Error(`expected exit ${code}\n${describeRun(r)}`);
}

/** A folder of links to every executable of PATH's folders but `missing`: a PATH without that tool. */
function pathWithout(w: World, missing: string): string {
  const dir = path.join(w.fx.root, `path-without-${missing}`);
  fs.mkdirSync(dir);
  for (const folder of (process.env.PATH ?? '').split(':').filter(Boolean)) {
    let names: string[];
    try {
      names = fs.readdirSync(folder);
    } catch {
      continue;
    }
    for (const name of names) {
      const link = path.join(dir, name);
      if (name === missing || fs.existsSync(link)) continue;
      try {
        fs.accessSync(path.join(folder, name), fs.constants.X_OK);
        fs.symlinkSync(path.join(folder, name), link);
      } catch {
        // not executable, or a dangling entry: not a tool
      }
    }
  }
  return dir;
}

/** A folder holding one executable `name` with the given shell body. */
function double(w: World, name: string, body: string): string {
  const dir = path.join(w.fx.root, `double-${name}`);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return dir;
}

/** [stage, exit_code] of every webhook call so far. */
function alerts(w: World): Array<[unknown, unknown]> {
  return w.webhook.calls.map((c) => [c.json?.stage, c.json?.exit_code]);
}

const RFC3339 = (epoch: number): string => new Date(epoch * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

export const RUNTIME_SCENARIOS: Record<string, (w: World) => Promise<void>> = {
  async 'one connection: file and signature in one curl process, the file first; a 5xx on the signature is retried alone'(w) {
    const data = csv(1);
    const sig = w.keys.sign(data, { at: nowEpoch() - 120 });
    w.server.serve(data, sig);
    const r = await w.run();
    expectExit(r, 0);
    expect(w.server.requests.map((q) => q.path)).toEqual([FEED_PATH, SIG_PATH]);
    expect(new Set(w.server.requests.map((q) => q.connection)).size).toBe(1);
    const next = csv(2);
    const nextSig = w.keys.sign(next, { at: nowEpoch() - 60 });
    const before = w.server.requests.length;
    w.server.route(FEED_PATH, ok(next)).route(SIG_PATH, ok(sig), status(503), ok(nextSig)); // the nth request to a path gets the nth handler
    const retried = await w.run({ FEED_RETRY_BASE_SECONDS: '1' });
    expectExit(retried, 0);
    expect(w.server.requests.slice(before).map((q) => q.path)).toEqual([FEED_PATH, SIG_PATH, SIG_PATH]);
    expect(logsWith(retried, 'signature download failed, retrying')[0]).toMatchObject({ attempt: 1, http_status: 503 });
    expectLive(w, next, nextSig);
  },

  async 'a redirect is not followed: exit 1, its target never requested, nothing published'(w) {
    const data = csv(1);
    w.server.route(FEED_PATH, status(302, { Location: '/elsewhere/results.csv' })).route(SIG_PATH, ok(w.keys.sign(data)));
    w.server.route('/elsewhere/results.csv', ok(data));
    const r = await w.run();
    expectExit(r, 1);
    expect(r.logs.find((l) => l.level === 'error')).toMatchObject({ stage: 'download', msg: 'unexpected HTTP status 302 for the file' });
    expect(w.server.requests.map((q) => q.path)).not.toContain('/elsewhere/results.csv');
    expect(w.server.requests.filter((q) => q.path === FEED_PATH)).toHaveLength(1);
    expect(alerts(w)).toEqual([['download', 1]]);
    expect(w.fx.live()).toEqual([]);
    expect(w.fx.backups()).toEqual([]);
  },

  async 'tools: a missing curl, gpgv, openssl, flock or timeout is a configuration error before any request'(w) {
    w.server.serve(csv(1), w.keys.sign(csv(1)));
    for (const tool of ['curl', 'gpgv', 'openssl', 'flock', 'timeout']) {
      // The whole PATH (busybox's applet folder too, where timeout is one of them)
      const r = await w.run({ PATH: pathWithout(w, tool) });
      expectExit(r, 3);
      expectStructuredLogs(r);
      const error = r.logs.find((l) => l.level === 'error');
      expect(error).toMatchObject({ stage: 'config', msg: `${tool} is not installed; the image provides it`, tool });
    }
    expect(w.server.requests).toEqual([]);
    expect(w.fx.live()).toEqual([]);
  },

  async 'hashing fails or prints no digest: exit 1 with an alert, nothing published, the live version kept'(w) {
    const first = csv(1);
    const firstSig = w.keys.sign(first, { at: nowEpoch() - 120 });
    w.server.serve(first, firstSig);
    expectExit(await w.run(), 0);
    const next = csv(2);
    w.server.serve(next, w.keys.sign(next, { at: nowEpoch() - 60 }));
    const broken = double(w, 'openssl', 'echo "openssl: cannot read the file" >&2\nexit 1');
    const r = await w.run({}, { pathPrefix: broken });
    expectExit(r, 1);
    expect(logsWith(r, 'hashing the download failed: openssl: cannot read the file')).toHaveLength(1);
    expect(alerts(w)).toEqual([['verify', 1]]);
    expectLive(w, first, firstSig);
    expect(w.fx.backups()).toHaveLength(1);
    expect(w.fx.leftovers()).toEqual([]);
    // a hasher that succeeds without a digest is no better
    fs.rmSync(broken, { recursive: true });
    const silent = double(w, 'openssl', 'echo "not a digest"\nexit 0');
    const noDigest = await w.run({}, { pathPrefix: silent });
    expectExit(noDigest, 1);
    expect(logsWith(noDigest, 'hashing the download printed no sha256')).toHaveLength(1);
    expect(alerts(w)).toEqual([['verify', 1], ['verify', 1]]);
    expectLive(w, first, firstSig);
    expect(w.fx.backups()).toHaveLength(1);
    expect(w.fx.leftovers()).toEqual([]);
  },

  async 'clock: EPOCHSECONDS and EPOCHREALTIME inherited from the environment do not stop the time'(w) {
    const data = csv(1);
    const signedAt = nowEpoch() - 60;
    w.server.serve(data, w.keys.sign(data, { at: signedAt }));
    // Frozen in 2001: were they trusted, every time the run reads would be that one.
    const r = await w.run({ EPOCHSECONDS: '1000000000', EPOCHREALTIME: '1000000000.000000' });
    expectExit(r, 0);
    const status = expectLive(w, data, w.fx.liveSig(), signedAt);
    const publishedAt = Date.parse(String(status.published_at)) / 1000;
    expect(Math.abs(publishedAt - nowEpoch())).toBeLessThan(60);
    for (const l of r.logs) expect(Math.abs(Date.parse(String(l.ts)) / 1000 - nowEpoch())).toBeLessThan(60);
    expect(w.fx.backups()[0]).toMatch(new RegExp(`^${RFC3339(publishedAt).replace(/[-:]/g, '')}-`));
  },

  async 'gpgv timestamps: the ISO 8601 form of VALIDSIG gives the same signature time; an unparsable one is refused'(w) {
    const data = csv(1);
    const signedAt = nowEpoch() - 3600;
    const sig = w.keys.sign(data, { at: signedAt });
    w.server.serve(data, sig);
    const real = (process.env.PATH ?? '').split(':').map((d) => path.join(d, 'gpgv')).find((p) => fs.existsSync(p));
    // the real gpgv, with VALIDSIG's fifth field (the signature time) replaced by `time`
    const rewriting = (time: string): string =>
      double(w, 'gpgv', `out=$("${real}" "$@"); rc=$?\nprintf '%s\\n' "$out" | awk '$2 == "VALIDSIG" { $5 = "${time}" } { print }'\nexit $rc`);
    const isoDir = rewriting(RFC3339(signedAt).replace(/[-:]/g, '').replace(/Z$/, ''));
    const iso = await w.run({}, { pathPrefix: isoDir });
    if (iso.code !== 0) throw new Error(describeRun(iso));
    expect(logsWith(iso, 'signature verified')[0]).toMatchObject({ signed_at: RFC3339(signedAt) });
    expectLive(w, data, sig, signedAt);
    fs.rmSync(isoDir, { recursive: true });
    const garbled = rewriting('yesterday');
    const r = await w.run({}, { pathPrefix: garbled });
    expectExit(r, 2);
    expect(r.logs.find((l) => l.level === 'error')).toMatchObject({ stage: 'verify', gpg_status: 'UNPARSABLE_TIMESTAMP' });
    expect(w.server.requests.filter((q) => q.path === FEED_PATH)).toHaveLength(3); // one run, then one with a second download
  },
};
