/**
 * Alerts for a scheduled feed, as Prometheus operator rule groups over kube-state-metrics. They
 * cover what the collector's own webhook cannot: a run that never starts (suspended, unschedulable,
 * image pull failure, controller down) or is killed before it could send its alert.
 */
import { Schedule } from '../cron';
import { durationText } from '../duration-text';

export interface FeedAlertOptions {
  /** Namespace of the CronJob. */
  readonly namespace: string;
  /** `metadata.name` of the CronJob. */
  readonly cronJobName: string;
  /** No successful run for this long is critical. */
  readonly staleAfterSeconds: number;
  /** Whether the CronJob is meant to be suspended (then a suspended CronJob is not an alert). */
  readonly suspendedByConfig: boolean;
  readonly runbookUrl: string;
  /** Prefix of the alert names, e.g. `ElectoralFeed`. */
  readonly alertPrefix: string;
}

export interface PrometheusAlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

export interface PrometheusRuleGroup {
  readonly name: string;
  readonly rules: PrometheusAlertRule[];
}

/** A monday, 2025-01-06T00:00:00Z: a fixed start keeps the computed gap the same on every synth. */
const REFERENCE_START = Date.UTC(2025, 0, 6);
const WINDOW_MS = 8 * 24 * 3600 * 1000;
const MAX_RUNS = 3000;

/**
 * The longest time between two consecutive runs of `schedule` in `timeZone`, in seconds, over the
 * runs of eight days from a fixed Monday (one week of weekday patterns, plus the gap that leaves
 * the window). Daylight-saving changes may add an hour once a year; that is not counted.
 */
export function longestGapSeconds(schedule: Schedule, timeZone: string): number {
  let previous = schedule.nextRun(new Date(REFERENCE_START), timeZone);
  let longest = 0;
  for (let i = 0; previous !== undefined && i < MAX_RUNS; i++) {
    const next = schedule.nextRun(previous, timeZone);
    if (next === undefined) break;
    longest = Math.max(longest, Math.round((next.getTime() - previous.getTime()) / 1000));
    if (next.getTime() > REFERENCE_START + WINDOW_MS) break;
    previous = next;
  }
  if (longest === 0) throw new Error(`longestGapSeconds: the schedule "${schedule.expression}" has no two consecutive runs`);
  return longest;
}

/** A PromQL string literal. */
function quote(value: string): string {
  return JSON.stringify(value);
}


/**
 * The rule group:
 * - `<prefix>Stale` (critical): no successful run for `staleAfterSeconds`, or never a success since
 *   the CronJob was created that long ago, or kube-state-metrics does not see the CronJob at all;
 *   not while it is suspended (that has its own alert).
 * - `<prefix>RunFailed` (warning): a run failed as a whole (its Failed condition) within the
 *   stale window; the collector's webhook may have been cut off (OOM, deadline, eviction).
 * - `<prefix>Suspended` (warning), only when the configuration does not suspend the CronJob:
 *   someone suspended it by hand.
 */
export function feedAlertRuleGroup(options: FeedAlertOptions): PrometheusRuleGroup {
  const { namespace, cronJobName, staleAfterSeconds: stale, runbookUrl, alertPrefix } = options;
  if (!Number.isInteger(stale) || stale < 60) throw new Error(`feedAlertRuleGroup: staleAfterSeconds ${stale} must be a whole number of seconds, at least 60`);
  const cronJob = `namespace=${quote(namespace)}, cronjob=${quote(cronJobName)}`;
  // Jobs a CronJob creates are named <cronjob>-<scheduled time in minutes>.
  const jobs = `namespace=${quote(namespace)}, job_name=~${quote(`${cronJobName}-[0-9]+`)}`;
  const window = durationText(stale);
  const common = { namespace, cronjob: cronJobName };

  const rules: PrometheusAlertRule[] = [
    {
      alert: `${alertPrefix}Stale`,
      expr: [
        '(',
        `  (time() - max by (namespace, cronjob) (kube_cronjob_status_last_successful_time{${cronJob}}) > ${stale})`,
        '  or',
        `  ((time() - max by (namespace, cronjob) (kube_cronjob_created{${cronJob}}) > ${stale})`,
        `    unless on (namespace, cronjob) kube_cronjob_status_last_successful_time{${cronJob}})`,
        '  or',
        `  absent(kube_cronjob_created{${cronJob}})`,
        ')',
        `unless on (namespace, cronjob) (kube_cronjob_spec_suspend{${cronJob}} == 1)`,
      ].join('\n'),
      for: '1m',
      labels: { severity: 'critical', ...common },
      annotations: {
        summary: `CronJob ${namespace}/${cronJobName} has not succeeded for more than ${window}`,
        description: `No successful run of ${namespace}/${cronJobName} for more than ${window} (two scheduling intervals), or kube-state-metrics does not see the CronJob. The published results are getting old. A run that never starts sends no webhook: check the CronJob's events, its last Jobs and their pods.`,
        runbook_url: runbookUrl,
      },
    },
    {
      alert: `${alertPrefix}RunFailed`,
      expr: [
        `(max by (namespace, job_name) (kube_job_failed{${jobs}, condition="true"}) == 1)`,
        'and on (namespace, job_name)',
        `(time() - max by (namespace, job_name) (kube_job_status_start_time{${jobs}}) < ${stale})`,
      ].join('\n'),
      for: '0m',
      labels: { severity: 'warning', ...common },
      annotations: {
        summary: `A run of ${namespace}/${cronJobName} failed ({{ $labels.job_name }})`,
        description: 'The Job failed as a whole (non-retryable exit code, retries exhausted, or deadline exceeded). The collector alerts on its own failures by webhook; this alert also covers runs killed before they could (OOM, deadline, eviction).',
        runbook_url: runbookUrl,
      },
    },
  ];
  if (!options.suspendedByConfig) {
    rules.push({
      alert: `${alertPrefix}Suspended`,
      expr: `max by (namespace, cronjob) (kube_cronjob_spec_suspend{${cronJob}}) == 1`,
      for: '15m',
      labels: { severity: 'warning', ...common },
      annotations: {
        summary: `CronJob ${namespace}/${cronJobName} is suspended`,
        description: 'The configuration does not suspend this CronJob, but it is suspended: no results are collected. Resume it (or sync the application) once the reason is gone.',
        runbook_url: runbookUrl,
      },
    });
  }
  return { name: `${cronJobName}.rules`, rules };
}
