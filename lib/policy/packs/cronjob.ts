/**
 * The `cronjob` pack: scheduled jobs run once per slot, start in time or not at all, finish before
 * the next slot, keep their history, and mean the same wall-clock time on every cluster.
 */
import { CronSyntaxError, Schedule, validateTimeZone } from '../../cron';
import { asInteger, asObject, asString } from '../json';
import { annotationsOf, isKind, parseApiVersion } from '../objects';
import { Manifest, Pack, Rule, Violation } from '../types';
import { durationText } from '../../duration-text';

/**
 * Annotation on a CronJob that allows a run (starting deadline + active deadline) to last longer
 * than the shortest gap between two scheduled runs; its value says why that is acceptable.
 */
export const ALLOW_OVERRUN_ANNOTATION = 'policy.platform/allow-overrun';

/** Below 10 s the CronJob controller (which syncs every 10 s) may miss the start window entirely. */
const MIN_STARTING_DEADLINE_SECONDS = 10;

const isCronJob = (manifest: Manifest): boolean => isKind(manifest, 'batch', 'CronJob');

function cronJobRule(rule: Omit<Rule, 'pack' | 'check'> & { check: (cronJob: Manifest, spec: Record<string, unknown>) => Violation[] }): Rule {
  return {
    ...rule,
    pack: 'cronjob',
    check: ({ entry }) => (isCronJob(entry.manifest) ? rule.check(entry.manifest, asObject(entry.manifest.spec) ?? {}) : []),
  };
}

const schedules = new Map<string, Schedule | CronSyntaxError>();

/** The parsed schedule or why it does not parse; cached because several rules read it. */
function parseSchedule(expression: string): Schedule | CronSyntaxError {
  let parsed = schedules.get(expression);
  if (!parsed) {
    try {
      parsed = Schedule.cron(expression);
    } catch (error) {
      if (!(error instanceof CronSyntaxError)) throw error;
      parsed = error;
    }
    schedules.set(expression, parsed);
  }
  return parsed;
}

/** `300s (5m)`: exact seconds for comparison with the fields, plus a reading aid for long spans. */
function formatSeconds(seconds: number): string {
  return seconds >= 60 ? `${seconds}s (${durationText(seconds)})` : `${seconds}s`;
}

const apiVersion = cronJobRule({
  id: 'cronjob/api-version',
  severity: 'error',
  rationale: 'batch/v1beta1 and batch/v2alpha1 CronJobs are no longer served (removed in 1.25 and 1.21); batch/v1 is the only CronJob API.',
  fix: 'Set apiVersion: batch/v1 (the spec fields are the same; timeZone needs 1.27+).',
  check: (cronJob) =>
    parseApiVersion(String(cronJob.apiVersion)).version === 'v1'
      ? []
      : [{ path: 'apiVersion', message: `${cronJob.apiVersion} CronJob is rejected: use batch/v1` }],
});

const schedule = cronJobRule({
  id: 'cronjob/schedule',
  severity: 'error',
  rationale: 'A schedule the API server rejects fails the sync; one it accepts but that never fires means a job that silently never runs.',
  fix: 'Write spec.schedule as five cron fields or a descriptor (@daily, ...); the time zone goes in spec.timeZone, not in the schedule.',
  check: (_cronJob, spec) => {
    const expression = asString(spec.schedule);
    if (expression === undefined) return [{ path: 'spec.schedule', message: 'spec.schedule is missing' }];
    const parsed = parseSchedule(expression);
    return parsed instanceof CronSyntaxError ? [{ path: 'spec.schedule', message: `schedule ${JSON.stringify(expression)} is invalid: ${parsed.message}` }] : [];
  },
});

const concurrencyPolicy = cronJobRule({
  id: 'cronjob/concurrency-policy',
  severity: 'error',
  rationale: 'With Allow (the default) a slow run and the next one run at the same time, doubling load and racing on the same data.',
  fix: 'Set spec.concurrencyPolicy: Forbid (skip a run while one is active) or Replace (stop the old run).',
  check: (_cronJob, spec) =>
    spec.concurrencyPolicy === 'Forbid' || spec.concurrencyPolicy === 'Replace'
      ? []
      : [
          {
            path: 'spec.concurrencyPolicy',
            message: spec.concurrencyPolicy === undefined ? 'concurrencyPolicy is not set (defaults to Allow)' : `concurrencyPolicy is ${JSON.stringify(spec.concurrencyPolicy)}`,
          },
        ],
});

