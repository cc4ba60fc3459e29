// The collector's metrics file (FEED_METRICS_FILE): after every run, success, unchanged or failed,
// it holds exactly what renderFeedMetrics (lib/observability/feed-metrics.ts, the contract) renders
// for the state the run leaves: each stage's latest run and result, the live record's signed_at,
// published_at and signer. Run under dash (collector.test.ts) and busybox (collector-busybox.test.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FEED_METRICS, FeedMetricsState, FeedStage, FeedStageResult, FeedStageRun, renderFeedMetrics } from '../../../lib/observability';
import { FILE, World, describeRun, logsWith, nowEpoch, RunResult, status } from './helpers';
import { csv, rfc3339 } from './scenarios';

/** The file's place in the pod: a dot-directory of the publish volume that nginx serves on its metrics port only. */
export function metricsFile(w: World): string {
  return path.join(w.fx.pub, '.metrics', 'electoral-feed.prom');
}

/** The metrics file, parsed back into the contract's state; throws on any line the contract does not allow. */
export function parseFeedMetrics(text: string): FeedMetricsState {
  let publishedSignedAt: number | undefined;
  let lastPublishAt: number | undefined;
  let signerFingerprint: string | undefined;
  const stages: FeedStageRun[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# ')) continue;
    let m: RegExpMatchArray | null;
    if ((m = line.match(new RegExp(`^${FEED_METRICS.publishedSignedAt} (\\d+)$`)))) publishedSignedAt = Number(m[1]);
    else if ((m = line.match(new RegExp(`^${FEED_METRICS.lastPublish} (\\d+)$`)))) lastPublishAt = Number(m[1]);
    else if ((m = line.match(new RegExp(`^${FEED_METRICS.stageLastRun}\\{stage="([a-z]+)",result="([a-z]+)"\\} (\\d+)$`)))) {
      stages.push({ stage: m[1] as FeedStage, result: m[2] as FeedStageResult, at: Number(m[3]) });
    } else if ((m = line.match(new RegExp(`^${FEED_METRICS.signerInfo}\\{fingerprint="([0-9A-F]+)"\\} 1$`)))) signerFingerprint = m[1];
    else throw new Error(`not a line of the feed's metrics contract: ${JSON.stringify(line)}`);
  }
  return { publishedSignedAt, lastPublishAt, stages, signerFingerprint };
}

/** Reads the file, checks it byte for byte against the reference rendering, returns the state. */
export function readMetrics(w: World): FeedMetricsState {
  const file = metricsFile(w);
  const text = fs.readFileSync(file, 'utf8');
  const state = parseFeedMetrics(text);
  expect(text).toBe(renderFeedMetrics(state));
  expect(fs.statSync(file).mode & 0o777).toBe(0o644);
  // written through a temp file beside it, renamed: nothing else left in the directory
  expect(fs.readdirSync(path.dirname(file))).toEqual([path.basename(file)]);
  return state;
}

/** Stage -> [result, at]. */
function stagesOf(state: FeedMetricsState): Record<string, [FeedStageResult, number]> {
  return Object.fromEntries(state.stages.map((s) => [s.stage, [s.result, s.at]]));
}

function expectExit(r: RunResult, code: number): void {
  if (r.code !== code) throw new Error(`expected exit ${code}\n${describeRun(r)}`);
}

/** Every time in `stages` for `names` lies within [from, to] (the run's own clock). */
function expectRanWithin(stages: Record<string, [FeedStageResult, number]>, names: string[], from: number, to: number): void {
  for (const name of names) {
    expect(stages[name]).toBeDefined();
    expect(stages[name][1]).toBeGreaterThanOrEqual(from);
    expect(stages[name][1]).toBeLessThanOrEqual(to);
  }
}

