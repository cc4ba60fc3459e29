import { Schedule } from '../../../lib/cron';
import { cronJobAlertRuleGroup, CronJobAlertOptions, staleAfterSeconds } from '../../../lib/observability';
import { describeWithTools, tool } from '../../helpers/system-tools';
import { expectedAlert, ruleNamed, series, testRules } from './promtool';

const ROUTING = { team: 'platform-team', runbookUrl: 'https://runbooks.example.org/platform/jobs' };
const KSM = { job: 'kube-state-metrics', instance: 'ksm:8080' };

function options(overrides: Partial<CronJobAlertOptions> = {}): CronJobAlertOptions {
  return {
    namespace: 'platform',
    cronJobName: 'cleanup',
    schedule: Schedule.cron('*/5 * * * *'),
    timeZone: 'Etc/UTC',
    startingDeadlineSeconds: 30,
    activeDeadlineSeconds: 240,
    routing: ROUTING,
    suspendedByConfig: false,
    ...overrides,
  };
}

const cronJob = (metric: string, values: string, name = 'cleanup') => series(metric, { namespace: 'platform', cronjob: name, ...KSM }, values);

describe('staleAfterSeconds', () => {
  test('is the longest gap plus both deadlines', () => {
    expect(staleAfterSeconds(options())).toBe(300 + 30 + 240);
    const nightly = { timeZone: 'Europe/Berlin', startingDeadlineSeconds: 300, activeDeadlineSeconds: 3600 };
    // Nightly at 03:00 in Berlin: 25 hours across the autumn change, plus 5 min to start and 1 h to run.
    expect(staleAfterSeconds(options({ ...nightly, schedule: Schedule.cron('0 3 * * *') }))).toBe(25 * 3600 + 300 + 3600);
    // At 02:00 the spring change day has no run at all: 47 hours.
    expect(staleAfterSeconds(options({ ...nightly, schedule: Schedule.cron('0 2 * * *') }))).toBe(47 * 3600 + 300 + 3600);
  });

  test('refuses a deadline that is not whole seconds', () => {
    expect(() => staleAfterSeconds(options({ activeDeadlineSeconds: 1.5 })))
      .toThrow('activeDeadlineSeconds 1.5 must be a whole, non-negative number of seconds');
  });
});

describe('cronJobAlertRuleGroup', () => {
  test('every alert routes: severity, team, runbook, a summary naming the namespace and the CronJob', () => {
    for (const rule of cronJobAlertRuleGroup(options()).rules) {
      expect(rule.labels).toMatchObject({ team: 'platform-team', cronjob: 'cleanup' });
      expect(['critical', 'warning']).toContain(rule.labels.severity);
      expect(rule.annotations.runbook_url).toBe(ROUTING.runbookUrl);
      expect(rule.annotations.summary).toContain('CronJob platform/cleanup');
    }
  });

  test('a CronJob the configuration suspends gets no staleness alert, only the failed-run one', () => {
    expect(cronJobAlertRuleGroup(options({ suspendedByConfig: true })).rules.map((r) => r.alert)).toEqual(['CronJobLastRunFailed']);
  });
});

