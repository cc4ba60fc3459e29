/**
 * The synthesized ElectoralFeed's PrometheusRules through the real Prometheus rule engine
 * (promtool): the freshness alerts over the collector's metrics and the collector CronJob's
 * schedule-derived alerts, with the names and thresholds the construct derives.
 */
import { ElectoralFeed, ElectoralFeedProps } from '../../constructs';
import { FEED_METRICS, PrometheusRuleGroup } from '../../lib/observability';
import { expectedAlert, ruleNamed, series, testRules } from '../lib/observability/promtool';
import { find, Manifest, synth } from '../helpers/manifests';
import { describeWithTools, tool } from '../helpers/system-tools';

const NS = 'electoral';
const COLLECTOR = 'electoral-feed-collector';

/** Both rule objects of a feed; promtool evaluates from the Unix epoch, so the window is on 1970-01-01, 00:00 to 02:00. */
function ruleGroups(overrides: Partial<ElectoralFeedProps> = {}): PrometheusRuleGroup[] {
  const props: ElectoralFeedProps = {
    sourceUrl: 'https://results-api.example.org/v1/results.json',
    sourceEgress: [{ cidr: '203.0.113.42/32', port: 443 }],
    token: { secretName: 'electoral-feed-api', key: 'token' },
    keyring: { secretName: 'electoral-feed-keyring', key: 'publisher.gpg' },
    signerFingerprints: ['5C2E4A1B7D9F03E6A8B1C4D72F6E9A0B3D5C7E81'],
    collectorImage: 'registry.example.org/platform/electoral-collector@sha256:5291449c3df73caf6ed85e649dec1b9e818b39a5d8c871e97afc13e9cd5e8fa8',
    micrositeImage: 'docker.io/nginxinc/nginx-unprivileged@sha256:601c823234c474696ded03d619e67f1e59538802731543099c691aea67e4a553',
    publishStorageClass: 'efs-rwx',
    monitoring: { prometheus: { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } } },
    electionWindows: [{ start: '1970-01-01T00:00:00Z', end: '1970-01-01T02:00:00Z' }],
    partOf: 'electoral-feed',
    owner: 'platform-team',
    runbookUrl: 'https://runbooks.example.org/platform/electoral-feed',
    ...overrides,
  };
  const manifests = synth((chart) => new ElectoralFeed(chart, 'electoral-feed', props), NS);
  return ['electoral-feed-alerts', `${COLLECTOR}-alerts`]
    .flatMap((name) => find(manifests, 'PrometheusRule', name).spec.groups as PrometheusRuleGroup[]);
}

const pod = { namespace: NS, pod: 'electoral-feed-microsite-7d9f8c6b5-x2k4p', container: 'nginx' };
const cronJob = (metric: string, values: string) => series(metric, { namespace: NS, cronjob: COLLECTOR, job: 'kube-state-metrics' }, values);

describeWithTools('ElectoralFeed alerts as synthesized (real promtool)', [tool.promtool], () => {
  const groups = ruleGroups();
  const stale = (severity: string) => groups[0].rules.find((r) => r.alert === 'ElectoralFeedResultsStale' && r.labels.severity === severity)!;

  test('a frozen source and a stopped job fire (critical in the window, a warning after it); a fresh feed stays quiet', () => {
    const signedAt = (values: string) => series(FEED_METRICS.publishedSignedAt, pod, values);
    const tests = [
      { // every run "unchanged": signed_at never moves (every 5 minutes, stale after 10)
        interval: '1m',
        input_series: [signedAt('0x200')],
        alert_rule_test: [
          { eval_time: '11m', alertname: 'ElectoralFeedResultsStale', exp_alerts: [] },
          { eval_time: '13m', alertname: 'ElectoralFeedResultsStale', exp_alerts: [expectedAlert(stale('critical'), { namespace: NS })] },
          { eval_time: '2h5m', alertname: 'ElectoralFeedResultsStale', exp_alerts: [expectedAlert(stale('warning'), { namespace: NS })] },
        ],
      },
      { // the CronJob stops after 30 minutes: the file is still served, signed_at stays
        interval: '1m',
        input_series: [signedAt('0+60x30 1800x100')],
        alert_rule_test: [
          { eval_time: '39m', alertname: 'ElectoralFeedResultsStale', exp_alerts: [] },
          { eval_time: '43m', alertname: 'ElectoralFeedResultsStale', exp_alerts: [expectedAlert(stale('critical'), { namespace: NS })] },
        ],
      },
      {
        interval: '1m',
        input_series: [signedAt('0+60x200')],
        alert_rule_test: ['13m', '2h5m'].map((eval_time) => ({ eval_time, alertname: 'ElectoralFeedResultsStale', exp_alerts: [] })),
      },
    ];
    expect(testRules(groups, tests)).toContain('SUCCESS');
  });

  test('suspended in the window is critical; the collector CronJob\'s own alert fires after its longest gap plus deadlines', () => {
    const suspended = ruleNamed(groups, 'ElectoralFeedSuspendedInElection');
    const notSucceeding = ruleNamed(groups, 'CronJobNotSucceeding');
    expect(notSucceeding.annotations.summary).toBe(`CronJob ${NS}/${COLLECTOR} has not succeeded for more than 10m`); // 300 + 30 + 270 s
    const tests = [{
      interval: '1m',
      input_series: [
        cronJob('kube_cronjob_spec_suspend', '1x60'),
        cronJob('kube_cronjob_created', '0x60'),
        cronJob('kube_cronjob_status_last_successful_time', '0x60'),
      ],
      alert_rule_test: [
        {
          eval_time: '5m',
          alertname: 'ElectoralFeedSuspendedInElection',
          exp_alerts: [expectedAlert(suspended, { namespace: NS, cronjob: COLLECTOR })],
        },
        { eval_time: '9m', alertname: 'CronJobNotSucceeding', exp_alerts: [] },
        { eval_time: '13m', alertname: 'CronJobNotSucceeding', exp_alerts: [expectedAlert(notSucceeding, { namespace: NS })] },
      ],
    }];
    expect(testRules(groups, tests)).toContain('SUCCESS');
  });
});

export type { Manifest };
