// End-to-end scenarios for collect.sh. Each takes a fresh World (own directories, feed server,
// webhook receiver) and asserts the live files, the backups, the webhook calls and the exit code.
// collector.test.ts runs all of them under dash, collector-busybox.test.ts the main ones under
// busybox sh with busybox applets.
import { spawn, ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  BACKUP_NAME,
  FEED_PATH,
  FILE,
  SIG_PATH,
  TOKEN,
  World,
  RunResult,
  chunked,
  delayed,
  describeRun,
  logsWith,
  nowEpoch,
  ok,
  sha256,
  stall,
  status,
  truncated,
} from './helpers';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

export function rfc3339(epoch: number): string {
  return new Date(epoch * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function csv(version: number, padTo = 0): Buffer {
  let s = `precinct,candidate,votes\n${version},"Doe, Jane",${1000 + version}\n`;
  while (s.length < padTo) s += `${version},"Roe, Richard",${s.length}\n`;
  return Buffer.from(s);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Every stdout line is one JSON object with ts, level, stage and msg. */
export function expectStructuredLogs(r: RunResult): void {
  expect(r.badLines).toEqual([]);
  expect(r.logs.length).toBeGreaterThan(0);
  for (const l of r.logs) {
    expect(l.ts).toMatch(RFC3339);
    expect(['info', 'warn', 'error']).toContain(l.level);
    expect(typeof l.stage).toBe('string');
    expect(typeof l.msg).toBe('string');
  }
}

function expectExit(r: RunResult, code: number): void {
  if (r.code !== code) throw new Error(`expected exit ${code}\n${describeRun(r)}`);
}

/** The live feed is exactly this version. */
export function expectLive(w: World, data: Buffer, sig: Buffer, signedAt?: number): Record<string, unknown> {
  expect(w.fx.live()).toEqual([FILE, `${FILE}.sig`, 'status.json']);
  expect(w.fx.liveData().equals(data)).toBe(true);
  expect(w.fx.liveSig().equals(sig)).toBe(true);
  const st = w.fx.status();
  expect(st).toEqual({
    file: FILE,
    sha256: sha256(data),
    bytes: data.length,
    signed_at: signedAt !== undefined ? rfc3339(signedAt) : expect.stringMatching(RFC3339),
    published_at: expect.stringMatching(RFC3339),
    signer: w.keys.publisherFpr,
    source: w.server.url(FEED_PATH),
  });
  for (const f of [FILE, `${FILE}.sig`, 'status.json']) {
    expect(fs.statSync(path.join(w.fx.pub, f)).mode & 0o777).toBe(0o644);
  }
  return st;
}

function expectNothingPublished(w: World): void {
  expect(w.fx.live()).toEqual([]);
  expect(w.fx.backups()).toEqual([]);
}

function expectOneAlert(w: World, exitCode: number, stage: string, text?: string | RegExp): Record<string, unknown> {
  expect(w.webhook.calls).toHaveLength(1);
  const call = w.webhook.calls[0];
  expect(call.contentType).toBe('application/json');
  expect(call.json).toBeDefined();
  const j = call.json!;
  expect(j).toEqual({ text: expect.any(String), feed: FILE, stage, exit_code: exitCode });
  if (text) expect(j.text).toMatch(text);
  return j;
}

/** Publishes `data` signed at `at` in this world; returns its signature. */
async function publish(w: World, data: Buffer, at: number, env: Record<string, string> = {}): Promise<Buffer> {
  const sig = w.keys.sign(data, { at });
  w.server.serve(data, sig);
  const r = await w.run(env);
  expectExit(r, 0);
  expect(logsWith(r, 'published')).toHaveLength(1);
  return sig;
}

function holdLock(file: string, seconds: number): ChildProcess {
  return spawn('flock', ['-x', file, 'sleep', String(seconds)], { stdio: 'ignore' });
}

async function waitUntilLocked(file: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const free = await new Promise<boolean>((resolve) => {
      const c = spawn('flock', ['-n', file, 'true'], { stdio: 'ignore' });
      c.on('close', (code) => resolve(code === 0));
    });
    if (!free) return;
    await sleep(20);
  }
  throw new Error(`${file} never got locked`);
}

async function killHolder(c: ChildProcess): Promise<void> {
  if (c.exitCode !== null || c.signalCode !== null) return;
  const done = new Promise((resolve) => c.on('close', resolve));
  c.kill('SIGKILL');
  await done;
}

/** Recursively: does any file under dir contain the needle? */
function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) hits.push(...filesContaining(p, needle));
    else if (e.isFile() && fs.readFileSync(p).includes(needle)) hits.push(p);
  }
  return hits;
}

