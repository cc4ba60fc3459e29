import { feedFreshnessRuleGroup, FeedFreshnessOptions, FEED_METRICS } from '../../../lib/observability';
import { describeWithTools, tool } from '../../helpers/system-tools';
import { expectedAlert, series, testRules } from './promtool';

const ROUTING = { team: 'platform-team', runbookUrl: 'https://runbooks.example.org/platform/electoral-feed' };
const POD = { namespace: 'electoral', pod: 'microsite-7d9f8c6b5-abcde', container: 'nginx', job: 'electoral/microsite' };
const KSM = { namespace: 'electoral', cronjob: 'collector', job: 'kube-state-metrics' };
// promtool evaluates from the Unix epoch: this window is open from 00:00 to 03:00 on 1970-01-01.
const WINDOW = { start: '1970-01-01T00:00:00Z', end: '1970-01-01T03:00:00Z' };
const LATER_WINDOW = { start: '1970-01-02T00:00:00+01:00', end: '1970-01-02T06:00:00+01:00' };

function options(overrides: Partial<FeedFreshnessOptions> = {}): FeedFreshnessOptions {
  return {
    namespace: 'electoral',
    cronJobName: 'collector',
    micrositeName: 'microsite',
    maxAgeSeconds: 1800,
    electionWindows: [WINDOW, LATER_WINDOW],
    routing: ROUTING,
    ...overrides,
  };
}

const signedAt = (values: string) => series(FEED_METRICS.publishedSignedAt, POD, values);

describe('feedFreshnessRuleGroup', () => {
  test('without windows: one warning rule for staleness, no suspended-in-election rule', () => {
    const rules = feedFreshnessRuleGroup(options({ electionWindows: [] })).rules;
    expect(rules.map((r) => [r.alert, r.labels.severity]))
      .toEqual([['ElectoralFeedResultsStale', 'warning'], ['ElectoralFeedSignerChanged', 'warning']]);
  });

  test('windows are compared with time() as fixed epoch seconds', () => {
    const critical = feedFreshnessRuleGroup(options()).rules[0];
    expect(critical.labels.severity).toBe('critical');
    expect(critical.expr).toContain('(vector(time()) >= 0 and vector(time()) < 10800) or (vector(time()) >= 82800 and vector(time()) < 104400)');
    expect(critical.annotations.summary)
      .toBe('Published results in electoral (microsite microsite) are older than 30m or not reported during an election');
  });

  test('refuses a bad window, a too short age', () => {
    expect(() => feedFreshnessRuleGroup(options({ electionWindows: [{ start: '2026-05-10T06:00:00', end: '2026-05-10T20:00:00Z' }] })))
      .toThrow('invalid election windows: [0].start "2026-05-10T06:00:00": an ISO 8601 date and time with an explicit offset');
    expect(() => feedFreshnessRuleGroup(options({ maxAgeSeconds: 30 }))).toThrow('maxAgeSeconds 30 must be whole seconds, at least 60');
  });
});

describeWithTools('feed freshness alerts (real promtool)', [tool.promtool], () => {
  const groups = [feedFreshnessRuleGroup(options())];
  const [critical, warning, suspended, signer] = groups[0].rules;
  const labels = { namespace: 'electoral' };

  test('a frozen source (every run "unchanged") fires; a fresh feed stays quiet; warning outside a window, critical inside', () => {
    const frozen = signedAt('0x400');
    const fresh = signedAt('0+60x400');
    const tests = [
      { // inside the first window (0-3 h): critical after 30 min + the scrape delay
        interval: '1m',
        input_series: [frozen],
        alert_rule_test: [
          { eval_time: '31m', alertname: 'ElectoralFeedResultsStale', exp_alerts: [] },
          { eval_time: '33m', alertname: 'ElectoralFeedResultsStale', exp_alerts: [expectedAlert(critical, labels)] },
        ],
      },
      { // after the window closes (3 h): the same feed is a warning
        interval: '1m',
        input_series: [frozen],
        alert_rule_test: [{ eval_time: '3h5m', alertname: 'ElectoralFeedResultsStale', exp_alerts: [expectedAlert(warning, labels)] }],
      },
      {
        interval: '1m',
        input_series: [fresh],
        alert_rule_test: ['33m', '3h5m'].map((eval_time) => ({ eval_time, alertname: 'ElectoralFeedResultsStale', exp_alerts: [] })),
      },
    ];
    expect(testRules(groups, tests)).toContain('SUCCESS');
  });

  test('a stopped job (the file still served, signed_at no longer moving) fires; no microsite reporting fires', () => {
    const tests = [
      {
        interval: '1m',
        // fresh for 20 minutes, then the CronJob stops
        input_series: [signedAt('0+60x20 1200x100')],
        alert_rule_test: [
          { eval_time: '45m', alertname: 'ElectoralFeedResultsStale', exp_alerts: [] },
          { eval_time: '53m', alertname: 'ElectoralFeedResultsStale', exp_alerts: [expectedAlert(critical, labels)] },
        ],
      },
      {
        interval: '1m',
        input_series: [series('up', { job: 'other' }, '1x10')],
        alert_rule_test: [{ eval_time: '3m', alertname: 'ElectoralFeedResultsStale', exp_alerts: [expectedAlert(critical, labels)] }],
      },
    ];
    expect(testRules(groups, tests)).toContain('SUCCESS');
  });

  test('suspended inside a window is critical; outside, or running, it is quiet', () => {
    const tests = [
      {
        interval: '10m',
        input_series: [series('kube_cronjob_spec_suspend', KSM, '1x30')],
        alert_rule_test: [
          {
            eval_time: '1h',
            alertname: 'ElectoralFeedSuspendedInElection',
            exp_alerts: [expectedAlert(suspended, { namespace: 'electoral', cronjob: 'collector' })],
          },
          { eval_time: '4h', alertname: 'ElectoralFeedSuspendedInElection', exp_alerts: [] },
        ],
      },
      {
        interval: '10m',
        input_series: [series('kube_cronjob_spec_suspend', KSM, '0x30')],
        alert_rule_test: [{ eval_time: '1h', alertname: 'ElectoralFeedSuspendedInElection', exp_alerts: [] }],
      },
    ];
    expect(testRules(groups, tests)).toContain('SUCCESS');
  });

  test('a change of signing key warns; one key served by two pods does not', () => {
    const A = '0123456789ABCDEF0123456789ABCDEF01234567';
    const B = 'FEDCBA9876543210FEDCBA9876543210FEDCBA98';
    const info = (pod: string, fingerprint: string, values: string) => series(FEED_METRICS.signerInfo, { ...POD, pod, fingerprint }, values);
    const tests = [
      {
        interval: '1m',
        input_series: [info('microsite-a', A, '1x9'), info('microsite-a', B, '_x10 1x20')],
        alert_rule_test: [
          { eval_time: '5m', alertname: 'ElectoralFeedSignerChanged', exp_alerts: [] },
          { eval_time: '12m', alertname: 'ElectoralFeedSignerChanged', exp_alerts: [expectedAlert(signer, labels)] },
        ],
      },
      {
        interval: '1m',
        input_series: [info('microsite-a', A, '1x30'), info('microsite-b', A, '1x30')],
        alert_rule_test: [{ eval_time: '20m', alertname: 'ElectoralFeedSignerChanged', exp_alerts: [] }],
      },
    ];
    expect(testRules(groups, tests)).toContain('SUCCESS');
  });
});
