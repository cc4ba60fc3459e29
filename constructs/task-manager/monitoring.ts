import { Construct } from 'constructs';
import { shortDigest } from '../../lib/image';
import { stampIdentity } from '../../lib/metadata';
import {
  addDashboard, addPodMonitor, addPrometheusRule, mysqlAlertRuleGroup, requireMonitoring, routingOf, taskManagerDashboard, volumeAlertRules,
  workloadAlertRuleGroup,
} from '../../lib/observability';
import type { DatabaseMetrics } from './exporter';
import type { TaskManagerStackProps } from './props';

/** What the monitoring of the stack refers to, by name. */
export interface StackObjects {
  readonly name: string;
  readonly namespace: string;
  readonly partOf: string;
  readonly webDeployment: string;
  readonly autoscalerName?: string;
  readonly mysqlStatefulSet: string;
  readonly backupCronJob: string;
  readonly backupClaim: string;
  /** The mysqld_exporter's port and the MySQL pods' labels; absent without the exporter. */
  readonly databaseMetrics?: DatabaseMetrics;
}

/**
 * `Monitoring`: PrometheusRule `<n>-alerts` (the web Deployment and its autoscaler, the MySQL
 * StatefulSet and its data claims, the backup claim) and the dashboard ConfigMap `<n>-dashboard`;
 * with the exporter also `Monitoring/MysqlMonitor` (PodMonitor `<n>-mysql`) and MySQL's own alerts
 * and panels. The exporter's presence decides all three together: alerts without a monitor would
 * leave `MySQLMetricsAbsent` firing for good. Nothing without `monitoring`.
 */
export function addStackMonitoring(stack: Construct, props: TaskManagerStackProps, objects: StackObjects): void {
  if (props.monitoring === undefined) return;
  requireMonitoring(stack, 'monitoring', props.monitoring);
  const { namespace, databaseMetrics: metrics } = objects;
  const routing = routingOf(props);
  const dataClaims = { template: 'data', statefulSet: objects.mysqlStatefulSet };
  const backupClaim = { claimName: objects.backupClaim };
  const groups = [
    workloadAlertRuleGroup({ kind: 'Deployment', namespace, name: objects.webDeployment, routing, autoscalerName: objects.autoscalerName }),
    workloadAlertRuleGroup({ kind: 'StatefulSet', namespace, name: objects.mysqlStatefulSet, routing, claims: [dataClaims] }),
    {
      name: `${objects.backupClaim}.volume.rules`,
      rules: volumeAlertRules({
        namespace, claims: [backupClaim], routing, owner: `CronJob ${namespace}/${objects.backupCronJob}`, labels: { cronjob: objects.backupCronJob },
      }),
    },
    ...(metrics ? [mysqlAlertRuleGroup({ namespace, statefulSetName: objects.mysqlStatefulSet, routing })] : []),
  ];
  const scope = new Construct(stack, 'Monitoring');
  addPrometheusRule(scope, 'Alerts', `${objects.name}-alerts`, groups, props.monitoring);
  if (metrics) {
    // The MySQL pods only (their stable selector labels), the exporter's named port only.
    addPodMonitor(scope, 'MysqlMonitor', { name: objects.mysqlStatefulSet, selector: metrics.podLabels, port: metrics.portName }, props.monitoring);
  }
  addDashboard(scope, 'Dashboard', taskManagerDashboard({
    uid: objects.name,
    namespace,
    webDeployment: objects.webDeployment,
    autoscalerName: objects.autoscalerName,
    mysqlStatefulSet: objects.mysqlStatefulSet,
    mysqlExporter: metrics !== undefined,
    backupCronJob: objects.backupCronJob,
    claims: [dataClaims, backupClaim],
  }));
  stampIdentity(scope, {
    name: objects.name, instance: objects.name, component: 'monitoring', partOf: objects.partOf,
    version: shortDigest(props.webImage), owner: props.owner, runbookUrl: props.runbookUrl,
  });
}
