/**
 * The electoral collector's metrics: the contract between the collector (collect.sh writes a
 * Prometheus text-format file on the publish volume, the microsite's nginx serves it on its
 * metrics port) and the rules and dashboard here. renderFeedMetrics is the reference rendering:
 * the collector's output must match it byte for byte for the same state.
 */

/** Metric names, one place for the collector's contract, the alerts and the dashboard. */
export const FEED_METRICS = {
  /** Gauge: `signed_at` of the live (published) results file, Unix seconds. */
  publishedSignedAt: 'electoral_feed_published_signed_at_seconds',
  /** Gauge: when a run last replaced the live file, Unix seconds. */
  lastPublish: 'electoral_feed_last_publish_timestamp_seconds',
  /** Gauge per stage: when it last ran, Unix seconds; label `result` says how it ended. */
  stageLastRun: 'electoral_feed_stage_last_run_timestamp_seconds',
  /** Gauge, always 1: the fingerprint of the key that signed the live file. */
  signerInfo: 'electoral_feed_signer_info',
} as const;

/**
 * Stages of a run, in order; `offsite` is the copy of the backups off the cluster (only where the
 * feed has a target: `unchanged` when nothing was waiting to be copied); `run` is the run as a whole.
 */
export const FEED_STAGES = ['download', 'verify', 'compare', 'publish', 'offsite', 'run'] as const;
export type FeedStage = (typeof FEED_STAGES)[number];

/** `unchanged`: the stage found nothing new to do (the source still serves the published results). */
export const FEED_STAGE_RESULTS = ['success', 'unchanged', 'failure'] as const;
export type FeedStageResult = (typeof FEED_STAGE_RESULTS)[number];

export interface FeedStageRun {
  readonly stage: FeedStage;
  readonly result: FeedStageResult;
  /** Unix seconds. */
  readonly at: number;
}

/** What the collector knows after a run; absent values are left out of the file. */
export interface FeedMetricsState {
  readonly publishedSignedAt?: number;
  readonly lastPublishAt?: number;
  /** The latest run of each stage that has run (at most one per stage). */
  readonly stages: readonly FeedStageRun[];
  /** OpenPGP fingerprint (40 or 64 hex digits, upper case) of the live file's signer. */
  readonly signerFingerprint?: string;
}

const HELP: Record<keyof typeof FEED_METRICS, string> = {
  publishedSignedAt: 'signed_at of the published results file, in Unix seconds.',
  lastPublish: 'Time the collector last replaced the published results file, in Unix seconds.',
  stageLastRun: 'Time each stage of the collector last ran, in Unix seconds; result is success, unchanged or failure.',
  signerInfo: 'Fingerprint of the OpenPGP key that signed the published results file (value always 1).',
};

function seconds(name: string, value: number): string {
  if (!Number.isInteger(value) || value < 0) throw new Error(`renderFeedMetrics: ${name} ${value} must be whole, non-negative Unix seconds`);
  return String(value);
}

/**
 * The metrics file for `state`, in the Prometheus text format (version 0.0.4): every metric with
 * HELP and TYPE in FEED_METRICS order, stage samples in FEED_STAGES order, values as integers,
 * lines ending in "\n". A metric without samples keeps its HELP and TYPE lines.
 */
export function renderFeedMetrics(state: FeedMetricsState): string {
  const stagesSeen = new Set<FeedStage>();
  for (const run of state.stages) {
    if (!FEED_STAGES.includes(run.stage)) throw new Error(`renderFeedMetrics: unknown stage "${run.stage}" (${FEED_STAGES.join(', ')})`);
    if (!FEED_STAGE_RESULTS.includes(run.result)) {
      throw new Error(`renderFeedMetrics: unknown result "${run.result}" (${FEED_STAGE_RESULTS.join(', ')})`);
    }
    if (stagesSeen.has(run.stage)) throw new Error(`renderFeedMetrics: stage "${run.stage}" listed twice; keep only its latest run`);
    stagesSeen.add(run.stage);
  }
  const fingerprint = state.signerFingerprint;
  if (fingerprint !== undefined && !/^([0-9A-F]{40}|[0-9A-F]{64})$/.test(fingerprint)) {
    throw new Error(`renderFeedMetrics: signer fingerprint "${fingerprint}" is not 40 or 64 upper-case hex digits`);
  }

  const samples: Record<keyof typeof FEED_METRICS, string[]> = {
    publishedSignedAt: state.publishedSignedAt === undefined ? [] : [seconds('publishedSignedAt', state.publishedSignedAt)],
    lastPublish: state.lastPublishAt === undefined ? [] : [seconds('lastPublishAt', state.lastPublishAt)],
    stageLastRun: FEED_STAGES.flatMap((stage) => state.stages.filter((run) => run.stage === stage))
      .map((run) => `{stage="${run.stage}",result="${run.result}"} ${seconds(`${run.stage} at`, run.at)}`),
    signerInfo: fingerprint === undefined ? [] : [`{fingerprint="${fingerprint}"} 1`],
  };
  const lines: string[] = [];
  for (const key of Object.keys(FEED_METRICS) as (keyof typeof FEED_METRICS)[]) {
    const name = FEED_METRICS[key];
    lines.push(`# HELP ${name} ${HELP[key]}`, `# TYPE ${name} gauge`);
    for (const sample of samples[key]) lines.push(sample.startsWith('{') ? `${name}${sample}` : `${name} ${sample}`);
  }
  return `${lines.join('\n')}\n`;
}
