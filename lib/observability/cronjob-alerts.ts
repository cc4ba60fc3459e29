/**
 * Alerts every CronJob gets from its own schedule and deadlines, over kube-state-metrics. Nothing
 * is hand-tuned: the construct knows how long a healthy CronJob can go without a success.
 */
import { Schedule } from '../cron';
import { durationText } from '../duration-text';
import { matchers } from './promql';
import { AlertRouting, PrometheusRuleGroup, routedAlert, SCRAPE_DELAY, Severity } from './rules';

export interface CronJobAlertOptions {
  readonly namespace: string;
  /** `metadata.name` of the CronJob. */
  readonly cronJobName: string;
  readonly schedule: Schedule;
  /** The CronJob's `spec.timeZone`. */
  readonly timeZone: string;
  /** `spec.startingDeadlineSeconds`: how late a run may start. */
  readonly startingDeadlineSeconds: number;
  /** The Job's `activeDeadlineSeconds`: how long a run, retries included, may take. */
  readonly activeDeadlineSeconds: number;
  readonly routing: AlertRouting;
  /**
   * The configuration suspends the CronJob (a paused environment): then no success is expected and
   * the staleness alert is left out. A CronJob suspended by hand is not this: it still alerts.
   */
  readonly suspendedByConfig: boolean;
  /**
   * Severity of "no successful run".
   * @default 'critical'
   */
  readonly staleSeverity?: Severity;
}

/**
 * The longest a healthy CronJob goes without a new success, in seconds: the previous success
 * completed no earlier than its scheduled time, and the next run is scheduled at most the longest
 * gap later, may start up to the starting deadline late and finishes within the active deadline.
 */
export function staleAfterSeconds(
  options: Pick<CronJobAlertOptions, 'schedule' | 'timeZone' | 'startingDeadlineSeconds' | 'activeDeadlineSeconds'>,
): number {
  for (const key of ['startingDeadlineSeconds', 'activeDeadlineSeconds'] as const) {
    const value = options[key];
    if (!Number.isInteger(value) || value < 0) throw new Error(`staleAfterSeconds: ${key} ${value} must be a whole, non-negative number of seconds`);
  }
  return options.schedule.longestGapSeconds(options.timeZone) + options.startingDeadlineSeconds + options.activeDeadlineSeconds;
}

/**
 * The rule group `<cronjob>.cronjob.rules`:
 * - `CronJobNotSucceeding`: no successful run for longer than staleAfterSeconds, or none since the
 *   CronJob was created that long ago, or kube-state-metrics does not see the CronJob. A suspended
 *   CronJob is not excluded: suspending a job by hand must not silence its alert.
 * - `CronJobLastRunFailed` (warning): the most recent Job the CronJob created failed as a whole
 *   (its Failed condition: retries exhausted, deadline exceeded). It resolves when a newer run
 *   starts, so a nightly job's failure stays visible until the next night.
 */
export function cronJobAlertRuleGroup(options: CronJobAlertOptions): PrometheusRuleGroup {
  const { namespace, cronJobName, routing } = options;
  const stale = staleAfterSeconds(options);
  const window = durationText(stale);
  const cronJob = matchers({ namespace, cronjob: cronJobName });
  const object = `CronJob ${namespace}/${cronJobName}`;
  const labels = { cronjob: cronJobName };

  const rules = [];
  if (!options.suspendedByConfig) {
    rules.push(routedAlert(routing, {
      alert: 'CronJobNotSucceeding',
      expr: [
        `(time() - max by (namespace, cronjob) (kube_cronjob_status_last_successful_time${cronJob}) > ${stale})`,
        'or',
        `(time() - max by (namespace, cronjob) (kube_cronjob_created${cronJob}) > ${stale}`,
        `  unless on (namespace, cronjob) kube_cronjob_status_last_successful_time${cronJob})`,
        'or',
        `absent(kube_cronjob_created${cronJob})`,
      ].join('\n'),
      for: SCRAPE_DELAY,
      severity: options.staleSeverity ?? 'critical',
      summary: `${object} has not succeeded for more than ${window}`,
      description:
        `No successful run of ${object} for more than ${window} (its longest gap between runs plus its starting and active deadlines), ` +
        'or kube-state-metrics does not see it. First check whether it is suspended (kubectl get cronjob), then its events, ' +
        'its last Jobs and their pods.',
      labels,
    }));
  }

  // kube_job_owner ties each Job to its CronJob; the owner's newest Job is the one with the latest start time.
  const ownedStartTimes = [
    'max by (namespace, job_name, owner_name) (',
    `  kube_job_status_start_time${matchers({ namespace })}`,
    '  * on (namespace, job_name) group_left (owner_name)',
    `  max by (namespace, job_name, owner_name) (kube_job_owner${matchers({ namespace, owner_kind: 'CronJob', owner_name: cronJobName })})`,
    ')',
  ];
  rules.push(routedAlert(routing, {
    alert: 'CronJobLastRunFailed',
    expr: [
      `max by (namespace, job_name) (kube_job_failed${matchers({ namespace, condition: 'true' })}) == 1`,
      'and on (namespace, job_name)',
      '(',
      ...ownedStartTimes.map((line) => `  ${line}`),
      '  == on (namespace, owner_name) group_left ()',
      '  max by (namespace, owner_name) (',
      ...ownedStartTimes.map((line) => `    ${line}`),
      '  )',
      ')',
    ].join('\n'),
    for: '0m',
    severity: 'warning',
    summary: `The last run of ${object} failed (Job {{ $labels.job_name }})`,
    description:
      'The newest Job of this CronJob failed as a whole: its retries are exhausted or it hit its deadline. ' +
      'Read its pods\' logs (kubectl logs job/{{ $labels.job_name }}) and events; the alert clears when the next run starts.',
    labels,
  }));
  return { name: `${cronJobName}.cronjob.rules`, rules };
}
