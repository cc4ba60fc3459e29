import { mysqlAlertRuleGroup, workloadAlertRuleGroup, WorkloadAlertOptions } from '../../../lib/observability';
import { describeWithTools, tool } from '../../helpers/system-tools';
import { expectedAlert, ruleNamed, series, testRules } from './promtool';

const ROUTING = { team: 'tasks-team', runbookUrl: 'https://runbooks.example.org/tasks' };
const NS = 'tasks';

function web(overrides: Partial<WorkloadAlertOptions> = {}): WorkloadAlertOptions {
  return { kind: 'Deployment', namespace: NS, name: 'web', routing: ROUTING, autoscalerName: 'web', ...overrides };
}
const mysql: WorkloadAlertOptions = {
  kind: 'StatefulSet',
  namespace: NS,
  name: 'mysql',
  routing: ROUTING,
  claims: [{ template: 'data', statefulSet: 'mysql' }],
};
const ALL_GROUPS = [
  workloadAlertRuleGroup(web()),
  workloadAlertRuleGroup(mysql),
  mysqlAlertRuleGroup({ namespace: NS, statefulSetName: 'mysql', routing: ROUTING }),
];

const WEB_POD = 'web-7d9f8c6b5-x2k4p';
const OTHER_POD = 'web-api-6c8b7d9f5-q7r2m'; // another Deployment whose name starts with "web-"
const container = (pod: string, name = 'app') => ({ namespace: NS, pod, container: name });

