/** The task manager's dashboard: web tier, MySQL, its backup and volumes. */
import { matchers } from '../promql';
import { claimNamePattern, ClaimSelector } from '../volume-alerts';
import { podNamePattern } from '../workload-alerts';
import { DashboardSpec, PanelSpec } from './grafana';

export interface TaskManagerDashboardOptions {
  readonly uid: string;
  readonly namespace: string;
  readonly webDeployment: string;
  /** @default no autoscaler panel */
  readonly autoscalerName?: string;
  readonly mysqlStatefulSet: string;
  /** Whether mysqld_exporter runs beside MySQL and is scraped. @default false (no MySQL up/connections/queries panels) */
  readonly mysqlExporter?: boolean;
  readonly backupCronJob: string;
  /** Claims whose usage is shown. @default none (no volume panel) */
  readonly claims?: readonly ClaimSelector[];
}

export function taskManagerDashboard(options: TaskManagerDashboardOptions): DashboardSpec {
  const { namespace, webDeployment, mysqlStatefulSet } = options;
  const pods = `${podNamePattern('Deployment', webDeployment)}|${podNamePattern('StatefulSet', mysqlStatefulSet)}`;
  const containers = matchers({ namespace }, { pod: pods }, { container: '' });
  const limits = (resource: string) => matchers({ namespace, resource }, { pod: pods });
  const mysql = matchers({ namespace }, { pod: podNamePattern('StatefulSet', mysqlStatefulSet) });
  const backup = matchers({ namespace, cronjob: options.backupCronJob });
  const web = matchers({ namespace, deployment: webDeployment });
  const database = matchers({ namespace, statefulset: mysqlStatefulSet });

  const panels: PanelSpec[] = [
    {
      title: 'Ready replicas',
      type: 'timeseries',
      targets: [
        { expr: `max(kube_deployment_status_replicas_available${web})`, legend: `${webDeployment} available` },
        { expr: `max(kube_deployment_spec_replicas${web})`, legend: `${webDeployment} desired` },
        { expr: `max(kube_statefulset_status_replicas_ready${database})`, legend: `${mysqlStatefulSet} ready` },
      ],
    },
  ];
  if (options.autoscalerName !== undefined) {
    const hpa = matchers({ namespace, horizontalpodautoscaler: options.autoscalerName });
    panels.push({
      title: 'Autoscaler',
      type: 'timeseries',
      targets: [
        { expr: `max(kube_horizontalpodautoscaler_status_current_replicas${hpa})`, legend: 'current' },
        { expr: `max(kube_horizontalpodautoscaler_status_desired_replicas${hpa})`, legend: 'desired' },
        { expr: `max(kube_horizontalpodautoscaler_spec_max_replicas${hpa})`, legend: 'maximum' },
      ],
    });
  }
  panels.push(
    {
      title: 'CPU against limits',
      type: 'timeseries',
      unit: 'percentunit',
      targets: [{
        expr: `sum by (pod, container) (rate(container_cpu_usage_seconds_total${containers}[$__rate_interval]))\n` +
          `  / on (pod, container) sum by (pod, container) (kube_pod_container_resource_limits${limits('cpu')})`,
        legend: '{{pod}} {{container}}',
      }],
    },
    {
      title: 'Memory against limits',
      type: 'timeseries',
      unit: 'percentunit',
      targets: [{
        expr: `sum by (pod, container) (container_memory_working_set_bytes${containers})\n` +
          `  / on (pod, container) sum by (pod, container) (kube_pod_container_resource_limits${limits('memory')})`,
        legend: '{{pod}} {{container}}',
      }],
    },
    {
      title: 'Container restarts (per hour)',
      type: 'timeseries',
      targets: [{
        expr: `sum by (pod, container) (increase(kube_pod_container_status_restarts_total${matchers({ namespace }, { pod: pods })}[1h]))`,
        legend: '{{pod}} {{container}}',
      }],
    },
    ...(options.mysqlExporter ? mysqlPanels(mysql) : []),
    {
      title: 'Time since the last successful backup',
      type: 'stat',
      unit: 's',
      targets: [{ expr: `time() - max(kube_cronjob_status_last_successful_time${backup})` }],
    },
  );
  if (options.claims !== undefined && options.claims.length > 0) {
    const claims = matchers({ namespace }, { persistentvolumeclaim: options.claims.map(claimNamePattern).join('|') });
    panels.push({
      title: 'Volume usage',
      type: 'timeseries',
      unit: 'percentunit',
      targets: [{
        expr: `max by (persistentvolumeclaim) (kubelet_volume_stats_used_bytes${claims})\n` +
          `  / on (persistentvolumeclaim) max by (persistentvolumeclaim) (kubelet_volume_stats_capacity_bytes${claims})`,
        legend: '{{persistentvolumeclaim}}',
      }],
    });
  }
  return { uid: options.uid, title: `Task manager (${namespace})`, tags: ['task-manager', namespace], panels };
}

/** mysqld_exporter's view of MySQL: up, connections against max_connections, queries per second. */
function mysqlPanels(mysql: string): PanelSpec[] {
  return [
    {
      title: 'MySQL up',
      type: 'stat',
      targets: [{ expr: `min(mysql_up${mysql})` }],
    },
    {
      title: 'MySQL connections',
      type: 'timeseries',
      targets: [
        { expr: `max(mysql_global_status_threads_connected${mysql})`, legend: 'connected' },
        { expr: `max(mysql_global_variables_max_connections${mysql})`, legend: 'max_connections' },
      ],
    },
    {
      title: 'MySQL queries per second',
      type: 'timeseries',
      targets: [{ expr: `sum(rate(mysql_global_status_queries${mysql}[$__rate_interval]))`, legend: 'queries' }],
    },
  ];
}
