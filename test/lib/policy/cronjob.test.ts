import { ALLOW_OVERRUN_ANNOTATION } from '../../../lib/policy/packs/cronjob';
import { Manifest } from '../../../lib/policy/types';
import { container, podSpec, problems } from './policy-helpers';

interface CronJobOptions {
  readonly apiVersion?: string;
  readonly spec?: Record<string, unknown>;
  readonly activeDeadlineSeconds?: number | null;
  readonly annotations?: Record<string, string>;
}

function cronJob(options: CronJobOptions = {}): Manifest {
  return {
    apiVersion: options.apiVersion ?? 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'report', namespace: 'shop', ...(options.annotations ? { annotations: options.annotations } : {}) },
    spec: {
      schedule: '*/5 * * * *',
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 10,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 5,
      jobTemplate: {
        spec: {
          ...(options.activeDeadlineSeconds === null ? {} : { activeDeadlineSeconds: options.activeDeadlineSeconds ?? 240 }),
          template: { spec: podSpec({ restartPolicy: 'Never', containers: [container('report')] }) },
        },
      },
      ...options.spec,
    },
  };
}

const ALL_RULES = ['api-version', 'schedule', 'concurrency-policy', 'starting-deadline', 'deadlines-fit-schedule', 'history-limits', 'time-zone'];