describe('workloadAlertRuleGroup', () => {
  test('every alert routes and names the namespace and the workload', () => {
    for (const group of ALL_GROUPS) {
      for (const rule of group.rules) {
        expect(rule.labels).toMatchObject({ team: 'tasks-team' });
        expect(['critical', 'warning']).toContain(rule.labels.severity);
        expect(rule.annotations.runbook_url).toBe(ROUTING.runbookUrl);
        expect(rule.annotations.summary).toMatch(/(Deployment|StatefulSet|HorizontalPodAutoscaler|PersistentVolumeClaim) tasks\//);
      }
    }
  });

  test('the autoscaler and volume alerts only where there is an autoscaler or a claim', () => {
    const names = (options: WorkloadAlertOptions) => workloadAlertRuleGroup(options).rules.map((r) => r.alert);
    expect(names(web({ autoscalerName: undefined }))).not.toContain('AutoscalerAtMaximum');
    expect(names(web())).toContain('AutoscalerAtMaximum');
    expect(names(web())).not.toContain('VolumeFillingUp');
    expect(names(mysql)).toEqual(expect.arrayContaining(['VolumeFillingUp', 'VolumeFullIn24Hours']));
  });
});

describeWithTools('workload and MySQL alerts (real promtool)', [tool.promtool], () => {
  const groups = ALL_GROUPS;
  const fires = (alertname: string, eval_time: string, labels: Record<string, string>) =>
    ({ eval_time, alertname, exp_alerts: [expectedAlert(ruleNamed(groups, alertname), labels)] });
  const quiet = (alertname: string, eval_time: string) => ({ eval_time, alertname, exp_alerts: [] });

  test('replicas not ready for 10 minutes (Deployment and StatefulSet)', () => {
    const tests = [
      {
        interval: '1m',
        input_series: [
          series('kube_deployment_spec_replicas', { namespace: NS, deployment: 'web' }, '3x30'),
          series('kube_deployment_status_replicas_available', { namespace: NS, deployment: 'web' }, '2x30'),
          series('kube_statefulset_replicas', { namespace: NS, statefulset: 'mysql' }, '1x30'),
          series('kube_statefulset_status_replicas_ready', { namespace: NS, statefulset: 'mysql' }, '0x30'),
        ],
        alert_rule_test: [
          quiet('DeploymentReplicasNotReady', '9m'),
          fires('DeploymentReplicasNotReady', '11m', { namespace: NS, deployment: 'web' }),
          fires('StatefulSetReplicasNotReady', '11m', { namespace: NS, statefulset: 'mysql' }),
        ],
      },
      {
        interval: '1m',
        input_series: [
          series('kube_deployment_spec_replicas', { namespace: NS, deployment: 'web' }, '3x30'),
          series('kube_deployment_status_replicas_available', { namespace: NS, deployment: 'web' }, '3x30'),
        ],
        alert_rule_test: [quiet('DeploymentReplicasNotReady', '20m')],
      },
    ];
    expect(testRules(groups, tests)).toContain('SUCCESS');
  });

  test('crash looping and frequent restarts, only for this workload\'s pods', () => {
    const tests = [{
      interval: '1m',
      input_series: [
        series('kube_pod_container_status_waiting_reason', { ...container(WEB_POD), reason: 'CrashLoopBackOff' }, '1x30'),
        series('kube_pod_container_status_waiting_reason', { ...container(OTHER_POD), reason: 'CrashLoopBackOff' }, '1x30'),
        series('kube_pod_container_status_restarts_total', container(WEB_POD), '0+1x70'),
        series('kube_pod_container_status_restarts_total', container('mysql-0', 'mysql'), '0x70'),
      ],
      alert_rule_test: [
        quiet('DeploymentPodCrashLooping', '10m'),
        fires('DeploymentPodCrashLooping', '16m', container(WEB_POD)),
        fires('DeploymentPodRestarting', '30m', container(WEB_POD)),
        quiet('StatefulSetPodRestarting', '30m'),
      ],
    }];
    expect(testRules(groups, tests)).toContain('SUCCESS');
  });

  test('memory above 90 % of the limit and sustained CPU throttling (cAdvisor)', () => {
    const MiB = 1024 * 1024;
    const tests = [
      {
        interval: '1m',
        input_series: [
          series('container_memory_working_set_bytes', container(WEB_POD), `${95 * MiB}x30`),
          series('container_memory_working_set_bytes', { namespace: NS, pod: WEB_POD, container: '' }, `${200 * MiB}x30`), // the pod's cgroup
          series('kube_pod_container_resource_limits', { ...container(WEB_POD), resource: 'memory', unit: 'byte' }, `${100 * MiB}x30`),
          series('container_memory_working_set_bytes', container('mysql-0', 'mysql'), `${50 * MiB}x30`),
          series('kube_pod_container_resource_limits', { ...container('mysql-0', 'mysql'), resource: 'memory', unit: 'byte' }, `${100 * MiB}x30`),
          series('container_cpu_cfs_periods_total', container(WEB_POD), '0+100x30'),
          series('container_cpu_cfs_throttled_periods_total', container(WEB_POD), '0+30x30'),
          series('container_cpu_cfs_periods_total', container('mysql-0', 'mysql'), '0+100x30'),
          series('container_cpu_cfs_throttled_periods_total', container('mysql-0', 'mysql'), '0+10x30'),
        ],
        alert_rule_test: [
          quiet('DeploymentMemoryNearLimit', '10m'),
          fires('DeploymentMemoryNearLimit', '16m', container(WEB_POD)),
          quiet('StatefulSetMemoryNearLimit', '20m'),
          fires('DeploymentCpuThrottled', '25m', container(WEB_POD)),
          quiet('StatefulSetCpuThrottled', '25m'),
        ],
      },
    ];
    expect(testRules(groups, tests)).toContain('SUCCESS');
  });

  test('autoscaler at its maximum for 15 minutes', () => {
    const hpa = { namespace: NS, horizontalpodautoscaler: 'web' };
    const tests = [
      {
        interval: '1m',
        input_series: [
          series('kube_horizontalpodautoscaler_spec_max_replicas', hpa, '5x30'),
          series('kube_horizontalpodautoscaler_status_current_replicas', hpa, '3x5 5x25'),
        ],
        alert_rule_test: [quiet('AutoscalerAtMaximum', '15m'), fires('AutoscalerAtMaximum', '22m', hpa)],
      },
    ];
    expect(testRules(groups, tests)).toContain('SUCCESS');
  });

  test('a claim above 80 % and one predicted full within 24 hours; the StatefulSet template pattern selects its claims', () => {
    const claim = (name: string) => ({ namespace: NS, persistentvolumeclaim: name });
    const GiB = 1024 ** 3;
    const tests = [
      {
        interval: '1m',
        input_series: [
          series('kubelet_volume_stats_capacity_bytes', claim('data-mysql-0'), `${10 * GiB}x30`),
          series('kubelet_volume_stats_used_bytes', claim('data-mysql-0'), `${8.5 * GiB}x30`),
          series('kubelet_volume_stats_capacity_bytes', claim('data-other-0'), `${10 * GiB}x30`),
          series('kubelet_volume_stats_used_bytes', claim('data-other-0'), `${9.5 * GiB}x30`),
        ],
        alert_rule_test: [quiet('VolumeFillingUp', '4m'), fires('VolumeFillingUp', '7m', claim('data-mysql-0'))],
      },
      { // 2 GiB free, shrinking by 10 MiB a minute: empty in under 4 hours
        interval: '1m',
        input_series: [series('kubelet_volume_stats_available_bytes', claim('data-mysql-0'), `${2 * GiB}-${10 * 1024 * 1024}x200`)],
        alert_rule_test: [quiet('VolumeFullIn24Hours', '30m'), fires('VolumeFullIn24Hours', '75m', claim('data-mysql-0'))],
      },
      { // steady: never predicted full
        interval: '1m',
        input_series: [series('kubelet_volume_stats_available_bytes', claim('data-mysql-0'), `${2 * GiB}x200`)],
        alert_rule_test: [quiet('VolumeFullIn24Hours', '3h')],
      },
    ];
    expect(testRules(groups, tests)).toContain('SUCCESS');
  });

  test('MySQL down, exporter absent, connections near max_connections', () => {
    const pod = { namespace: NS, pod: 'mysql-0' };
    const tests = [
      {
        interval: '1m',
        input_series: [
          series('mysql_up', { ...pod, container: 'exporter' }, '1x5 0x30'),
          series('mysql_global_status_threads_connected', pod, '90x40'),
          series('mysql_global_variables_max_connections', pod, '100x40'),
        ],
        alert_rule_test: [
          quiet('MySQLDown', '6m'),
          fires('MySQLDown', '12m', pod),
          quiet('MySQLMetricsAbsent', '20m'),
          fires('MySQLConnectionsNearLimit', '15m', pod),
        ],
      },
      {
        interval: '1m',
        input_series: [series('mysql_up', { ...pod, container: 'exporter' }, '1x30'), series('mysql_global_status_threads_connected', pod, '10x30'),
          series('mysql_global_variables_max_connections', pod, '100x30')],
        alert_rule_test: [quiet('MySQLDown', '20m'), quiet('MySQLConnectionsNearLimit', '20m')],
      },
      {
        interval: '1m',
        input_series: [series('up', { job: 'other' }, '1x20')],
        alert_rule_test: [fires('MySQLMetricsAbsent', '11m', { namespace: NS })],
      },
    ];
    expect(testRules(groups, tests)).toContain('SUCCESS');
  });
});
