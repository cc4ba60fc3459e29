// End-to-end scenarios for the feed's integrity (issue: no rollback, no frozen feed, no silent
// corruption, pinned signers): state lost in either volume, future-dated, unpinned, SHA-1 and
// malformed signatures, verification bounded by the deadline and SIGTERM, a damaged live file,
// future-named backups, plain http. Run under dash and under busybox sh (collector*.test.ts).
import { execFileSync, ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FEED_PATH, FILE, SIG_PATH, World, RunResult, describeRun, logsWith, nowEpoch, ok, sha256, stall } from './helpers';
import { csv, expectLive, expectStructuredLogs } from './scenarios';

function expectExit(r: RunResult, code: number): void {
  if (r.code !== code) throw new Error(`expected exit ${code}\n${describeRun(r)}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Publishes `data` signed at `at`; returns its signature. */
async function publish(w: World, data: Buffer, at: number): Promise<Buffer> {
  const sig = w.keys.sign(data, { at });
  w.server.serve(data, sig);
  const r = await w.run();
  expectExit(r, 0);
  expect(logsWith(r, 'published')).toHaveLength(1);
  return sig;
}

/** [stage, exit_code] of every webhook call so far. */
function alerts(w: World): Array<[unknown, unknown]> {
  return w.webhook.calls.map((c) => [c.json?.stage, c.json?.exit_code]);
}

function clearDir(dir: string): void {
  for (const n of fs.readdirSync(dir)) fs.rmSync(path.join(dir, n), { recursive: true, force: true });
}

/**
 * A folder holding one executable `gpgv` that stands in for the real one. `spy`: records each
 * call in `calls`, then runs the real gpgv. `hang`: writes its pid to `pid` and never answers (a
 * verifier stuck on hostile input), so that the deadline and SIGTERM can be observed.
 */
function gpgvDouble(w: World, kind: 'spy' | 'hang'): { dir: string; calls: () => number; pid: () => number | undefined } {
  const dir = path.join(w.fx.root, `gpgv-${kind}`);
  fs.mkdirSync(dir);
  const real = execFileSync('sh', ['-c', 'command -v gpgv'], { encoding: 'utf8' }).trim();
  const body =
    kind === 'spy'
      ? `#!/bin/sh\necho call >>"${dir}/calls"\nexec ${real} "$@"\n`
      : `#!/bin/sh\necho $$ >"${dir}/pid"\nexec sleep 120\n`;
  fs.writeFileSync(path.join(dir, 'gpgv'), body, { mode: 0o755 });
  return {
    dir,
    calls: () => (fs.existsSync(path.join(dir, 'calls')) ? fs.readFileSync(path.join(dir, 'calls'), 'utf8').split('\n').filter(Boolean).length : 0),
    // Only a whole line counts: read between the file's creation and the write, it is empty, and
    // Number('') is 0, which kill(2) takes for the whole process group (always "alive").
    pid: () => {
      const text = fs.existsSync(path.join(dir, 'pid')) ? fs.readFileSync(path.join(dir, 'pid'), 'utf8') : '';
      return /^[1-9][0-9]*\n$/.test(text) ? Number(text) : undefined;
    },
  };
}

function alive(pid: number): boolean {
  if (!(pid > 0)) throw new Error(`not a process id: ${pid}`); // 0 and -n are process groups to kill(2)
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// OpenPGP packet framing, to build signature files that are not only signature packets.
function newFormatPacket(tag: number, body: Buffer): Buffer {
  if (body.length >= 192) throw new Error('short bodies only');
  return Buffer.concat([Buffer.from([0xc0 | tag, body.length]), body]);
}

/** A compressed data packet (bzip2) expanding 32 MB of zeros, made by gpg at test time. */
function bzip2Packet(w: World): Buffer {
  const input = path.join(w.fx.root, 'zeros');
  fs.writeFileSync(input, Buffer.alloc(32 * 1024 * 1024));
  const out = path.join(w.fx.root, 'zeros.gpg');
  execFileSync('gpg', ['--batch', '--yes', '--no-tty', '--compress-algo', 'bzip2', '-z', '9', '--store', '-o', out, input], {
    env: { PATH: process.env.PATH, GNUPGHOME: w.keys.home },
    stdio: 'ignore',
  });
  const packet = fs.readFileSync(out);
  fs.rmSync(input);
  // old format tag 8 (compressed data): 0b10_1000_xx
  if ((packet[0] & 0xfc) !== 0xa0) throw new Error(`gpg wrote no compressed packet first (0x${packet[0].toString(16)})`);
  return packet;
}

function armor(binary: Buffer): Buffer {
  const lines = binary.toString('base64').match(/.{1,64}/g) ?? [];
  return Buffer.from(['-----BEGIN PGP SIGNATURE-----', '', ...lines, '-----END PGP SIGNATURE-----', ''].join('\n'));
}

// ---------------------------------------------------------------------------------------------

export const INTEGRITY_SCENARIOS: Record<string, (w: World) => Promise<void>> = {
  async 'state lost in the publish volume: the backup record keeps older versions out, then the live version comes back'(w) {
    const now = nowEpoch();
    const v2 = csv(2);
    const sig2 = await publish(w, v2, now - 60);
    expect(w.fx.backupRecord()).toEqual(w.fx.status());
    // a wiped publish volume (new PVC), then an emptied status.json
    clearDir(w.fx.pub);
    const v1 = csv(1);
    w.server.serve(v1, w.keys.sign(v1, { at: now - 3600 }));
    const r = await w.run();
    expectExit(r, 2);
    expect(logsWith(r, 'replay')).toHaveLength(1);
    expect(alerts(w)).toEqual([
      ['recover', 0],
      ['compare', 2],
    ]);
    expect(w.fx.live()).toEqual([]);
    w.server.serve(v2, sig2);
    const r2 = await w.run();
    expectExit(r2, 0);
    expectLive(w, v2, sig2, now - 60);
    fs.writeFileSync(path.join(w.fx.pub, 'status.json'), '');
    w.server.serve(v1, w.keys.sign(v1, { at: now - 3600 }));
    expectExit(await w.run(), 2);
    expect(w.fx.liveData().equals(v2)).toBe(true);
    expect(w.fx.leftovers()).toEqual([]);
  },

  async 'state lost in the backup volume: the publish record rules and the backup record is rewritten'(w) {
    const now = nowEpoch();
    const v2 = csv(2);
    const sig2 = await publish(w, v2, now - 60);
    clearDir(w.fx.backup);
    const v1 = csv(1);
    w.server.serve(v1, w.keys.sign(v1, { at: now - 3600 }));
    expectExit(await w.run(), 2);
    expectLive(w, v2, sig2, now - 60);
    expect(w.fx.backupRecord()).toBeUndefined();
    w.server.serve(v2, sig2);
    const r = await w.run();
    expectExit(r, 0);
    expect(logsWith(r, 'unchanged')).toHaveLength(1);
    expect(logsWith(r, 'brought up to date')).toHaveLength(1);
    expect(w.fx.backupRecord()).toEqual(w.fx.status());
  },

  async 'both records lost: the newest backup whose signature verifies sets the high-water mark'(w) {
    const now = nowEpoch();
    const [v1, v2] = [csv(1), csv(2)];
    await publish(w, v1, now - 3600);
    const sig2 = await publish(w, v2, now - 60);
    fs.rmSync(path.join(w.fx.pub, 'status.json'));
    fs.rmSync(path.join(w.fx.backup, 'status.json'));
    // a forged "newer" backup (claims a later signature, signature does not match) is skipped
    const forged = path.join(w.fx.backup, '20990101T000000Z-0123456789ab');
    fs.mkdirSync(forged);
    fs.writeFileSync(path.join(forged, FILE), csv(9));
    fs.writeFileSync(path.join(forged, `${FILE}.sig`), w.keys.sign(csv(8), { at: now - 30 }));
    fs.writeFileSync(path.join(forged, 'status.json'), `${JSON.stringify({ sha256: sha256(csv(9)), signed_at: '2099-01-01T00:00:00Z' })}\n`);
    w.server.serve(v1, w.keys.sign(v1, { at: now - 1800 }));
    const r = await w.run();
    expectExit(r, 2);
    const recovered = logsWith(r, 'recovered from a backup')[0];
    expect(recovered).toMatchObject({ sha256: sha256(v2) });
    expect(alerts(w)).toEqual([
      ['recover', 0],
      ['compare', 2],
    ]);
    expect(w.fx.liveData().equals(v2)).toBe(true);
    // the genuine version is republished and both records come back
    w.server.serve(v2, sig2);
    expectExit(await w.run(), 0);
    expectLive(w, v2, sig2, now - 60);
    expect(w.fx.backupRecord()).toEqual(w.fx.status());
  },

  async 'nothing recoverable while files remain: exit 3; empty volumes (lost+found, lock, temp) are a first publish'(w) {
    const now = nowEpoch();
    await publish(w, csv(1), now - 600);
    fs.rmSync(path.join(w.fx.pub, 'status.json'));
    fs.rmSync(path.join(w.fx.backup, 'status.json'));
    for (const b of w.fx.backups()) fs.writeFileSync(path.join(w.fx.backup, b, `${FILE}.sig`), 'garbage');
    const v0 = csv(0);
    w.server.serve(v0, w.keys.sign(v0, { at: now - 7200 }));
    const r = await w.run();
    expectExit(r, 3);
    expect(logsWith(r, 'replay protection lost')[0].msg).toContain('manual reset');
    expect(w.fx.liveData().equals(csv(1))).toBe(true);
    expect(alerts(w).at(-1)).toEqual(['compare', 3]);
    // the manual reset: empty both volumes (lost+found and temp entries do not count)
    clearDir(w.fx.pub);
    clearDir(w.fx.backup);
    fs.mkdirSync(path.join(w.fx.pub, 'lost+found'));
    fs.mkdirSync(path.join(w.fx.backup, 'lost+found'));
    fs.writeFileSync(path.join(w.fx.pub, '.collector.lock'), '');
    const r2 = await w.run();
    expectExit(r2, 0);
    expect(logsWith(r2, 'first publish')).toHaveLength(1);
  },

  async 'future-dated signature: rejected and never the high-water mark; within the clock skew accepted'(w) {
    const now = nowEpoch();
    const v1 = csv(1);
    const sig1 = await publish(w, v1, now - 120);
    const v2 = csv(2);
    w.server.serve(v2, w.keys.sign(v2, { at: now + 30 * 86400 }));
    const r = await w.run();
    expectExit(r, 2);
    expect(w.server.requests.slice(-2).map((q) => q.path)).toEqual([FEED_PATH, SIG_PATH]);
    expect(logsWith(r, 'dated in the future')).toHaveLength(1);
    expect(alerts(w)).toEqual([['verify', 2]]);
    expectLive(w, v1, sig1, now - 120);
    const v3 = csv(3);
    const sig3 = w.keys.sign(v3, { at: now + 100 }); // within the default 300 s
    w.server.serve(v3, sig3);
    expectExit(await w.run(), 0);
    expectLive(w, v3, sig3, now + 100);
    const v4 = csv(4);
    w.server.serve(v4, w.keys.sign(v4, { at: now + 200 }));
    expectExit(await w.run({ FEED_MAX_CLOCK_SKEW_SECONDS: '10' }), 2);
  },

  async 'pinned signers: a valid signature by an unpinned key is rejected; pins are case- and separator-tolerant'(w) {
    const data = csv(1);
    w.server.serve(data, w.keys.sign(data, { key: 'other' }));
    const r = await w.run({ FEED_KEYRING: w.keys.bothKeyring });
    expectExit(r, 2);
    expect(logsWith(r, 'not pinned')[0]).toMatchObject({ signer: w.keys.otherFpr });
    expect(w.fx.live()).toEqual([]);
    expect(alerts(w)).toEqual([['verify', 2]]);
    const pins = `${w.keys.otherFpr.toLowerCase()} ,\t${w.keys.publisherFpr.toLowerCase()}`;
    const r2 = await w.run({ FEED_KEYRING: w.keys.bothKeyring, FEED_SIGNER_FINGERPRINTS: pins });
    expectExit(r2, 0);
    expect(w.fx.status().signer).toBe(w.keys.otherFpr);
    for (const [pinsValue, message] of [
      [undefined, 'FEED_SIGNER_FINGERPRINTS is required'],
      [' , ', 'holds no fingerprint'],
      [w.keys.publisherFpr.slice(0, 39), 'not a 40-hex-digit fingerprint'],
      [`${w.keys.publisherFpr.slice(0, 39)}G`, 'not a 40-hex-digit fingerprint'],
    ] as const) {
      const bad = await w.run({ FEED_SIGNER_FINGERPRINTS: pinsValue });
      expectExit(bad, 3);
      expect(bad.logs.find((l) => l.level === 'error')?.msg).toContain(message);
    }
  },

  async 'hash algorithm: SHA-1 is rejected, SHA-512 accepted'(w) {
    const data = csv(1);
    w.server.serve(data, w.keys.sign(data, { digest: 'SHA1' }));
    const r = await w.run();
    expectExit(r, 2);
    expect(logsWith(r, 'hash algorithm 2')).toHaveLength(1);
    expect(w.fx.live()).toEqual([]);
    const sig = w.keys.sign(data, { digest: 'SHA512' });
    w.server.serve(data, sig);
    expectExit(await w.run(), 0);
    expectLive(w, data, sig);
  },

  async 'not only signature packets: refused before gpgv runs (bzip2 bomb, oversized, other packets, bad lengths)'(w) {
    const data = csv(1);
    const sig = w.keys.sign(data);
    const spy = gpgvDouble(w, 'spy');
    const bomb = Buffer.concat([sig, bzip2Packet(w)]);
    const cases: Array<[string, Buffer, RegExp]> = [
      ['bzip2 bomb after a valid signature', bomb, /packet of type 8/],
      ['armored bomb', armor(bomb), /packet of type 8/],
      ['literal data packet', Buffer.concat([sig, newFormatPacket(11, Buffer.from('b\0\0\0\0\0hello'))]), /packet of type 11/],
      ['over 64 KiB of signature packets', Buffer.concat(Array(Math.ceil(65537 / sig.length)).fill(sig)), /larger than 65536 bytes/],
      ['partial body length', Buffer.concat([sig, Buffer.from([0xc2, 0xe1]), Buffer.alloc(2)]), /partial body length/],
      ['indeterminate old-format length', Buffer.concat([sig, Buffer.from([0x8b]), sig.subarray(2)]), /indeterminate length/],
      ['length past the end', sig.subarray(0, sig.length - 1), /past the end/],
      ['trailing byte', Buffer.concat([sig, Buffer.from([0x01])]), /no OpenPGP packet header/],
      ['text', Buffer.from('this is not a signature\n'), /neither a binary OpenPGP signature nor one armored/],
    ];
    for (const [name, file, reason] of cases) {
      w.server.serve(data, file);
      const r = await w.run({}, { pathPrefix: spy.dir });
      if (r.code !== 2) throw new Error(`${name}: expected exit 2\n${describeRun(r)}`);
      const refused = logsWith(r, 'signature refused before verification');
      expect(refused).toHaveLength(1);
      expect(refused[0].msg).toMatch(reason);
    }
    expect(spy.calls()).toBe(0);
    expect(alerts(w)).toEqual(cases.map(() => ['verify', 2]));
    expect(w.fx.live()).toEqual([]);
    expect(w.fx.backups()).toEqual([]);
    // the same spy sees the genuine signature through (armored too)
    w.server.serve(data, w.keys.sign(data, { armor: true }));
    expectExit(await w.run({}, { pathPrefix: spy.dir }), 0);
    expect(spy.calls()).toBe(1);
  },

  async 'SIGTERM during verification: gpgv stopped, exit 1 with an alert, nothing published'(w) {
    const data = csv(1);
    w.server.serve(data, w.keys.sign(data));
    const hang = gpgvDouble(w, 'hang');
    let child: ChildProcess | undefined;
    const running = w.run({}, { pathPrefix: hang.dir, onSpawn: (c) => (child = c) });
    for (let i = 0; i < 200 && hang.pid() === undefined; i++) await sleep(25);
    const pid = hang.pid();
    expect(pid).toBeDefined();
    child!.kill('SIGTERM');
    const r = await running;
    expectExit(r, 1);
    expectStructuredLogs(r);
    if (!logsWith(r, "terminated by SIGTERM").length) throw new Error(describeRun(r));
    expect(logsWith(r, 'terminated by SIGTERM')[0]).toMatchObject({ stage: 'verify' });
    expect(alerts(w)).toEqual([['verify', 1]]);
    for (let i = 0; i < 40 && alive(pid!); i++) await sleep(25);
    expect(alive(pid!)).toBe(false);
    expect(w.fx.live()).toEqual([]);
    expect(w.fx.backups()).toEqual([]);
    expect(w.fx.leftovers()).toEqual([]);
  },

  async 'verification bounded by the deadline: a hung gpgv is stopped, exit 1 with an alert'(w) {
    const data = csv(1);
    w.server.serve(data, w.keys.sign(data));
    const hang = gpgvDouble(w, 'hang');
    const r = await w.run({ FEED_DEADLINE_SECONDS: '10' }, { pathPrefix: hang.dir });
    expectExit(r, 1);
    if (logsWith(r, 'deadline reached during signature verification').length !== 1) throw new Error(describeRun(r));
    // ended by the script's own timeout at its deadline (timeout's exit status), not by the hang ending
    expect(logsWith(r, 'deadline reached during signature verification')[0].gpgv_exit).toBeGreaterThanOrEqual(124);
    expect(alerts(w)).toEqual([['verify', 1]]);
    expect(alive(hang.pid()!)).toBe(false);
    expect(w.fx.live()).toEqual([]);
  },

  async 'same-size tampering of the live file: repaired from the verified download, alert stage repair'(w) {
    const now = nowEpoch();
    const data = csv(1, 5000);
    const sig = await publish(w, data, now - 120);
    const live = path.join(w.fx.pub, FILE);
    const tampered = Buffer.from(data);
    tampered[100] ^= 0x01;
    fs.writeFileSync(live, tampered); // in place: same inode, same size
    expect(fs.statSync(live).size).toBe(data.length);
    const r = await w.run();
    expectExit(r, 0);
    expect(logsWith(r, 'repaired')).toHaveLength(1);
    expect(alerts(w)).toEqual([['repair', 0]]);
    expect(w.webhook.calls[0].json?.text).toMatch(/did not match its record/);
    expectLive(w, data, sig, now - 120);
    // whole again: the next run finds it unchanged, without an alert
    const r2 = await w.run();
    expectExit(r2, 0);
    expect(logsWith(r2, 'unchanged')).toHaveLength(1);
    expect(w.webhook.calls).toHaveLength(1);
  },

  async 'future-named backups: rotation keeps the live version’s backup; failed runs leave no backup'(w) {
    const now = nowEpoch();
    for (const name of ['20991231T235959Z-aaaaaaaaaaaa', '20991231T235958Z-bbbbbbbbbbbb']) {
      fs.mkdirSync(path.join(w.fx.backup, name));
      fs.writeFileSync(path.join(w.fx.backup, name, FILE), 'old');
    }
    const v1 = csv(1);
    w.server.serve(v1, w.keys.sign(v1, { at: now - 300 }));
    const r0 = await w.run({ FEED_BACKUP_KEEP: '2' });
    expectExit(r0, 3); // backups that do not verify: not empty volumes, so not a first publish
    expect(w.fx.live()).toEqual([]);
    clearDir(w.fx.backup);
    await publish(w, v1, now - 300);
    for (const name of ['20991231T235959Z-aaaaaaaaaaaa', '20991231T235958Z-bbbbbbbbbbbb']) fs.mkdirSync(path.join(w.fx.backup, name));
    const v2 = csv(2);
    const sig2 = w.keys.sign(v2, { at: now - 200 });
    w.server.serve(v2, sig2);
    const r = await w.run({ FEED_BACKUP_KEEP: '2' });
    expectExit(r, 0);
    const backups = w.fx.backups();
    expect(backups).toHaveLength(2);
    const liveBackup = backups.find((b) => b.endsWith(sha256(v2).slice(0, 12)));
    expect(liveBackup).toBeDefined();
    expect(w.fx.backupFile(liveBackup!, FILE).equals(v2)).toBe(true);
    expectLive(w, v2, sig2, now - 200);
    // a rejected run (replay) deletes nothing and adds nothing
    const before = w.fx.backups();
    w.server.serve(v1, w.keys.sign(v1, { at: now - 250 }));
    expectExit(await w.run({ FEED_BACKUP_KEEP: '1' }), 2);
    expect(w.fx.backups()).toEqual(before);
  },

  async 'lock files are opened with write access (on NFS flock becomes a POSIX lock, which needs it)'(w) {
    const data = csv(1, 100000);
    w.server.route(FEED_PATH, stall(data)).route(SIG_PATH, ok(w.keys.sign(data)));
    let child: ChildProcess | undefined;
    const running = w.run({}, { onSpawn: (c) => (child = c) });
    await w.server.waitForRequests(1);
    await sleep(200);
    // fd 9: the publish lock, fd 8: the staging directory's lock in the backup volume
    const accessMode = (fd: number): number => {
      const flags = /^flags:\s*([0-7]+)$/m.exec(fs.readFileSync(`/proc/${child!.pid}/fdinfo/${fd}`, 'utf8'))![1];
      return parseInt(flags, 8) & 0o3; // O_RDONLY 0, O_WRONLY 1, O_RDWR 2
    };
    const targets = [8, 9].map((fd) => fs.readlinkSync(`/proc/${child!.pid}/fd/${fd}`));
    expect(targets[0].startsWith(path.join(w.fx.backup, '.tmp-collect-'))).toBe(true);
    expect(targets[1]).toBe(path.join(w.fx.pub, '.collector.lock'));
    expect(accessMode(8)).toBe(2);
    expect(accessMode(9)).not.toBe(0);
    child!.kill('SIGTERM');
    expectExit(await running, 1);
  },

  async 'plain http to a host that is not a loopback literal: exit 3 before anything is sent'(w) {
    const port = new URL(w.server.url('/')).port;
    const hookPort = new URL(w.webhook.url).port;
    w.server.serve(csv(1), w.keys.sign(csv(1)));
    // Each of these would reach the loopback server (0.0.0.0, a v4-mapped address, a decimal
    // address) or leave the machine (TEST-NET-1) if sent; the script must refuse them unsent.
    const refused = [
      `http://0.0.0.0:${port}${FEED_PATH}`,
      `http://[::ffff:127.0.0.1]:${port}${FEED_PATH}`,
      `http://2130706433:${port}${FEED_PATH}`,
      `http://127.0.0.1@0.0.0.0:${port}${FEED_PATH}`,
      `http://127.0.0.01:${port}${FEED_PATH}`,
      `http://192.0.2.10${FEED_PATH}`,
    ];
    for (const url of refused) {
      const r = await w.run({ FEED_SOURCE_URL: url });
      if (r.code !== 3) throw new Error(`${url}: expected exit 3\n${describeRun(r)}`);
      expect(r.logs.find((l) => l.level === 'error')?.msg).toContain('FEED_SOURCE_URL must be https');
    }
    const sigRun = await w.run({ FEED_SIGNATURE_URL: `http://0.0.0.0:${port}${SIG_PATH}` });
    expectExit(sigRun, 3);
    expect(w.server.requests).toEqual([]);
    expect(alerts(w)).toEqual([...refused, 'sig'].map(() => ['config', 3]));
    fs.writeFileSync(w.fx.webhookFile, `http://0.0.0.0:${hookPort}/hooks/T000/B000/XXXX\n`);
    const hookRun = await w.run();
    expectExit(hookRun, 3);
    expect(logsWith(hookRun, 'FEED_WEBHOOK_URL_FILE holds a plain http URL')).toHaveLength(1);
    expect(w.webhook.calls).toHaveLength(refused.length + 1);
    expect(w.server.requests).toEqual([]);
    // loopback literals are fine (the tests' servers)
    fs.writeFileSync(w.fx.webhookFile, `${w.webhook.url}\n`);
    const data = csv(1);
    const sig = w.keys.sign(data);
    w.server.route(FEED_PATH, ok(data)).route(SIG_PATH, ok(sig));
    const r = await w.run({ FEED_SOURCE_URL: `http://localhost:${port}${FEED_PATH}`, FEED_SIGNATURE_URL: `http://127.0.0.1:${port}${SIG_PATH}` });
    expectExit(r, 0);
    expect(w.fx.liveData().equals(data)).toBe(true);
  },
};