describe('cronjob pack', () => {
  test('a compliant CronJob passes every rule', () => {
    for (const rule of ALL_RULES) expect(problems(`cronjob/${rule}`, [cronJob()])).toEqual([]);
  });

  test('other kinds are ignored', () => {
    const job = { ...cronJob(), kind: 'Job' };
    for (const rule of ALL_RULES) expect(problems(`cronjob/${rule}`, [job])).toEqual([]);
  });

  describe('cronjob/api-version', () => {
    test.each(['batch/v1beta1', 'batch/v2alpha1'])('%s is rejected with the replacement', (apiVersion) => {
      expect(problems('cronjob/api-version', [cronJob({ apiVersion })])).toEqual([`apiVersion: ${apiVersion} CronJob is rejected: use batch/v1`]);
    });
  });

  describe('cronjob/schedule', () => {
    test('an invalid schedule names the field at fault', () => {
      expect(problems('cronjob/schedule', [cronJob({ spec: { schedule: '61 * * * *' } })])).toEqual([
        expect.stringMatching(/^spec\.schedule: schedule "61 \* \* \* \*" is invalid: minute: /),
      ]);
    });

    test('a schedule that never runs and a missing schedule fail', () => {
      expect(problems('cronjob/schedule', [cronJob({ spec: { schedule: '0 0 30 2 *' } })])).toHaveLength(1);
      expect(problems('cronjob/schedule', [cronJob({ spec: { schedule: undefined } })])).toEqual(['spec.schedule: spec.schedule is missing']);
    });

    test('descriptors parse', () => {
      expect(problems('cronjob/schedule', [cronJob({ spec: { schedule: '@hourly' } })])).toEqual([]);
    });
  });

  describe('cronjob/concurrency-policy', () => {
    test.each(['Forbid', 'Replace'])('%s passes', (policy) => {
      expect(problems('cronjob/concurrency-policy', [cronJob({ spec: { concurrencyPolicy: policy } })])).toEqual([]);
    });

    test('Allow and missing fail', () => {
      expect(problems('cronjob/concurrency-policy', [cronJob({ spec: { concurrencyPolicy: 'Allow' } })])).toEqual(['spec.concurrencyPolicy: concurrencyPolicy is "Allow"']);
      expect(problems('cronjob/concurrency-policy', [cronJob({ spec: { concurrencyPolicy: undefined } })])).toEqual([
        'spec.concurrencyPolicy: concurrencyPolicy is not set (defaults to Allow)',
      ]);
    });
  });

  describe('cronjob/starting-deadline', () => {
    test('10 seconds is the minimum', () => {
      expect(problems('cronjob/starting-deadline', [cronJob({ spec: { startingDeadlineSeconds: 10 } })])).toEqual([]);
      expect(problems('cronjob/starting-deadline', [cronJob({ spec: { startingDeadlineSeconds: 9 } })])).toEqual([
        'spec.startingDeadlineSeconds: startingDeadlineSeconds is 9, below the minimum of 10',
      ]);
    });

    test('missing fails', () => {
      expect(problems('cronjob/starting-deadline', [cronJob({ spec: { startingDeadlineSeconds: undefined } })])).toEqual([
        'spec.startingDeadlineSeconds: startingDeadlineSeconds is not set',
      ]);
    });
  });

  describe('cronjob/deadlines-fit-schedule', () => {
    test('starting + active deadline equal to the shortest gap passes, one second more fails', () => {
      expect(problems('cronjob/deadlines-fit-schedule', [cronJob({ spec: { startingDeadlineSeconds: 10 }, activeDeadlineSeconds: 290 })])).toEqual([]);
      expect(problems('cronjob/deadlines-fit-schedule', [cronJob({ spec: { startingDeadlineSeconds: 10 }, activeDeadlineSeconds: 291 })])).toEqual([
        'spec.jobTemplate.spec.activeDeadlineSeconds: startingDeadlineSeconds 10 + activeDeadlineSeconds 291 = 301s (5m1s) exceeds the shortest gap between runs, 300s (5m) in Etc/UTC',
      ]);
    });

    test('the gap is taken in the CronJob time zone, daylight saving included', () => {
      // 02:30 happens twice on the autumn change day in Berlin: the runs are one hour apart.
      const daily = (timeZone: string) => cronJob({ spec: { schedule: '30 2 * * *', timeZone, startingDeadlineSeconds: 600 }, activeDeadlineSeconds: 7200 });
      expect(problems('cronjob/deadlines-fit-schedule', [daily('Etc/UTC')])).toEqual([]);
      expect(problems('cronjob/deadlines-fit-schedule', [daily('Europe/Berlin')])).toEqual([
        'spec.jobTemplate.spec.activeDeadlineSeconds: startingDeadlineSeconds 600 + activeDeadlineSeconds 7200 = 7800s (2h10m) exceeds the shortest gap between runs, 3600s (1h) in Europe/Berlin',
      ]);
    });

    test('UTC is assumed when the time zone is unset', () => {
      expect(problems('cronjob/deadlines-fit-schedule', [cronJob({ spec: { timeZone: undefined }, activeDeadlineSeconds: 291 })])).toEqual([
        expect.stringContaining('300s (5m) in UTC'),
      ]);
    });

    test('a missing active deadline is unbounded', () => {
      expect(problems('cronjob/deadlines-fit-schedule', [cronJob({ activeDeadlineSeconds: null })])).toEqual([
        'spec.jobTemplate.spec.activeDeadlineSeconds: activeDeadlineSeconds is not set, so a run can outlast the shortest gap between runs (300s (5m) in Etc/UTC)',
      ]);
    });

    test('the allow-overrun annotation with a reason allows an overrun; an empty one does not', () => {
      const overrun = (reason: string) => cronJob({ activeDeadlineSeconds: 3600, annotations: { [ALLOW_OVERRUN_ANNOTATION]: reason } });
      expect(problems('cronjob/deadlines-fit-schedule', [overrun('the export is idempotent and Forbid skips overlapping runs')])).toEqual([]);
      expect(problems('cronjob/deadlines-fit-schedule', [overrun('')])).toEqual([
        expect.stringContaining(`(the ${ALLOW_OVERRUN_ANNOTATION} annotation is empty: give a reason)`),
      ]);
    });

    test('an invalid schedule or time zone is left to its own rule', () => {
      expect(problems('cronjob/deadlines-fit-schedule', [cronJob({ spec: { schedule: 'nope' }, activeDeadlineSeconds: 99999 })])).toEqual([]);
      expect(problems('cronjob/deadlines-fit-schedule', [cronJob({ spec: { timeZone: 'Mars/Olympus' }, activeDeadlineSeconds: 99999 })])).toEqual([]);
    });
  });

  describe('cronjob/history-limits', () => {
    test('both limits must be set; zero is a valid choice', () => {
      expect(problems('cronjob/history-limits', [cronJob({ spec: { successfulJobsHistoryLimit: 0, failedJobsHistoryLimit: 0 } })])).toEqual([]);
      expect(problems('cronjob/history-limits', [cronJob({ spec: { successfulJobsHistoryLimit: undefined, failedJobsHistoryLimit: undefined } })])).toEqual([
        'spec.successfulJobsHistoryLimit: successfulJobsHistoryLimit is not set',
        'spec.failedJobsHistoryLimit: failedJobsHistoryLimit is not set',
      ]);
    });
  });

  describe('cronjob/time-zone', () => {
    test('missing, unknown, wrongly cased and Local fail', () => {
      expect(problems('cronjob/time-zone', [cronJob({ spec: { timeZone: undefined } })])).toEqual(['spec.timeZone: timeZone is not set']);
      expect(problems('cronjob/time-zone', [cronJob({ spec: { timeZone: 'Mars/Olympus' } })])).toEqual([expect.stringContaining('unknown time zone "Mars/Olympus"')]);
      expect(problems('cronjob/time-zone', [cronJob({ spec: { timeZone: 'europe/berlin' } })])).toEqual([expect.stringContaining('did you mean "Europe/Berlin"')]);
      expect(problems('cronjob/time-zone', [cronJob({ spec: { timeZone: 'Local' } })])).toHaveLength(1);
    });

    test('IANA names and links pass', () => {
      expect(problems('cronjob/time-zone', [cronJob({ spec: { timeZone: 'Europe/Berlin' } })])).toEqual([]);
      expect(problems('cronjob/time-zone', [cronJob({ spec: { timeZone: 'UTC' } })])).toEqual([]);
    });
  });
});
