/**
 * How the constructs emit their monitoring: SecureCronJob's schedule-derived rule, TaskManagerStack's
 * workload, volume and (with its exporter) MySQL rules and dashboard, PlatformJobsDashboard, all
 * through main.ts's composition of the real environments.
 */
import { Chart, Testing } from 'cdk8s';
import { PlatformJobsDashboard, SecureCronJob, SecureCronJobProps } from '../../constructs';
import { ENVIRONMENTS } from '../../environments';
import { buildEnvironmentApp } from '../../main';
import { find, Manifest, synth } from '../helpers/manifests';
import { baseJobProps } from './secure-cron-job-fixtures';

const MONITORING = { prometheus: { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } } };

function jobProps(overrides: Partial<SecureCronJobProps> = {}): SecureCronJobProps {
  return baseJobProps({ timeZone: 'Europe/Madrid', monitoring: MONITORING, ...overrides });
}

/** Every chart of an environment, synthesized: chart id -> its objects. */
function environmentObjects(name: string): Map<string, Manifest[]> {
  const env = ENVIRONMENTS.find((e) => e.name === name)!;
  const app = buildEnvironmentApp(env);
  return new Map(app.node.children.filter((c): c is Chart => c instanceof Chart).map((chart) => [chart.node.id, Testing.synth(chart)]));
}

const alertsOf = (rule: Manifest): string[] => rule.spec.groups.flatMap((g: Manifest) => g.rules.map((r: Manifest) => r.alert));

describe('SecureCronJob monitoring', () => {
  test('a PrometheusRule <name>-alerts from its own schedule and deadlines, labelled like the job', () => {
    const labelled = jobProps({ monitoring: { ...MONITORING, resourceLabels: { release: 'kps' } } });
    const manifests = synth((chart) => new SecureCronJob(chart, 'nightly', labelled), 'platform');
    const rule = find(manifests, 'PrometheusRule', 'nightly-alerts');
    expect(alertsOf(rule)).toEqual(['CronJobNotSucceeding', 'CronJobLastRunFailed']);
    // Daily at 03:00 in Madrid: 25 h across the autumn change, plus 300 s to start and 3600 s to run.
    expect(rule.spec.groups[0].rules[0].expr).toContain(`> ${25 * 3600 + 300 + 3600})`);
    expect(rule.metadata.labels).toMatchObject({ release: 'kps', 'app.kubernetes.io/name': 'nightly', 'app.kubernetes.io/part-of': 'platform' });
    expect(rule.spec.groups[0].rules[0].labels).toMatchObject({ severity: 'critical', team: 'platform-team', cronjob: 'nightly' });
  });

  test('none without monitoring; a bad Prometheus or a chart without namespace is refused', () => {
    const plain = synth((chart) => new SecureCronJob(chart, 'nightly', jobProps({ monitoring: undefined })));
    expect(plain.filter((m) => m.kind === 'PrometheusRule')).toEqual([]);
    const noLabels = jobProps({ monitoring: { prometheus: { namespace: 'monitoring', podLabels: {} } } });
    expect(() => synth((chart) => new SecureCronJob(chart, 'nightly', noLabels)))
      .toThrow(/nightly: invalid monitoring\.prometheus .*podLabels must name at least one label/);
    const chart = new Chart(Testing.app(), 'no-namespace');
    expect(() => new SecureCronJob(chart, 'nightly', jobProps())).toThrow(/nightly: invalid monitoring "\(set\)": a Chart with a namespace/);
  });
});

describe('monitoring through main.ts', () => {
  const prod = environmentObjects('prod');

  test('task manager: workload rules for web (with its autoscaler) and MySQL, volume rules, the backup job\'s own, a dashboard', () => {
    const objects = prod.get('task-manager')!;
    const rule = find(objects, 'PrometheusRule', 'task-manager-alerts');
    // Prod runs the exporter sidecar: MySQL's own rules too (test/constructs/task-manager-metrics.test.ts covers every case).
    expect(rule.spec.groups.map((g: Manifest) => g.name)).toEqual([
      'task-manager-web.deployment.rules', 'task-manager-mysql.statefulset.rules', 'task-manager-backup.volume.rules',
      'task-manager-mysql.mysql.rules',
    ]);
    expect(alertsOf(rule))
      .toEqual(expect.arrayContaining(['AutoscalerAtMaximum', 'StatefulSetReplicasNotReady', 'VolumeFillingUp', 'VolumeFullIn24Hours']));
    expect(alertsOf(rule).filter((alert) => alert.startsWith('MySQL'))).toEqual(['MySQLDown', 'MySQLMetricsAbsent', 'MySQLConnectionsNearLimit']);
    expect(alertsOf(find(objects, 'PrometheusRule', 'task-manager-backup-alerts'))).toEqual(['CronJobNotSucceeding', 'CronJobLastRunFailed']);
    const dashboard = find(objects, 'ConfigMap', 'task-manager-dashboard');
    expect(JSON.parse(dashboard.data['task-manager.json']).panels.map((p: Manifest) => p.title)).toContain('Autoscaler');
  });

  test('platform jobs: the cleanup job\'s rule and one dashboard listing every CronJob of the environment', () => {
    const objects = prod.get('platform-jobs')!;
    expect(alertsOf(find(objects, 'PrometheusRule', 'uploads-cleanup-alerts'))).toEqual(['CronJobNotSucceeding', 'CronJobLastRunFailed']);
    const model = JSON.parse(find(objects, 'ConfigMap', 'platform-jobs-dashboard').data['platform-jobs.json']);
    const query: string = model.panels[0].targets[0].expr;
    const jobs = [['platform-jobs', 'uploads-cleanup'], ['electoral', 'electoral-feed-collector'], ['task-manager', 'task-manager-backup']];
    for (const [namespace, cronJob] of jobs) {
      expect(query).toContain(`{namespace="${namespace}", cronjob="${cronJob}"}`);
    }
  });

  test('dev has no Prometheus operator: no rule, monitor or dashboard in any chart', () => {
    for (const objects of environmentObjects('dev').values()) {
      const kinds = ['PrometheusRule', 'PodMonitor', 'ServiceMonitor'];
      const monitoring = objects.filter((m) => kinds.includes(m.kind) || m.metadata.labels?.grafana_dashboard);
      expect(monitoring).toEqual([]);
    }
  });
});

describe('PlatformJobsDashboard', () => {
  test('refuses a job outside a namespaced chart', () => {
    const app = Testing.app();
    const job = new SecureCronJob(new Chart(app, 'bare'), 'nightly', jobProps({ monitoring: undefined }));
    const chart = new Chart(app, 'dashboards', { namespace: 'platform' });
    const ownership = { partOf: 'platform', owner: 'platform-team', runbookUrl: 'https://runbooks.example.org/jobs' };
    expect(() => new PlatformJobsDashboard(chart, 'jobs', { jobs: [job], ...ownership }))
      .toThrow(/jobs: invalid jobs "bare\/nightly": SecureCronJobs in Charts with a namespace/);
  });
});
