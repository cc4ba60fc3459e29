// The collector's off-cluster copy of its backups (lib/offsite, curl --aws-sigv4) against a real
// S3-compatible server on 127.0.0.1 (s3rver, which checks every signature). Run under dash
// (collector.test.ts) and busybox (collector-busybox.test.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startS3Server, S3Server } from '../../helpers/s3-server';
import { FILE, World, describeRun, logsWith, nowEpoch, RunResult } from './helpers';
import { metricsFile, readMetrics } from './metrics-scenarios';
import { csv } from './scenarios';

export const OFFSITE_BUCKET = 'feed-backups';
export const OFFSITE_PREFIX = 'electoral-feed/test/';

/** The collector's OFFSITE_* environment for `s3`, with the key pair written to the world's secrets folder. */
export function offsiteEnv(w: World, s3: S3Server, secret = s3.secretAccessKey): Record<string, string> {
  const idFile = path.join(w.fx.secrets, 'offsite-access-key-id');
  const secretFile = path.join(w.fx.secrets, 'offsite-secret-access-key');
  fs.writeFileSync(idFile, s3.accessKeyId, { mode: 0o600 });
  fs.writeFileSync(secretFile, secret, { mode: 0o600 });
  return {
    OFFSITE_ENDPOINT: s3.endpoint,
    OFFSITE_BUCKET,
    OFFSITE_PREFIX,
    OFFSITE_REGION: 'us-east-1',
    OFFSITE_ACCESS_KEY_ID_FILE: idFile,
    OFFSITE_ACCESS_KEY_FILE: secretFile,
    FEED_METRICS_FILE: metricsFile(w),
  };
}

/** The stored bytes of an object of the target, or undefined. */
export function storedObject(s3: S3Server, name: string): Buffer | undefined {
  const file = s3.objectFile(OFFSITE_BUCKET, `${OFFSITE_PREFIX}${name}`);
  return fs.existsSync(file) ? fs.readFileSync(file) : undefined;
}

/** The three objects of a backup hold exactly its three files. */
export function expectCopied(w: World, s3: S3Server, backup: string): void {
  expect(storedObject(s3, `${backup}.data`)).toEqual(w.fx.backupFile(backup, FILE));
  expect(storedObject(s3, `${backup}.sig`)).toEqual(w.fx.backupFile(backup, `${FILE}.sig`));
  expect(storedObject(s3, `${backup}.status.json`)).toEqual(w.fx.backupFile(backup, 'status.json'));
  const marker = JSON.parse(w.fx.backupFile(backup, '.offsite').toString());
  expect(marker).toEqual({ target: `${s3.endpoint}/${OFFSITE_BUCKET}/${OFFSITE_PREFIX}`, copied_at: expect.any(String) });
}

function expectExit(r: RunResult, code: number): void {
  if (r.code !== code) throw new Error(`expected exit ${code}\n${describeRun(r)}`);
}

function offsiteStage(w: World): string | undefined {
  return readMetrics(w).stages.find((s) => s.stage === 'offsite')?.result;
}

async function withS3(body: (s3: S3Server) => Promise<void>): Promise<void> {
  const s3 = await startS3Server([OFFSITE_BUCKET]);
  try {
    await body(s3);
  } finally {
    await s3.close();
  }
}