describeWithTools('CronJob alerts (real promtool)', [tool.promtool], () => {
  test('every 5 minutes: quiet while it succeeds, fires 9.5 minutes after the last success, even when suspended', () => {
    const groups = [cronJobAlertRuleGroup(options())];
    const stale = [expectedAlert(ruleNamed(groups, 'CronJobNotSucceeding'), { namespace: 'platform' })];
    const base = [cronJob('kube_cronjob_created', '0x40'), cronJob('kube_cronjob_spec_suspend', '0x40')];
    const tests = [
      { // healthy: a success every 5 minutes
        interval: '1m',
        input_series: [...base, cronJob('kube_cronjob_status_last_successful_time', '0x4 300x5 600x5 900x5 1200x5 1500x5 1800x5 2100x5')],
        alert_rule_test: [{ eval_time: '39m', alertname: 'CronJobNotSucceeding', exp_alerts: [] }],
      },
      { // the last success at 1 min: quiet at 9.5 + 1 min, firing once the scrape delay has passed too
        interval: '1m',
        input_series: [...base, cronJob('kube_cronjob_status_last_successful_time', '60x40')],
        alert_rule_test: [
          { eval_time: '12m', alertname: 'CronJobNotSucceeding', exp_alerts: [] },
          { eval_time: '14m', alertname: 'CronJobNotSucceeding', exp_alerts: stale },
        ],
      },
      { // suspended by hand: suspension must not silence it
        interval: '1m',
        input_series: [
          cronJob('kube_cronjob_created', '0x40'),
          cronJob('kube_cronjob_spec_suspend', '1x40'),
          cronJob('kube_cronjob_status_last_successful_time', '0x40'),
        ],
        alert_rule_test: [{ eval_time: '13m', alertname: 'CronJobNotSucceeding', exp_alerts: stale }],
      },
      { // never succeeded since it was created
        interval: '1m',
        input_series: base,
        alert_rule_test: [
          { eval_time: '9m', alertname: 'CronJobNotSucceeding', exp_alerts: [] },
          { eval_time: '13m', alertname: 'CronJobNotSucceeding', exp_alerts: stale },
        ],
      },
      { // kube-state-metrics does not see it at all
        interval: '1m',
        input_series: [cronJob('kube_cronjob_created', '0x40', 'other')],
        alert_rule_test: [{ eval_time: '3m', alertname: 'CronJobNotSucceeding', exp_alerts: stale }],
      },
    ];
    expect(testRules(groups, tests)).toContain('SUCCESS');
  });

  test('nightly at 03:00 in Europe/Berlin: quiet for 26 hours 5 minutes, then fires', () => {
    const nightly = options({
      schedule: Schedule.cron('0 3 * * *'),
      timeZone: 'Europe/Berlin',
      startingDeadlineSeconds: 300,
      activeDeadlineSeconds: 3600,
      cronJobName: 'mysql-backup',
    });
    const groups = [cronJobAlertRuleGroup(nightly)];
    const rule = ruleNamed(groups, 'CronJobNotSucceeding');
    expect(rule.annotations.summary).toBe('CronJob platform/mysql-backup has not succeeded for more than 1d2h5m');
    const tests = [{
      interval: '10m',
      input_series: [
        cronJob('kube_cronjob_created', '0x200', 'mysql-backup'),
        cronJob('kube_cronjob_spec_suspend', '0x200', 'mysql-backup'),
        cronJob('kube_cronjob_status_last_successful_time', '0x200', 'mysql-backup'),
      ],
      alert_rule_test: [
        { eval_time: '26h', alertname: 'CronJobNotSucceeding', exp_alerts: [] },
        { eval_time: '26h20m', alertname: 'CronJobNotSucceeding', exp_alerts: [expectedAlert(rule, { namespace: 'platform' })] },
      ],
    }];
    expect(testRules(groups, tests)).toContain('SUCCESS');
  });

  test('last run failed: fires for the newest Job of this CronJob only, and clears when a newer run starts', () => {
    const groups = [cronJobAlertRuleGroup(options())];
    const rule = ruleNamed(groups, 'CronJobLastRunFailed');
    const job = (metric: string, name: string, extra: Record<string, string>, values: string) =>
      series(metric, { namespace: 'platform', job_name: name, ...extra, ...KSM }, values);
    const owned = (name: string, owner: string) =>
      job('kube_job_owner', name, { owner_kind: 'CronJob', owner_name: owner, owner_is_controller: 'true' }, '1x30');
    const tests = [
      {
        interval: '1m',
        input_series: [
          owned('cleanup-100', 'cleanup'),
          job('kube_job_status_start_time', 'cleanup-100', {}, '60x30'),
          job('kube_job_failed', 'cleanup-100', { condition: 'true' }, '1x30'),
          job('kube_job_failed', 'cleanup-100', { condition: 'false' }, '0x30'),
          // a newer run starts at 10 min (present from then on)
          owned('cleanup-105', 'cleanup'),
          job('kube_job_status_start_time', 'cleanup-105', {}, '_x9 600x20'),
          job('kube_job_failed', 'cleanup-105', { condition: 'true' }, '_x9 0x20'),
          // another CronJob's failure is not this one's
          owned('other-100', 'other'),
          job('kube_job_status_start_time', 'other-100', {}, '60x30'),
          job('kube_job_failed', 'other-100', { condition: 'true' }, '1x30'),
        ],
        alert_rule_test: [
          {
            eval_time: '5m',
            alertname: 'CronJobLastRunFailed',
            exp_alerts: [expectedAlert(rule, { namespace: 'platform', job_name: 'cleanup-100' })],
          },
          { eval_time: '15m', alertname: 'CronJobLastRunFailed', exp_alerts: [] },
        ],
      },
      { // a failed pod that was retried into success is not a failed run
        interval: '1m',
        input_series: [
          owned('cleanup-100', 'cleanup'),
          job('kube_job_status_start_time', 'cleanup-100', {}, '60x30'),
          job('kube_job_failed', 'cleanup-100', { condition: 'true' }, '0x30'),
          job('kube_job_status_failed', 'cleanup-100', { reason: 'BackoffLimitExceeded' }, '1x30'),
        ],
        alert_rule_test: [{ eval_time: '5m', alertname: 'CronJobLastRunFailed', exp_alerts: [] }],
      },
    ];
    expect(testRules(groups, tests)).toContain('SUCCESS');
  });
});
