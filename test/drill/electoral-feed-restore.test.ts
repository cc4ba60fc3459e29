/**
 * The feed's restore drill: its backups go off the cluster and come back.
 *
 * prod's collector, as committed in dist/prod (its image's script, collect.sh, with the CronJob's
 * environment), publishes two versions from a feed server on 127.0.0.1 and copies their backups to
 * a real S3-compatible server (s3rver, which checks every signature) on 127.0.0.1. Both volumes are
 * wiped; the restore steps of docs/electoral-feed.md ("Restore from the bucket"), read from that
 * file, bring the newest version back; the collector's next run accepts the restored state (the
 * same version is "unchanged") and refuses an older version (replay, exit 2). Under dash, and under
 * busybox sh with busybox's applets first on PATH (as in the Alpine image) where busybox is installed.
 *
 * What differs from the cluster, and only this:
 * - container paths (`/srv/publish`, `/srv/backup`, the Secret files, the restore pod's `/tmp/restore`)
 *   are moved into a temporary folder by replacing those exact strings;
 * - the source URL, the webhook and the bucket's endpoint are on http://127.0.0.1 (environments accept
 *   https only), the signer is a key generated here; bucket, prefix, region and file name are prod's;
 * - a `kubectl` first on PATH accepts only step 6's `exec` into the restore Job and runs its script
 *   with the pod's paths moved, under the drill's shell.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ELECTORAL_FEED_PATHS } from '../../constructs/electoral-feed';
import { OFFSITE_ENV } from '../../lib/offsite';
import { runProgram, ShellResult } from '../helpers/run-shell';
import { startS3Server, S3Server } from '../helpers/s3-server';
import { describeWithTools, tool } from '../helpers/system-tools';
import {
  BusyboxApplets, FeedServer, Keys, nowEpoch, ok as serve, RunResult, runCollector, sha256, Shell, WebhookReceiver,
} from '../images/electoral-collector/helpers';

/** The collector CronJob's environment as committed in dist/<env>. */
function deployedCollectorEnv(envName: string): Record<string, string> {
  const file = resolve(__dirname, `../../dist/${envName}/electoral-feed.k8s.yaml`);
  const objects = parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => doc.toJS());
  const cronJob = objects.find((o) => o.kind === 'CronJob' && o.metadata.name === 'electoral-feed-collector');
  const [collector] = cronJob.spec.jobTemplate.spec.template.spec.containers;
  return Object.fromEntries(collector.env.map((e: { name: string; value: string }) => [e.name, e.value]));
}

const prod = deployedCollectorEnv('prod');
const BUCKET = prod[OFFSITE_ENV.bucket];
const PREFIX = prod[OFFSITE_ENV.prefix];
const REGION = prod[OFFSITE_ENV.region];
const FILE = prod.FEED_FILE_NAME;
const DRILL_TIMEOUT_MS = 240_000;

/** The shell blocks of the documented restore marked `<!-- restore-drill: NAME -->`, in order, unindented. */
function documentedRestoreSteps(): { name: string; script: string }[] {
  const doc = readFileSync(resolve(__dirname, '../../docs/electoral-feed.md'), 'utf8');
  const steps: { name: string; script: string }[] = [];
  for (const match of doc.matchAll(/<!-- restore-drill: ([a-z-]+) -->\n( *)```sh\n([\s\S]*?)\n *```/g)) {
    const indent = match[2].length;
    steps.push({ name: match[1], script: match[3].split('\n').map((line) => line.slice(indent)).join('\n') });
  }
  return steps;
}