export const OFFSITE_SCENARIOS: Record<string, (w: World) => Promise<void>> = {
  'offsite: a publish copies the new backup (data, signature, record) and reads it back; an unchanged run sends nothing again': (w) =>
    withS3(async (s3) => {
      const env = offsiteEnv(w, s3);
      const v1 = csv(1);
      w.server.serve(v1, w.keys.sign(v1, { at: nowEpoch() - 60 }));
      const r1 = await w.run(env);
      expectExit(r1, 0);
      const [backup] = w.fx.backups();
      expectCopied(w, s3, backup);
      expect(logsWith(r1, 'backup copied off the cluster and read back')).toEqual([expect.objectContaining({ stage: 'offsite', backup })]);
      expect(offsiteStage(w)).toBe('success');
      expect(w.webhook.calls).toHaveLength(0);

      const r2 = await w.run(env);
      expectExit(r2, 0);
      expect(logsWith(r2, 'unchanged')).toHaveLength(1);
      expect(logsWith(r2, 'backup copied')).toHaveLength(0);
      expect(offsiteStage(w)).toBe('unchanged');

      // A second version: only it is sent.
      const v2 = csv(2);
      w.server.serve(v2, w.keys.sign(v2));
      const r3 = await w.run(env);
      expectExit(r3, 0);
      const backups = w.fx.backups();
      expect(backups).toHaveLength(2);
      expect(logsWith(r3, 'backup copied').map((l) => l.backup)).toEqual([backups[1]]);
      expectCopied(w, s3, backups[1]);
      expect(w.fx.leftovers()).toEqual([]);
    }),

  'offsite: a refused upload exits 1 with an offsite alert, keeps what was published, and a later run copies every missing backup': (w) =>
    withS3(async (s3) => {
      const refused = offsiteEnv(w, s3, 'not-the-secret');
      const v1 = csv(1);
      w.server.serve(v1, w.keys.sign(v1, { at: nowEpoch() - 120 }));
      const r1 = await w.run(refused);
      expectExit(r1, 1);
      expect(r1.logs.filter((l) => l.msg === 'published')).toHaveLength(1);
      expect(w.fx.liveData().equals(v1)).toBe(true);
      expect(w.webhook.calls.map((c) => c.json)).toEqual([
        expect.objectContaining({ stage: 'offsite', exit_code: 1, text: expect.stringMatching(/off-cluster copy failed \(offsite: upload of .* failed\)/) }),
      ]);
      expect(readMetrics(w).stages.filter((s) => ['publish', 'offsite', 'run'].includes(s.stage)).map((s) => [s.stage, s.result]))
        .toEqual([['publish', 'success'], ['offsite', 'failure'], ['run', 'failure']]);

      // Still refused, and a newer version is published meanwhile: nothing lost, nothing copied.
      const v2 = csv(2);
      w.server.serve(v2, w.keys.sign(v2, { at: nowEpoch() - 60 }));
      expectExit(await w.run(refused), 1);
      expect(w.fx.liveData().equals(v2)).toBe(true);
      const backups = w.fx.backups();
      expect(backups).toHaveLength(2);
      for (const b of backups) expect(fs.existsSync(path.join(w.fx.backup, b, '.offsite'))).toBe(false);
      expect(storedObject(s3, `${backups[0]}.status.json`)).toBeUndefined();

      // The credentials fixed: the next (unchanged) run copies both, newest first.
      const r3 = await w.run(offsiteEnv(w, s3));
      expectExit(r3, 0);
      expect(logsWith(r3, 'unchanged')).toHaveLength(1);
      expect(logsWith(r3, 'backup copied').map((l) => l.backup)).toEqual([backups[1], backups[0]]);
      for (const b of backups) expectCopied(w, s3, b);
      expect(offsiteStage(w)).toBe('success');
      expect(w.webhook.calls).toHaveLength(2);
    }),

  'offsite: a target that cannot work is a configuration error (exit 3) before any request': (w) =>
    withS3(async (s3) => {
      const env = offsiteEnv(w, s3);
      const cases: Array<[Record<string, string | undefined>, RegExp]> = [
        [{ OFFSITE_ENDPOINT: 'http://objects.example.org' }, /OFFSITE_ENDPOINT must be https/],
        [{ OFFSITE_BUCKET: undefined }, /OFFSITE_BUCKET is required with OFFSITE_ENDPOINT/],
        [{ OFFSITE_ACCESS_KEY_FILE: path.join(w.fx.secrets, 'missing') }, /off-site credential file is not a readable file/],
      ];
      for (const [overrides, message] of cases) {
        const r = await w.run({ ...env, ...overrides });
        expectExit(r, 3);
        expect(r.logs.some((l) => message.test(String(l.msg)))).toBe(true);
      }
      expect(w.server.requests).toHaveLength(0);
    }),
};