export const METRICS_SCENARIOS: Record<string, (w: World) => Promise<void>> = {
  async 'metrics: success, unchanged, then failed runs each leave the contract file with every stage\'s latest result'(w) {
    const env = { FEED_METRICS_FILE: metricsFile(w) };
    const signedAt = nowEpoch() - 120;
    const v1 = csv(1);
    w.server.serve(v1, w.keys.sign(v1, { at: signedAt }));
    const t0 = nowEpoch();
    const r1 = await w.run(env);
    const t1 = nowEpoch();
    expectExit(r1, 0);
    const live = w.fx.status();
    const m1 = readMetrics(w);
    expect(m1.publishedSignedAt).toBe(signedAt);
    expect(m1.lastPublishAt).toBe(Date.parse(live.published_at as string) / 1000);
    expect(m1.signerFingerprint).toBe(w.keys.publisherFpr);
    const s1 = stagesOf(m1);
    expect(Object.keys(s1)).toEqual(['download', 'verify', 'compare', 'publish', 'run']);
    expect(Object.values(s1).map(([result]) => result)).toEqual(['success', 'success', 'success', 'success', 'success']);
    expectRanWithin(s1, Object.keys(s1), t0, t1);

    // Unchanged: the stages that ran are replaced, publish keeps its time, the live facts stay.
    const r2 = await w.run(env);
    const t2 = nowEpoch();
    expectExit(r2, 0);
    expect(logsWith(r2, 'unchanged')).toHaveLength(1);
    const m2 = readMetrics(w);
    const s2 = stagesOf(m2);
    expect(s2.compare[0]).toBe('unchanged');
    expect(s2.run[0]).toBe('unchanged');
    expect(s2.download[0]).toBe('success');
    expect(s2.verify[0]).toBe('success');
    expect(s2.publish).toEqual(s1.publish);
    expectRanWithin(s2, ['download', 'verify', 'compare', 'run'], t1, t2);
    expect({ ...m2, stages: [] }).toEqual({ ...m1, stages: [] });

    // A bad signature: verify and run fail; download ran; compare and publish are those of before.
    w.server.serve(csv(2), w.keys.sign(csv(99)));
    const r3 = await w.run(env);
    const t3 = nowEpoch();
    expectExit(r3, 2);
    const s3 = stagesOf(readMetrics(w));
    expect(s3.verify[0]).toBe('failure');
    expect(s3.run[0]).toBe('failure');
    expect(s3.download[0]).toBe('success');
    expectRanWithin(s3, ['download', 'verify', 'run'], t2, t3);
    expect(s3.compare).toEqual(s2.compare);
    expect(s3.publish).toEqual(s1.publish);

    // The source fails: download and run fail, the published facts are still the live file's.
    w.server.route(`/feed/${FILE}`, status(404));
    const r4 = await w.run(env);
    expectExit(r4, 1);
    const m4 = readMetrics(w);
    const s4 = stagesOf(m4);
    expect([s4.download[0], s4.verify[0], s4.run[0]]).toEqual(['failure', 'failure', 'failure']);
    expect(s4.verify).toEqual(s3.verify);
    expect(m4.publishedSignedAt).toBe(signedAt);
    expect(m4.signerFingerprint).toBe(w.keys.publisherFpr);
    expect(w.fx.status()).toEqual(live);
  },

  async 'metrics: a replay is a compare failure; the live facts stay those of the newer version'(w) {
    const env = { FEED_METRICS_FILE: metricsFile(w) };
    const now = nowEpoch();
    const v2 = csv(2);
    w.server.serve(v2, w.keys.sign(v2, { at: now - 60 }));
    expectExit(await w.run(env), 0);
    const v1 = csv(1);
    w.server.serve(v1, w.keys.sign(v1, { at: now - 3600 }));
    const r = await w.run(env);
    expectExit(r, 2);
    const m = readMetrics(w);
    const s = stagesOf(m);
    expect([s.download[0], s.verify[0], s.compare[0], s.publish[0], s.run[0]]).toEqual(['success', 'success', 'failure', 'success', 'failure']);
    expect(m.publishedSignedAt).toBe(now - 60);
    expect(rfc3339(m.publishedSignedAt!)).toBe(w.fx.status().signed_at);
  },

  async 'metrics: a run that fails its configuration still writes the file (only the run, nothing published)'(w) {
    const r = await w.run({ FEED_METRICS_FILE: metricsFile(w), FEED_SOURCE_URL: undefined });
    expectExit(r, 3);
    const m = readMetrics(w);
    expect(m.publishedSignedAt).toBeUndefined();
    expect(m.lastPublishAt).toBeUndefined();
    expect(m.signerFingerprint).toBeUndefined();
    expect(m.stages.map((s) => [s.stage, s.result])).toEqual([['run', 'failure']]);
  },

  async 'metrics: the file of a failed first run is not a published version: the next run publishes'(w) {
    const env = { FEED_METRICS_FILE: metricsFile(w) };
    expect((await w.run(env)).code).toBe(1); // nothing served yet: 404
    expect(fs.existsSync(metricsFile(w))).toBe(true);
    const v1 = csv(1);
    w.server.serve(v1, w.keys.sign(v1));
    const r = await w.run(env);
    expectExit(r, 0);
    expect(logsWith(r, 'first publish: both volumes are empty')).toHaveLength(1);
    expect(stagesOf(readMetrics(w)).run[0]).toBe('success');
  },

  async 'metrics: a file that cannot be written fails the run (exit 1, alert), the published version stays'(w) {
    // The metrics directory is a regular file: the write cannot succeed.
    fs.writeFileSync(path.join(w.fx.pub, '.metrics'), 'not a directory\n');
    const v1 = csv(1);
    w.server.serve(v1, w.keys.sign(v1));
    const r = await w.run({ FEED_METRICS_FILE: metricsFile(w) });
    expectExit(r, 1);
    expect(r.logs.filter((l) => l.msg === 'published')).toHaveLength(1);
    expect(logsWith(r, 'cannot write the metrics file')).toHaveLength(1);
    expect(w.fx.liveData().equals(v1)).toBe(true);
    expect(w.webhook.calls).toHaveLength(1);
    expect(w.webhook.calls[0].json).toMatchObject({ exit_code: 1, text: expect.stringMatching(/metrics file could not be written/) });
    expect(fs.readdirSync(w.fx.pub).filter((n) => n.startsWith('.tmp-collect-'))).toEqual([]);
  },

  async 'metrics: a relative FEED_METRICS_FILE is a configuration error (exit 3) before any request'(w) {
    const r = await w.run({ FEED_METRICS_FILE: 'metrics/electoral-feed.prom' });
    expectExit(r, 3);
    expect(logsWith(r, 'FEED_METRICS_FILE must be an absolute file path')).toHaveLength(1);
    expect(w.server.requests).toHaveLength(0);
  },
};
