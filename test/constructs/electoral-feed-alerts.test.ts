/**
 * Checks the feed's PrometheusRule with the real Prometheus rule engine: `promtool check rules`
 * (the PromQL parses) and `promtool test rules` over synthetic kube-state-metrics series (the
 * alerts fire when they should, and only then). Needs promtool (Debian package `prometheus`,
 * `apt-get install -y --no-install-recommends prometheus`); fails, never skips, without it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as YAML from 'yaml';
import { ElectoralFeed, ElectoralFeedProps, Schedule } from '../../constructs';
import { find, Manifest, synth } from '../helpers/manifests';
import { describeWithTools, executable, tool } from '../helpers/system-tools';

const CRONJOB = 'electoral-feed-collector';
const KSM = 'job="kube-state-metrics", instance="ksm:8080"';
const CRONJOB_SERIES = `namespace="electoral", cronjob="${CRONJOB}", ${KSM}`;
const CRITICAL = { severity: 'critical', namespace: 'electoral', cronjob: CRONJOB };
const WARNING = { severity: 'warning', namespace: 'electoral', cronjob: CRONJOB };

function ruleGroups(overrides: Partial<ElectoralFeedProps> = {}): Manifest[] {
  const props: ElectoralFeedProps = {
    sourceUrl: 'https://results.example.org/v1/results.json',
    sourceEgress: [{ cidr: '203.0.113.42/32', port: 443 }],
    token: { secretName: 'electoral-feed-api', key: 'token' },
    keyring: { secretName: 'electoral-feed-keyring', key: 'publisher.gpg' },
    collectorImage: 'registry.example.org/platform/electoral-collector@sha256:5291449c3df73caf6ed85e649dec1b9e818b39a5d8c871e97afc13e9cd5e8fa8',
    micrositeImage: 'docker.io/nginxinc/nginx-unprivileged@sha256:601c823234c474696ded03d619e67f1e59538802731543099c691aea67e4a553',
    publishStorageClass: 'efs-rwx',
    prometheusRule: true,
    partOf: 'electoral-feed',
    owner: 'platform-team',
    runbookUrl: 'https://runbooks.example.org/platform/electoral-feed',
    ...overrides,
  };
  const manifests = synth((chart) => new ElectoralFeed(chart, 'electoral-feed', props), 'electoral');
  return find(manifests, 'PrometheusRule', 'electoral-feed-alerts').spec.groups;
}

const series = (metric: string, values: string) => ({ series: metric, values });
const cronJobSeries = (metric: string, values: string) => series(`${metric}{${CRONJOB_SERIES}}`, values);

describeWithTools('feed alert rules (real promtool)', [tool.promtool], () => {
  /** Runs `promtool test rules` over `groups` with `tests`; returns promtool's output, throws on failure. */
  function runRuleTests(groups: Manifest[], tests: unknown[]): string {
    const dir = mkdtempSync(join(tmpdir(), 'electoral-alerts-'));
    try {
      writeFileSync(join(dir, 'rules.yaml'), YAML.stringify({ groups }));
      writeFileSync(join(dir, 'tests.yaml'), YAML.stringify({ rule_files: ['rules.yaml'], evaluation_interval: '1m', tests }));
      execFileSync(executable('promtool'), ['check', 'rules', 'rules.yaml'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
      return execFileSync(executable('promtool'), ['test', 'rules', 'tests.yaml'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      const failure = error as { stdout?: string; stderr?: string; message: string };
      throw new Error(`promtool failed:\n${failure.stdout ?? ''}${failure.stderr ?? ''}${failure.stdout || failure.stderr ? '' : failure.message}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  function annotations(groups: Manifest[], alert: string, jobName?: string): Record<string, string> {
    const found = { ...groups[0].rules.find((r: Manifest) => r.alert === alert).annotations };
    if (jobName) found.summary = found.summary.replace('{{ $labels.job_name }}', jobName);
    return found;
  }

  test('the rules parse, and fire exactly in the scenarios they are for (every 5 minutes: stale after 10)', () => {
    const groups = ruleGroups();
    const stale = [{ exp_labels: CRITICAL, exp_annotations: annotations(groups, 'ElectoralFeedStale') }];
    const job = 'electoral-feed-collector-29000000';
    const jobSeries = (metric: string, name: string, extra: string, values: string) =>
      series(`${metric}{namespace="electoral", job_name="${name}"${extra}, ${KSM}}`, values);
    const tests = [
      { // healthy: a success every 5 minutes
        interval: '1m',
        input_series: [
          cronJobSeries('kube_cronjob_created', '0x30'),
          cronJobSeries('kube_cronjob_status_last_successful_time', '0x4 300x4 600x4 900x4 1200x4 1500x4'),
          cronJobSeries('kube_cronjob_spec_suspend', '0x30'),
        ],
        alert_rule_test: ['ElectoralFeedStale', 'ElectoralFeedSuspended', 'ElectoralFeedRunFailed'].map((alertname) => ({ eval_time: '29m', alertname, exp_alerts: [] })),
      },
      { // the job never starts (or never succeeds): no webhook, but this alert
        interval: '1m',
        input_series: [cronJobSeries('kube_cronjob_created', '0x30'), cronJobSeries('kube_cronjob_spec_suspend', '0x30')],
        alert_rule_test: [
          { eval_time: '10m', alertname: 'ElectoralFeedStale', exp_alerts: [] },
          { eval_time: '13m', alertname: 'ElectoralFeedStale', exp_alerts: stale },
        ],
      },
      { // the last success is older than two intervals
        interval: '1m',
        input_series: [
          cronJobSeries('kube_cronjob_created', '0x30'),
          cronJobSeries('kube_cronjob_status_last_successful_time', '60x30'),
          cronJobSeries('kube_cronjob_spec_suspend', '0x30'),
        ],
        alert_rule_test: [
          { eval_time: '11m', alertname: 'ElectoralFeedStale', exp_alerts: [] },
          { eval_time: '13m', alertname: 'ElectoralFeedStale', exp_alerts: stale },
        ],
      },
      { // suspended by hand: not stale, but its own warning after 15 minutes
        interval: '1m',
        input_series: [
          cronJobSeries('kube_cronjob_created', '0x40'),
          cronJobSeries('kube_cronjob_status_last_successful_time', '0x40'),
          cronJobSeries('kube_cronjob_spec_suspend', '1x40'),
        ],
        alert_rule_test: [
          { eval_time: '30m', alertname: 'ElectoralFeedStale', exp_alerts: [] },
          { eval_time: '30m', alertname: 'ElectoralFeedSuspended', exp_alerts: [{ exp_labels: WARNING, exp_annotations: annotations(groups, 'ElectoralFeedSuspended') }] },
        ],
      },
      { // kube-state-metrics does not see the CronJob at all (deleted, not scraped)
        interval: '1m',
        input_series: [series('up{job="other"}', '1x10')],
        alert_rule_test: [{ eval_time: '3m', alertname: 'ElectoralFeedStale', exp_alerts: stale }],
      },
      { // a failed run alerts while it is recent, not for as long as the Job is kept
        interval: '1m',
        input_series: [
          jobSeries('kube_job_failed', job, ', condition="true"', '1x30'),
          jobSeries('kube_job_failed', job, ', condition="false"', '0x30'),
          jobSeries('kube_job_status_start_time', job, '', '60x30'),
          jobSeries('kube_job_failed', 'other-29000000', ', condition="true"', '1x30'),
          jobSeries('kube_job_status_start_time', 'other-29000000', '', '60x30'),
        ],
        alert_rule_test: [
          {
            eval_time: '5m',
            alertname: 'ElectoralFeedRunFailed',
            exp_alerts: [{ exp_labels: { ...WARNING, job_name: job }, exp_annotations: annotations(groups, 'ElectoralFeedRunFailed', job) }],
          },
          { eval_time: '15m', alertname: 'ElectoralFeedRunFailed', exp_alerts: [] },
        ],
      },
    ];
    expect(runRuleTests(groups, tests)).toContain('SUCCESS');
  });

  test('an hourly schedule is stale after two hours, not ten minutes', () => {
    const groups = ruleGroups({ schedule: Schedule.cron('0 * * * *') });
    const tests = [{
      interval: '5m',
      input_series: [
        cronJobSeries('kube_cronjob_created', '0x40'),
        cronJobSeries('kube_cronjob_status_last_successful_time', '0x40'),
        cronJobSeries('kube_cronjob_spec_suspend', '0x40'),
      ],
      alert_rule_test: [
        { eval_time: '115m', alertname: 'ElectoralFeedStale', exp_alerts: [] },
        { eval_time: '125m', alertname: 'ElectoralFeedStale', exp_alerts: [{ exp_labels: CRITICAL, exp_annotations: annotations(groups, 'ElectoralFeedStale') }] },
      ],
    }];
    expect(runRuleTests(groups, tests)).toContain('SUCCESS');
  });
});