function ok(step: string, result: ShellResult | RunResult, status = 0): void {
  const code = 'status' in result ? result.status : result.code;
  if (code !== status) throw new Error(`${step} exited ${code}, expected ${status}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
}

function drill(shell: Shell) {
  let root: string;
  let keys: Keys;
  let bb: BusyboxApplets | undefined;
  let s3: S3Server;
  let source: FeedServer;
  let webhook: WebhookReceiver;
  let started: number;
  const phases: string[] = [];
  const phase = (name: string, since: number) => phases.push(`${name} ${((Date.now() - since) / 1000).toFixed(1)} s`);

  const dirs = () => ({
    bin: join(root, 'bin'),
    publish: join(root, 'publish'),
    backup: join(root, 'backup'),
    secrets: join(root, 'secrets'),
    podTmp: join(root, 'pod-tmp'),
    tmp: join(root, 'tmp'),
    workstation: join(root, 'workstation'),
  });
  /** The container paths of the collector's environment and of the restore pod's script, moved. */
  const moves = (): [string, string][] => [
    [ELECTORAL_FEED_PATHS.publishDir, dirs().publish],
    [ELECTORAL_FEED_PATHS.backupDir, dirs().backup],
    ['/var/run/secrets', dirs().secrets],
    ['/tmp/restore', join(dirs().podTmp, 'restore')],
  ];
  const relocate = (text: string): string => {
    let moved = text;
    for (const [from, to] of moves()) moved = moved.split(from).join(to);
    // Nothing may still point into the container's filesystem.
    expect(moved.split(root).join('<drill>')).not.toMatch(/\/(srv|var\/run|tmp)\//);
    return moved;
  };

  /** prod's collector environment with the paths moved and the servers on loopback. */
  const collectorEnv = (): Record<string, string> => {
    const env = Object.fromEntries(Object.entries(prod).map(([name, value]) => [name, relocate(value)]));
    return {
      ...env,
      TMPDIR: dirs().tmp,
      FEED_SOURCE_URL: source.url(`/v1/${FILE}`),
      FEED_SIGNER_FINGERPRINTS: keys.publisherFpr,
      [OFFSITE_ENV.endpoint]: s3.endpoint,
    };
  };
  const collect = (): Promise<RunResult> => runCollector(shell, bb, { env: collectorEnv(), timeoutMs: 60_000 });
  const serveVersion = (data: Buffer, sig: Buffer) => source.route(`/v1/${FILE}`, serve(data)).route(`/v1/${FILE}.sig`, serve(sig));
  const backups = () => readdirSync(dirs().backup).filter((n) => /^\d{8}T\d{6}Z-[0-9a-f]{12}$/.test(n)).sort();

  beforeAll(async () => {
    started = Date.now();
    root = mkdtempSync(join(tmpdir(), `feed-restore-drill-${shell}-`));
    for (const dir of Object.values(dirs())) mkdirSync(dir);
    keys = Keys.create();
    if (shell === 'busybox') bb = BusyboxApplets.create();
    [s3, source, webhook] = await Promise.all([startS3Server([BUCKET]), new FeedServer().start(), new WebhookReceiver().start()]);
    // The Secret files where the CronJob mounts them (moved): token, keyring, webhook, the job's key pair.
    const secret = (path: string, content: string | Buffer) => {
      const file = relocate(path);
      mkdirSync(resolve(file, '..'), { recursive: true });
      writeFileSync(file, content, { mode: 0o600 });
    };
    secret(prod.FEED_TOKEN_FILE, `${source.token}\n`);
    secret(prod.FEED_KEYRING, readFileSync(keys.keyring));
    secret(prod.FEED_WEBHOOK_URL_FILE, `${webhook.url}\n`);
    secret(prod[OFFSITE_ENV.accessKeyIdFile], s3.accessKeyId);
    secret(prod[OFFSITE_ENV.secretAccessKeyFile], s3.secretAccessKey);
    // The restorer's key pair, on the workstation.
    writeFileSync(join(dirs().workstation, 'access-key-id'), `${s3.accessKeyId}\n`, { mode: 0o600 });
    writeFileSync(join(dirs().workstation, 'secret-access-key'), `${s3.secretAccessKey}\n`, { mode: 0o600 });

    // kubectl: only step 6's exec into the restore Job, its script run with the pod's paths moved.
    const podShell = shell === 'dash' ? 'dash' : `${bb!.busybox} sh`;
    const podPath = shell === 'dash' ? process.env.PATH : `${bb!.dir}:${process.env.PATH}`;
    const replacements = moves().map(([from, to]) => `script=\${script//${from.replace(/\//g, '\\/')}/${to}}`);
    writeFileSync(join(dirs().bin, 'kubectl'), [
      '#!/bin/bash',
      "# Drill stand-in: only the documented exec into the restore Job's pod, run here with the pod's paths moved.",
      'expected="-n electoral exec -i job/electoral-feed-restore -- sh -c"',
      'if [ "$1 $2 $3 $4 $5 $6 $7 $8" != "$expected" ]; then echo "drill kubectl: not the documented command: $*" >&2; exit 2; fi',
      'script=$9',
      'shift 9',
      ...replacements,
      `echo "drill kubectl: running the restore pod's script under ${shell}" >&2`,
      `PATH='${podPath}' TMPDIR='${dirs().tmp}' exec ${podShell} -c "$script" "$@"`,
      '',
    ].join('\n'), { mode: 0o755 });
    phase('servers up', started);
  }, DRILL_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all([s3?.close(), source?.stop(), webhook?.stop()]);
    keys?.dispose();
    bb?.dispose();
    rmSync(root, { recursive: true, force: true });
    phase('total', started);
    // The drill's duration, for the closing note and for anyone watching the suite's time.
    process.stdout.write(`feed restore drill (${shell}): ${phases.join(', ')}\n`);
  });

  test('publish and copy off the cluster, wipe both volumes, restore from the bucket by the documented steps, '
    + 'then the collector accepts the restored version and refuses an older one', async () => {
    let t = Date.now();
    const now = nowEpoch();
    const v1 = Buffer.from('{"precinct":1,"votes":{"Doe":1001}}\n');
    const v2 = Buffer.from('{"precinct":1,"votes":{"Doe":1002,"Roe":17}}\n');
    const sig1 = keys.sign(v1, { at: now - 600 });
    const sig2 = keys.sign(v2, { at: now - 300 });
    serveVersion(v1, sig1);
    const r1 = await collect();
    ok('first publish', r1);
    serveVersion(v2, sig2);
    const r2 = await collect();
    ok('second publish', r2);
    const published = backups();
    expect(published).toHaveLength(2);
    for (const b of published) {
      expect(readFileSync(s3.objectFile(BUCKET, `${PREFIX}${b}.data`))).toEqual(readFileSync(join(dirs().backup, b, FILE)));
      expect(readFileSync(s3.objectFile(BUCKET, `${PREFIX}${b}.status.json`))).toEqual(readFileSync(join(dirs().backup, b, 'status.json')));
    }
    const liveRecord = readFileSync(join(dirs().publish, 'status.json'));
    expect(webhook.calls).toEqual([]);
    phase('publish and copy', t);

    // The disaster: both volumes are gone; new, empty claims.
    t = Date.now();
    for (const dir of [dirs().publish, dirs().backup]) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir);
    }
    const steps = documentedRestoreSteps();
    expect(steps.map((step) => step.name)).toEqual(['credentials', 'download', 'restore']);
    const restore = await runProgram(
      ['bash', '--norc', '--noprofile', '-c', `set -euo pipefail\ncd ${dirs().workstation}\n${steps.map((step) => step.script).join('\n')}`],
      { PATH: `${dirs().bin}:${process.env.PATH}`, LC_ALL: 'C', HOME: dirs().workstation,
        S3_ENDPOINT: s3.endpoint, S3_BUCKET: BUCKET, S3_PREFIX: PREFIX, S3_REGION: REGION },
    );
    ok('documented restore', restore);
    const newest = published[1];
    expect(restore.stdout).toBe(`verified: ${newest} (${FILE})\nrestored: ${newest}\n`);
    expect(restore.stderr).toContain(`drill kubectl: running the restore pod's script under ${shell}`);
    expect(restore.stderr).toMatch(/gpgv: Good signature/);
    expect(readFileSync(join(dirs().publish, FILE))).toEqual(v2);
    expect(readFileSync(join(dirs().publish, `${FILE}.sig`))).toEqual(sig2);
    expect(readFileSync(join(dirs().publish, 'status.json'))).toEqual(liveRecord);
    expect(readFileSync(join(dirs().backup, 'status.json'))).toEqual(liveRecord);
    expect(backups()).toEqual([newest]);
    expect(readdirSync(dirs().publish).filter((n) => n.startsWith('.tmp-')).concat(readdirSync(dirs().podTmp))).toEqual([]);
    phase('wipe and restore', t);

    // The next runs: the restored version is the accepted one.
    t = Date.now();
    const same = await collect();
    ok('run after the restore (same version)', same);
    expect(same.logs.map((l) => l.msg)).toContain('unchanged');
    // The restored backup has no marker: it is copied to the bucket again (the same bytes).
    expect(JSON.parse(readFileSync(join(dirs().backup, newest, '.offsite'), 'utf8')).target).toBe(`${s3.endpoint}/${BUCKET}/${PREFIX}`);
    expect(JSON.parse(liveRecord.toString()).sha256).toBe(sha256(v2));
    serveVersion(v1, sig1);
    const replay = await collect();
    ok('run after the restore (older version)', replay, 2);
    expect(replay.logs.find((l) => l.level === 'error')?.msg).toMatch(/^replay: /);
    expect(readFileSync(join(dirs().publish, FILE))).toEqual(v2);
    expect(webhook.calls.map((c) => c.json?.stage)).toEqual(['compare']);
    phase('runs after the restore', t);
  }, DRILL_TIMEOUT_MS);
}

describeWithTools('feed restore drill under dash: publish → bucket → wipe → restore → the collector accepts it', [tool.openssl],
  () => drill('dash'));
describeWithTools('feed restore drill under busybox sh: publish → bucket → wipe → restore → the collector accepts it', [tool.busybox, tool.openssl],
  () => drill('busybox'));