const startingDeadline = cronJobRule({
  id: 'cronjob/starting-deadline',
  severity: 'error',
  rationale:
    'Without startingDeadlineSeconds a controller outage makes the CronJob start a missed run late (and, after 100 misses, stop scheduling); below 10 s the controller may miss every start.',
  fix: `Set spec.startingDeadlineSeconds to at least ${MIN_STARTING_DEADLINE_SECONDS}, and no longer than a late start is still useful.`,
  check: (_cronJob, spec) => {
    const seconds = asInteger(spec.startingDeadlineSeconds);
    if (seconds === undefined) return [{ path: 'spec.startingDeadlineSeconds', message: 'startingDeadlineSeconds is not set' }];
    return seconds < MIN_STARTING_DEADLINE_SECONDS
      ? [{ path: 'spec.startingDeadlineSeconds', message: `startingDeadlineSeconds is ${seconds}, below the minimum of ${MIN_STARTING_DEADLINE_SECONDS}` }]
      : [];
  },
});

const deadlinesFitSchedule = cronJobRule({
  id: 'cronjob/deadlines-fit-schedule',
  severity: 'error',
  rationale:
    'A run that may start late (startingDeadlineSeconds) and run long (activeDeadlineSeconds) must be over before the next slot, or runs pile up behind Forbid or get killed by Replace.',
  fix: `Keep startingDeadlineSeconds + jobTemplate.spec.activeDeadlineSeconds within the shortest gap between two runs in the CronJob's time zone, or annotate ${ALLOW_OVERRUN_ANNOTATION}: "<why an overrun is acceptable>".`,
  check: (cronJob, spec) => {
    const overrunReason = annotationsOf(cronJob)[ALLOW_OVERRUN_ANNOTATION];
    if (overrunReason !== undefined && overrunReason.trim() !== '') return [];
    const parsed = parseSchedule(asString(spec.schedule) ?? '');
    const timeZone = asString(spec.timeZone) ?? 'UTC';
    // An invalid schedule or zone is reported by its own rule; there is no gap to compare against.
    if (parsed instanceof CronSyntaxError || validateTimeZone(timeZone) !== undefined) return [];
    const gap = parsed.shortestGapSeconds(timeZone);
    const startWindow = asInteger(spec.startingDeadlineSeconds) ?? 0;
    const active = asInteger(asObject(asObject(spec.jobTemplate)?.spec)?.activeDeadlineSeconds);
    const annotationNote = overrunReason === undefined ? '' : ` (the ${ALLOW_OVERRUN_ANNOTATION} annotation is empty: give a reason)`;
    if (active === undefined) {
      return [
        {
          path: 'spec.jobTemplate.spec.activeDeadlineSeconds',
          message: `activeDeadlineSeconds is not set, so a run can outlast the shortest gap between runs (${formatSeconds(gap)} in ${timeZone})${annotationNote}`,
        },
      ];
    }
    if (startWindow + active <= gap) return [];
    return [
      {
        path: 'spec.jobTemplate.spec.activeDeadlineSeconds',
        message: `startingDeadlineSeconds ${startWindow} + activeDeadlineSeconds ${active} = ${formatSeconds(startWindow + active)} exceeds the shortest gap between runs, ${formatSeconds(gap)} in ${timeZone}${annotationNote}`,
      },
    ];
  },
});

const historyLimits = cronJobRule({
  id: 'cronjob/history-limits',
  severity: 'error',
  rationale: 'The history limits decide how many finished Jobs (and their logs) stay for debugging; leaving them to defaults hides that choice.',
  fix: 'Set spec.successfulJobsHistoryLimit and spec.failedJobsHistoryLimit explicitly (e.g. 3 and 5).',
  check: (_cronJob, spec) =>
    (['successfulJobsHistoryLimit', 'failedJobsHistoryLimit'] as const)
      .filter((field) => asInteger(spec[field]) === undefined)
      .map((field) => ({ path: `spec.${field}`, message: `${field} is not set` })),
});

const timeZone = cronJobRule({
  id: 'cronjob/time-zone',
  severity: 'error',
  rationale: 'Without spec.timeZone the schedule follows the time zone of the kube-controller-manager, which differs between clusters and providers.',
  fix: 'Set spec.timeZone to an IANA name such as "Etc/UTC" or "Europe/Berlin".',
  check: (_cronJob, spec) => {
    if (spec.timeZone === undefined) return [{ path: 'spec.timeZone', message: 'timeZone is not set' }];
    const problem = typeof spec.timeZone === 'string' ? validateTimeZone(spec.timeZone) : 'the time zone must be a string';
    return problem ? [{ path: 'spec.timeZone', message: problem }] : [];
  },
});

export const cronJobPack: Pack = {
  name: 'cronjob',
  description: 'CronJobs: batch/v1, a valid schedule and time zone, Forbid/Replace, deadlines that fit the schedule, history limits.',
  rules: [apiVersion, schedule, concurrencyPolicy, startingDeadline, deadlinesFitSchedule, historyLimits, timeZone],
};