function cmdlinesContaining(needle: string): string[] {
  const hits: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmd.includes(needle)) hits.push(`${pid}: ${cmd.split('\0').join(' ')}`);
    } catch {
      // process went away
    }
  }
  return hits;
}

// ---------------------------------------------------------------------------------------------

export const SCENARIOS: Record<string, (w: World) => Promise<void>> = {
  async 'success: publishes file, signature and status.json, keeps a backup'(w) {
    const data = csv(1);
    const at = nowEpoch() - 60;
    const sig = w.keys.sign(data, { at });
    w.server.serve(data, sig);
    const before = nowEpoch();
    const r = await w.run();
    expectExit(r, 0);
    expectStructuredLogs(r);
    const st = expectLive(w, data, sig, at);
    const publishedAt = Date.parse(st.published_at as string) / 1000;
    expect(publishedAt).toBeGreaterThanOrEqual(before);
    expect(publishedAt).toBeLessThanOrEqual(nowEpoch());
    // one backup, named <published_at compact>-<sha12>, holding the same three files
    const backups = w.fx.backups();
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(BACKUP_NAME);
    expect(backups[0]).toBe(`${(st.published_at as string).replace(/[-:]/g, '')}-${sha256(data).slice(0, 12)}`);
    expect(fs.readdirSync(path.join(w.fx.backup, backups[0])).sort()).toEqual([FILE, `${FILE}.sig`, 'status.json']);
    expect(w.fx.backupFile(backups[0], FILE).equals(data)).toBe(true);
    expect(w.fx.backupFile(backups[0], `${FILE}.sig`).equals(sig)).toBe(true);
    expect(JSON.parse(w.fx.backupFile(backups[0], 'status.json').toString())).toEqual(st);
    // two authorized requests, no alert, nothing left behind
    expect(w.server.requests.map((q) => [q.path, q.authorized])).toEqual([
      [FEED_PATH, true],
      [SIG_PATH, true],
    ]);
    expect(w.webhook.calls).toHaveLength(0);
    expect(w.fx.leftovers()).toEqual([]);
    const published = logsWith(r, 'published')[0];
    expect(published).toMatchObject({ level: 'info', sha256: sha256(data), bytes: data.length, signer: w.keys.publisherFpr });
    expect(logsWith(r, 'file downloaded')[0]).toMatchObject({ http_status: 200, attempt: 1, bytes: data.length });
  },

  async 'unchanged: same content again changes nothing, even with a newer signature'(w) {
    const data = csv(1);
    const sig = await publish(w, data, nowEpoch() - 120);
    const statusBefore = fs.readFileSync(path.join(w.fx.pub, 'status.json'));
    const backupsBefore = w.fx.backups();
    const r = await w.run();
    expectExit(r, 0);
    expectStructuredLogs(r);
    expect(logsWith(r, 'unchanged')).toHaveLength(1);
    expect(logsWith(r, 'published')).toHaveLength(0);
    // re-signed later, same bytes: still unchanged
    w.server.serve(data, w.keys.sign(data, { at: nowEpoch() - 30 }));
    const r2 = await w.run();
    expectExit(r2, 0);
    expect(logsWith(r2, 'unchanged')).toHaveLength(1);
    expect(fs.readFileSync(path.join(w.fx.pub, 'status.json')).equals(statusBefore)).toBe(true);
    expect(w.fx.liveSig().equals(sig)).toBe(true);
    expect(w.fx.backups()).toEqual(backupsBefore);
    expect(w.webhook.calls).toHaveLength(0);
    expect(w.fx.leftovers()).toEqual([]);
  },

  async 'bad signature: rejected after one more download, live version kept'(w) {
    const v1 = csv(1);
    const sig1 = await publish(w, v1, nowEpoch() - 120);
    const v2 = csv(2);
    w.server.serve(v2, w.keys.sign(csv(99)));
    const before = w.server.requests.length;
    const r = await w.run();
    expectExit(r, 2);
    expectStructuredLogs(r);
    // file + signature, then both once more
    expect(w.server.requests.slice(before).map((q) => q.path)).toEqual([FEED_PATH, SIG_PATH, FEED_PATH, SIG_PATH]);
    expect(logsWith(r, 'downloading file and signature once more')).toHaveLength(1);
    expectLive(w, v1, sig1);
    expect(w.fx.backups()).toHaveLength(1);
    expectOneAlert(w, 2, 'verify', /bad signature/);
    expect(w.fx.leftovers()).toEqual([]);
  },

  async 'unknown key: a signature by a key outside the keyring is rejected'(w) {
    const data = csv(1);
    w.server.serve(data, w.keys.sign(data, { key: 'other' }));
    const r = await w.run();
    expectExit(r, 2);
    expectStructuredLogs(r);
    expectNothingPublished(w);
    expectOneAlert(w, 2, 'verify', /not in FEED_KEYRING/);
    expect(w.server.requests).toHaveLength(4);
    expect(w.fx.leftovers()).toEqual([]);
  },

  async 'not detached: an inline-signed message as signature is rejected'(w) {
    const data = csv(1);
    w.server.serve(data, w.keys.sign(data, { inline: true }));
    const r = await w.run();
    expectExit(r, 2);
    expectNothingPublished(w);
    expectOneAlert(w, 2, 'verify');
  },

  async 'missing signature: 404 on the signature is rejected content'(w) {
    w.server.route(FEED_PATH, ok(csv(1)));
    const r = await w.run();
    expectExit(r, 2);
    expectStructuredLogs(r);
    expect(w.server.requests.map((q) => q.path)).toEqual([FEED_PATH, SIG_PATH]);
    expectNothingPublished(w);
    expectOneAlert(w, 2, 'download', /signature missing/);
    expect(logsWith(r, 'signature missing')[0]).toMatchObject({ http_status: 404, exit_code: 2 });
    expect(w.fx.leftovers()).toEqual([]);
  },

  async 'missing file: 404 on the file is a transient failure'(w) {
    w.server.route(SIG_PATH, ok(Buffer.from('x')));
    const r = await w.run();
    expectExit(r, 1);
    expect(w.server.requests.map((q) => q.path)).toEqual([FEED_PATH]);
    expectNothingPublished(w);
    expectOneAlert(w, 1, 'download');
  },

  async 'wrong token: 401 ends the run after exactly one request'(w) {
    w.server.serve(csv(1), w.keys.sign(csv(1)));
    fs.writeFileSync(w.fx.tokenFile, 'not-the-token\n');
    const r = await w.run();
    expectExit(r, 3);
    expectStructuredLogs(r);
    expect(w.server.requests).toHaveLength(1);
    expect(w.server.requests[0].authorized).toBe(false);
    expectNothingPublished(w);
    expectOneAlert(w, 3, 'download', /HTTP 401/);
    expect(logsWith(r, 'authentication refused')[0]).toMatchObject({ http_status: 401, attempt: 1 });
    expect(w.fx.leftovers()).toEqual([]);
  },

  async 'forbidden: 403 is an authentication error, no retry'(w) {
    w.server.route(FEED_PATH, status(403));
    const r = await w.run();
    expectExit(r, 3);
    expect(w.server.requests).toHaveLength(1);
    expectOneAlert(w, 3, 'download', /HTTP 403/);
  },

  async '503 then success: retried after the backoff, then published'(w) {
    const data = csv(1);
    const sig = w.keys.sign(data);
    w.server.route(FEED_PATH, status(503), ok(data)).route(SIG_PATH, ok(sig));
    const r = await w.run();
    expectExit(r, 0);
    expectStructuredLogs(r);
    expectLive(w, data, sig);
    const fileReqs = w.server.requests.filter((q) => q.path === FEED_PATH);
    expect(fileReqs).toHaveLength(2);
    expect(fileReqs[1].at - fileReqs[0].at).toBeGreaterThanOrEqual(900); // FEED_RETRY_BASE_SECONDS=1
    expect(logsWith(r, 'retrying')[0]).toMatchObject({ level: 'warn', attempt: 1, http_status: 503, wait_seconds: 1 });
    expect(w.fx.backups()).toHaveLength(1);
    expect(w.webhook.calls).toHaveLength(0);
  },

  async 'always 500: retries with exponential backoff, then fails transient'(w) {
    w.server.route(FEED_PATH, status(500));
    const r = await w.run({ FEED_RETRIES: '2' });
    expectExit(r, 1);
    expectStructuredLogs(r);
    const reqs = w.server.requests;
    expect(reqs.map((q) => q.path)).toEqual([FEED_PATH, FEED_PATH, FEED_PATH]); // 1 + 2 retries
    expect(reqs[1].at - reqs[0].at).toBeGreaterThanOrEqual(900); // 1 s
    expect(reqs[2].at - reqs[1].at).toBeGreaterThanOrEqual(1900); // 2 s
    expect(logsWith(r, 'retrying').map((l) => l.wait_seconds)).toEqual([1, 2]);
    expectNothingPublished(w);
    expectOneAlert(w, 1, 'download', /after 3 attempts/);
    expect(w.fx.leftovers()).toEqual([]);
  },

  async 'always 500: the deadline ends the retries, alert included'(w) {
    w.server.route(FEED_PATH, status(500));
    const r = await w.run({ FEED_RETRIES: '10', FEED_DEADLINE_SECONDS: '5' });
    expectExit(r, 1);
    // What the script decided, not how long a loaded machine took: exponential waits that fit the
    // 5 s deadline less the 1 s kept for the alert, one request per attempt, then a stop that names
    // the deadline long before the 10 retries allowed.
    const waits = logsWith(r, 'retrying').map((l) => l.wait_seconds as number);
    expect(waits).toEqual([1, 2, 4, 8].slice(0, waits.length));
    expect(waits.reduce((sum, wait) => sum + wait, 0)).toBeLessThanOrEqual(5 - 1);
    const stop = r.logs.find((l) => l.level === 'error')!;
    if (/deadline reached before the file download/.test(stop.msg as string)) {
      expect(w.server.requests).toHaveLength(waits.length); // the last wait ended at the deadline: no request after it
    } else {
      // an answer, then the next wait refused because it would pass the deadline
      expect(stop.msg).toMatch(/would pass the deadline/);
      expect(w.server.requests).toHaveLength(waits.length + 1);
      expect(stop.wait_seconds).toBe(2 ** waits.length);
    }
    expectOneAlert(w, 1, 'download', /deadline/);
    expect(logsWith(r, 'alert sent')).toHaveLength(1);
  },

  async 'Retry-After: honoured in seconds'(w) {
    const data = csv(1);
    const sig = w.keys.sign(data);
    w.server.route(FEED_PATH, status(429, { 'Retry-After': '1' }), ok(data)).route(SIG_PATH, ok(sig));
    const r = await w.run({ FEED_RETRY_BASE_SECONDS: '30' });
    expectExit(r, 0);
    const reqs = w.server.requests.filter((q) => q.path === FEED_PATH);
    expect(reqs[1].at - reqs[0].at).toBeGreaterThanOrEqual(900);
    // the server's 1 s, not the 30 s backoff: the wait the script decided (and slept, the same variable)
    expect(logsWith(r, 'retrying')).toEqual([expect.objectContaining({ http_status: 429, wait_seconds: 1, retry_after: 'yes' })]);
    expectLive(w, data, sig);
  },

  async 'Retry-After past the deadline: stops at once, transient'(w) {
    w.server.route(FEED_PATH, status(503, { 'Retry-After': '120' }));
    const r = await w.run({ FEED_DEADLINE_SECONDS: '20' });
    expectExit(r, 1);
    // no 120 s wait: the script stops at once instead of sleeping (every wait is logged as "retrying" first)
    expect(logsWith(r, 'retrying')).toHaveLength(0);
    expect(logsWith(r, 'would pass the deadline')[0]).toMatchObject({ wait_seconds: 120, http_status: 503 });
    expect(w.server.requests).toHaveLength(1);
    expectOneAlert(w, 1, 'download', /deadline/);
  },

  async 'truncated body: shorter than Content-Length is retried'(w) {
    const data = csv(1, 200000);
    const sig = w.keys.sign(data);
    w.server.route(FEED_PATH, truncated(data), ok(data)).route(SIG_PATH, ok(sig));
    const r = await w.run();
    expectExit(r, 0);
    expect(logsWith(r, 'retrying')[0]).toMatchObject({ curl_exit: 18, attempt: 1 });
    expect(w.server.count(FEED_PATH)).toBe(2);
    expectLive(w, data, sig);
    expect(w.webhook.calls).toHaveLength(0);
  },

  async 'truncated body every time: transient failure, nothing published'(w) {
    w.server.route(FEED_PATH, truncated(csv(1, 100000)));
    const r = await w.run({ FEED_RETRIES: '1' });
    expectExit(r, 1);
    expect(w.server.count(FEED_PATH)).toBe(2);
    expectNothingPublished(w);
    expectOneAlert(w, 1, 'download', /Content-Length/);
    expect(w.fx.leftovers()).toEqual([]);
  },

  async 'oversized file with Content-Length: refused up front (exit 2)'(w) {
    const data = csv(1, 5000);
    w.server.serve(data, w.keys.sign(data));
    const r = await w.run({ FEED_MAX_BYTES: '1000' });
    expectExit(r, 2);
    expect(w.server.requests).toHaveLength(1);
    expect(logsWith(r, 'larger than 1000 bytes')[0]).toMatchObject({ curl_exit: 63 });
    expectNothingPublished(w);
    expectOneAlert(w, 2, 'download', /larger than/);
    expect(w.fx.leftovers()).toEqual([]);
  },

  async 'oversized chunked file: caught by the size check (exit 2)'(w) {
    const data = csv(1, 300000);
    w.server.route(FEED_PATH, chunked(data)).route(SIG_PATH, ok(w.keys.sign(data)));
    const r = await w.run({ FEED_MAX_BYTES: '100000' });
    expectExit(r, 2);
    // the file once, no retry (curl before 8.4 cannot stop a chunked body, so the signature may
    // follow on the same connection before the size check ends the run)
    expect(w.server.requests.filter((q) => q.path === FEED_PATH)).toHaveLength(1);
    expect(w.server.requests.length).toBeLessThanOrEqual(2);
    expectNothingPublished(w);
    expectOneAlert(w, 2, 'download', /larger than 100000 bytes/);
    expect(w.fx.leftovers()).toEqual([]);
  },

  async 'replay: an older signed version is rejected'(w) {
    const now = nowEpoch();
    const v2 = csv(2);
    const sig2 = await publish(w, v2, now - 60);
    const v1 = csv(1);
    w.server.serve(v1, w.keys.sign(v1, { at: now - 3600 }));
    const r = await w.run();
    expectExit(r, 2);
    expectStructuredLogs(r);
    expectLive(w, v2, sig2, now - 60);
    expect(w.fx.backups()).toHaveLength(1);
    expectOneAlert(w, 2, 'compare', /replay/);
    expect(logsWith(r, 'replay')[0]).toMatchObject({ signed_at: rfc3339(now - 3600), live_signed_at: rfc3339(now - 60) });
    expect(w.fx.leftovers()).toEqual([]);
  },

  async 'publisher replaced the file between our two requests: the second download wins'(w) {
    const v1 = csv(1);
    const v2 = csv(2);
    const sig2 = w.keys.sign(v2);
    w.server.route(FEED_PATH, ok(v1), ok(v2)).route(SIG_PATH, ok(sig2));
    const r = await w.run();
    expectExit(r, 0);
    expect(w.server.requests).toHaveLength(4);
    expectLive(w, v2, sig2);
    expect(w.webhook.calls).toHaveLength(0);
  },

  async 'publish or backup directory unusable (parent is a regular file): configuration error'(w) {
    const file = path.join(w.fx.root, 'a-file');
    fs.writeFileSync(file, 'x');
    const r1 = await w.run({ FEED_PUBLISH_DIR: path.join(file, 'pub') });
    expectExit(r1, 3);
    expect(logsWith(r1, 'FEED_PUBLISH_DIR is not a directory')).toHaveLength(1);
    const r2 = await w.run({ FEED_BACKUP_DIR: path.join(file, 'backup') });
    expectExit(r2, 3);
    expect(w.server.requests).toHaveLength(0);
    expect(w.webhook.calls.map((c) => c.json?.exit_code)).toEqual([3, 3]);
  },

  async 'two concurrent runs: one publishes, the other waits for the lock and finds it unchanged'(w) {
    const data = csv(1, 50000);
    const sig = w.keys.sign(data);
    w.server.route(FEED_PATH, delayed(data, 300)).route(SIG_PATH, ok(sig));
    const [a, b] = await Promise.all([w.run(), w.run()]);
    expectExit(a, 0);
    expectExit(b, 0);
    const outcomes = [a, b].map((r) => (logsWith(r, 'published').length ? 'published' : logsWith(r, 'unchanged').length ? 'unchanged' : '?'));
    expect(outcomes.sort()).toEqual(['published', 'unchanged']);
    expectLive(w, data, sig);
    expect(w.fx.backups()).toHaveLength(1);
    expect(w.webhook.calls).toHaveLength(0);
    expect(w.fx.leftovers()).toEqual([]);
  },

  async 'lock held by another publisher: fails transient after the lock wait, nothing changed'(w) {
    const v1 = csv(1);
    const sig1 = await publish(w, v1, nowEpoch() - 120);
    const backups = w.fx.backups();
    const lock = path.join(w.fx.pub, '.collector.lock');
    const holder = holdLock(lock, 30);
    try {
      await waitUntilLocked(lock);
      const v2 = csv(2);
      w.server.serve(v2, w.keys.sign(v2));
      const r = await w.run({ FEED_LOCK_WAIT_SECONDS: '1' });
      expectExit(r, 1);
      const waiting = logsWith(r, 'waiting for the publish lock');
      expect(waiting).toHaveLength(1);
      const gaveUp = logsWith(r, 'another run holds the publish lock')[0];
      expect(gaveUp).toMatchObject({ level: 'error', lock_wait_seconds: 1 });
      // it gave up after its own wait: the other holder (30 s) still holds the lock
      expect(holder.exitCode).toBeNull();
      expect(holder.signalCode).toBeNull();
      expectLive(w, v1, sig1);
      expect(w.fx.backups()).toEqual(backups);
      expectOneAlert(w, 1, 'lock', /lock/);
      expect(w.fx.leftovers()).toEqual([]);
    } finally {
      await killHolder(holder);
    }
  },

  async 'SIGTERM mid-download: curl killed, temp files removed, alert sent, exit 1'(w) {
    const v1 = csv(1);
    const sig1 = await publish(w, v1, nowEpoch() - 120);
    const backups = w.fx.backups();
    let closed = false;
    const v2 = csv(2, 100000);
    w.server.route(FEED_PATH, stall(v2, () => (closed = true))).route(SIG_PATH, ok(w.keys.sign(v2)));
    const before = w.server.requests.length;
    let child: ChildProcess | undefined;
    const running = w.run({}, { onSpawn: (c) => (child = c) });
    await w.server.waitForRequests(before + 1);
    await sleep(200);
    expect(w.fx.leftovers().some((l) => l.startsWith('backup/.tmp-collect-'))).toBe(true); // staging exists
    child!.kill('SIGTERM');
    const r = await running;
    expect(r.signal).toBeNull();
    expectExit(r, 1);
    expectStructuredLogs(r);
    // stopped at once: one request for the file, no retry after the killed curl
    expect(w.server.requests.slice(before).map((q) => q.path)).toEqual([FEED_PATH]);
    expect(logsWith(r, 'retrying')).toHaveLength(0);
    expectOneAlert(w, 1, 'download', /SIGTERM/);
    expect(w.fx.leftovers()).toEqual([]);
    expectLive(w, v1, sig1);
    expect(w.fx.backups()).toEqual(backups);
    for (let i = 0; i < 50 && !closed; i++) await sleep(20);
    expect(closed).toBe(true); // the stalled download's connection is gone: curl was killed
  },

  async 'SIGKILL mid-download: the next run removes the leftovers'(w) {
    const data = csv(1, 100000);
    const sig = w.keys.sign(data);
    w.server.route(FEED_PATH, stall(data)).route(SIG_PATH, ok(sig));
    let child: ChildProcess | undefined;
    const running = w.run({}, { onSpawn: (c) => (child = c) });
    await w.server.waitForRequests(1);
    await sleep(100);
    child!.kill('SIGKILL');
    const killed = await running;
    expect(killed.signal).toBe('SIGKILL');
    const stale = w.fx.leftovers().filter((l) => l.startsWith('backup/'));
    expect(stale.length).toBeGreaterThan(0);
    w.server.serve(data, sig);
    const r = await w.run();
    expectExit(r, 0);
    expect(logsWith(r, 'removed leftover').length).toBeGreaterThan(0);
    expect(w.fx.leftovers().filter((l) => !l.startsWith('tmp/'))).toEqual([]);
    expectLive(w, data, sig);
    expect(w.fx.backups()).toHaveLength(1);
  },

  async 'leftovers: dead temp files and staging dirs are removed, a live run’s staging is kept'(w) {
    fs.writeFileSync(path.join(w.fx.pub, '.tmp-collect-Dead01'), 'partial');
    fs.writeFileSync(path.join(w.fx.backup, '.tmp-collect-Dead02'), '');
    fs.mkdirSync(path.join(w.fx.backup, '.tmp-collect-Dead02.d'));
    fs.writeFileSync(path.join(w.fx.backup, '.tmp-collect-Dead02.d', FILE), 'partial');
    fs.mkdirSync(path.join(w.fx.backup, '.tmp-collect-Dead03.d'));
    const liveLock = path.join(w.fx.backup, '.tmp-collect-Live01');
    fs.writeFileSync(liveLock, '');
    fs.mkdirSync(`${liveLock}.d`);
    const holder = holdLock(liveLock, 30);
    try {
      await waitUntilLocked(liveLock);
      const data = csv(1);
      const sig = w.keys.sign(data);
      w.server.serve(data, sig);
      const r = await w.run();
      expectExit(r, 0);
      expect(logsWith(r, 'removed leftover')).toHaveLength(3);
      expect(w.fx.leftovers()).toEqual(['backup/.tmp-collect-Live01', 'backup/.tmp-collect-Live01.d']);
      expectLive(w, data, sig);
    } finally {
      await killHolder(holder);
    }
  },

  async 'backup rotation keeps the newest FEED_BACKUP_KEEP'(w) {
    const now = nowEpoch();
    const versions = [1, 2, 3].map((v) => csv(v));
    for (const [i, v] of versions.entries()) await publish(w, v, now - 300 + i * 100, { FEED_BACKUP_KEEP: '2' });
    const backups = w.fx.backups();
    expect(backups).toHaveLength(2);
    for (const b of backups) expect(b).toMatch(BACKUP_NAME);
    expect(backups.map((b) => JSON.parse(w.fx.backupFile(b, 'status.json').toString()).sha256)).toEqual([
      sha256(versions[1]),
      sha256(versions[2]),
    ]);
    expect(w.fx.backupFile(backups[1], FILE).equals(versions[2])).toBe(true);
    expectLive(w, versions[2], w.fx.backupFile(backups[1], `${FILE}.sig`), now - 100);
  },

  async 'armored signature: accepted'(w) {
    const data = csv(1);
    const sig = w.keys.sign(data, { armor: true });
    expect(sig.toString().startsWith('-----BEGIN PGP SIGNATURE-----')).toBe(true);
    w.server.serve(data, sig);
    const r = await w.run();
    expectExit(r, 0);
    expectLive(w, data, sig);
  },

  async 'armored keyring: refused as a configuration error before any request'(w) {
    w.server.serve(csv(1), w.keys.sign(csv(1)));
    const r = await w.run({ FEED_KEYRING: w.keys.armoredKeyring });
    expectExit(r, 3);
    expect(logsWith(r, 'ASCII-armored')).toHaveLength(1);
    expect(w.server.requests).toHaveLength(0);
    expectOneAlert(w, 3, 'config', /ASCII-armored/);
    expectNothingPublished(w);
  },

  async 'token: never in logs, process arguments, files or alerts'(w) {
    const data = csv(1, 100000);
    const sig = w.keys.sign(data);
    w.server.route(FEED_PATH, stall(data)).route(SIG_PATH, ok(sig));
    let child: ChildProcess | undefined;
    const running = w.run({}, { onSpawn: (c) => (child = c) });
    await w.server.waitForRequests(1);
    await sleep(100);
    // while curl runs: its arguments carry the header as a file it reads ("@-", stdin, or a pipe
    // on /dev/fd), never the token
    const curls = cmdlinesContaining(w.server.url(FEED_PATH)).filter((c) => c.includes('curl'));
    expect(curls).toHaveLength(1);
    expect(curls[0]).toMatch(/ -H @(-|\/dev\/fd\/\d+) /);
    expect(cmdlinesContaining(TOKEN)).toEqual([]);
    expect(filesContaining(w.fx.tmp, TOKEN)).toEqual([]);
    expect(filesContaining(w.fx.backup, TOKEN)).toEqual([]);
    child!.kill('SIGINT'); // SIGINT is handled like SIGTERM
    const killed = await running;
    expectExit(killed, 1);
    expect(logsWith(killed, 'terminated by SIGINT')).toHaveLength(1);
    expect(w.fx.leftovers()).toEqual([]);
    // a full successful run too
    w.server.serve(data, sig);
    const r = await w.run();
    expectExit(r, 0);
    for (const out of [killed.stdout, killed.stderr, r.stdout, r.stderr]) expect(out).not.toContain(TOKEN);
    expect(w.webhook.calls.map((c) => c.body).join('\n')).not.toContain(TOKEN);
    expect(filesContaining(w.fx.pub, TOKEN)).toEqual([]);
    expect(filesContaining(w.fx.backup, TOKEN)).toEqual([]);
    expect(w.server.requests.every((q) => q.authorized)).toBe(true);
  },

  async 'configuration errors: exit 3 with a clear message and an alert, no request'(w) {
    const garbage = path.join(w.fx.root, 'garbage.keyring');
    fs.writeFileSync(garbage, 'this is not a keyring\n');
    const emptyToken = path.join(w.fx.root, 'empty-token');
    fs.writeFileSync(emptyToken, '\n');
    const cases: Array<[Record<string, string | undefined>, string]> = [
      [{ FEED_SOURCE_URL: undefined }, 'FEED_SOURCE_URL is required'],
      [{ FEED_SOURCE_URL: 'ftp://127.0.0.1/x.csv' }, 'FEED_SOURCE_URL must be an http(s) URL'],
      [{ FEED_TOKEN_FILE: undefined }, 'FEED_TOKEN_FILE is required'],
      [{ FEED_TOKEN_FILE: path.join(w.fx.root, 'nope') }, 'FEED_TOKEN_FILE is not a readable file'],
      [{ FEED_TOKEN_FILE: emptyToken }, 'FEED_TOKEN_FILE is empty'],
      [{ FEED_KEYRING: undefined }, 'FEED_KEYRING is required'],
      [{ FEED_KEYRING: path.join(w.fx.root, 'nope') }, 'FEED_KEYRING is not a readable file'],
      [{ FEED_KEYRING: garbage }, 'not a binary OpenPGP keyring'],
      [{ FEED_PUBLISH_DIR: undefined }, 'FEED_PUBLISH_DIR is required'],
      [{ FEED_BACKUP_DIR: undefined }, 'FEED_BACKUP_DIR is required'],
      [{ FEED_BACKUP_DIR: w.fx.pub }, 'FEED_BACKUP_DIR must differ from FEED_PUBLISH_DIR'],
      [{ FEED_RETRIES: 'three' }, 'FEED_RETRIES must be an integer >= 0'],
      [{ FEED_MAX_BYTES: '0' }, 'FEED_MAX_BYTES must be an integer >= 1'],
      [{ FEED_TIMEOUT_SECONDS: '-5' }, 'FEED_TIMEOUT_SECONDS must be an integer >= 1'],
      [{ FEED_DEADLINE_SECONDS: '010' }, 'FEED_DEADLINE_SECONDS must be an integer >= 1 without leading zeros'],
      [{ FEED_BACKUP_KEEP: '1.5' }, 'FEED_BACKUP_KEEP must be an integer'],
      [{ FEED_LOCK_WAIT_SECONDS: '0' }, 'FEED_LOCK_WAIT_SECONDS must be an integer >= 1'],
      [{ FEED_RETRY_BASE_SECONDS: '99999999999999' }, 'FEED_RETRY_BASE_SECONDS is too large'],
      [{ FEED_FILE_NAME: '.hidden' }, 'FEED_FILE_NAME must be a plain file name'],
      [{ FEED_FILE_NAME: 'a/b' }, 'FEED_FILE_NAME must be a plain file name'],
      [{ FEED_FILE_NAME: 'status.json' }, 'FEED_FILE_NAME must be a plain file name'],
      [{ FEED_SOURCE_URL: w.server.url('/') }, 'cannot derive FEED_FILE_NAME'],
    ];
    // a few at a time: each run alerts once, so the webhook count is checked in total
    for (let i = 0; i < cases.length; i += 6) {
      const batch = cases.slice(i, i + 6);
      const results = await Promise.all(batch.map(([env]) => w.run(env)));
      results.forEach((r, j) => {
        expectExit(r, 3);
        expectStructuredLogs(r);
        const errors = r.logs.filter((l) => l.level === 'error');
        expect(errors).toHaveLength(1);
        expect(errors[0].msg).toContain(batch[j][1]);
        expect(errors[0]).toMatchObject({ stage: 'config', exit_code: 3 });
        expect(logsWith(r, 'alert sent')).toHaveLength(1);
      });
    }
    expect(w.webhook.calls).toHaveLength(cases.length);
    for (const c of w.webhook.calls) expect(c.json).toMatchObject({ stage: 'config', exit_code: 3 });
    expect(w.fx.leftovers()).toEqual([]);
    // an unreadable webhook file cannot alert, but still fails clearly
    const r = await w.run({ FEED_WEBHOOK_URL_FILE: path.join(w.fx.root, 'nope') });
    expectExit(r, 3);
    expect(logsWith(r, 'FEED_WEBHOOK_URL_FILE is not a readable file')).toHaveLength(1);
    expect(w.server.requests).toHaveLength(0);
    expect(w.fx.live()).toEqual([]);
  },

  async 'JSON: logs and alerts escape quotes, backslashes and control characters'(w) {
    const nasty = 'a"b\\c\nd\te\u0001f';
    const r = await w.run({ FEED_RETRIES: nasty });
    expectExit(r, 3);
    expectStructuredLogs(r);
    expect(r.logs.find((l) => l.level === 'error')).toMatchObject({ variable: 'FEED_RETRIES', value: nasty });
    expect(w.webhook.calls).toHaveLength(1);
    expect(w.webhook.calls[0].json).toBeDefined();
  },

  async 'webhook failing: the exit code stays the outcome'(w) {
    w.webhook.responseStatus = 500;
    const data = csv(1);
    w.server.serve(data, w.keys.sign(csv(2)));
    const r = await w.run();
    expectExit(r, 2);
    expect(w.webhook.calls).toHaveLength(1);
    expect(logsWith(r, 'alert could not be delivered')[0]).toMatchObject({ level: 'warn', http_status: 500 });
    // unreachable webhook (nothing listens there)
    fs.writeFileSync(w.fx.webhookFile, 'http://127.0.0.1:9/hook\n');
    const r2 = await w.run();
    expectExit(r2, 2);
    expect(logsWith(r2, 'alert could not be delivered')).toHaveLength(1);
  },
};

/** The scenarios that also run under busybox sh with busybox applets. */
export const BUSYBOX_SCENARIOS = [
  'success: publishes file, signature and status.json, keeps a backup',
  'unchanged: same content again changes nothing, even with a newer signature',
  'bad signature: rejected after one more download, live version kept',
  '503 then success: retried after the backoff, then published',
  'SIGTERM mid-download: curl killed, temp files removed, alert sent, exit 1',
  'replay: an older signed version is rejected',
  'truncated body: shorter than Content-Length is retried',
  'lock held by another publisher: fails transient after the lock wait, nothing changed',
  'leftovers: dead temp files and staging dirs are removed, a live run’s staging is kept',
  'backup rotation keeps the newest FEED_BACKUP_KEEP',
  'armored signature: accepted',
  'JSON: logs and alerts escape quotes, backslashes and control characters',
];
