import { Construct } from 'constructs';
import { shortDigest } from '../../lib/image';
import { stampIdentity } from '../../lib/metadata';
import {
  addDashboard, addPrometheusRule, mysqlAlertRuleGroup, requireMonitoring, routingOf, taskManagerDashboard, volumeAlertRules, workloadAlertRuleGroup,
} from '../../lib/observability';
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
}

/**
 * `Monitoring`: PrometheusRule `<n>-alerts` (the web Deployment and its autoscaler, the MySQL
 * StatefulSet and its data claims, the backup claim; MySQL itself when its exporter is scraped)
 * and the dashboard ConfigMap `<n>-dashboard`. Nothing without `monitoring`.
 */
export function addStackMonitoring(stack: Construct, props: TaskManagerStackProps, objects: StackObjects): void {
  if (props.monitoring === undefined) return;
  requireMonitoring(stack, 'monitoring', props.monitoring);
  const { namespace } = objects;
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
    ...(props.mysqlMetricsScraped ? [mysqlAlertRuleGroup({ namespace, statefulSetName: objects.mysqlStatefulSet, routing })] : []),
  ];
  const scope = new Construct(stack, 'Monitoring');
  addPrometheusRule(scope, 'Alerts', `${objects.name}-alerts`, groups, props.monitoring);
  addDashboard(scope, 'Dashboard', taskManagerDashboard({
    uid: objects.name,
    namespace,
    webDeployment: objects.webDeployment,
    autoscalerName: objects.autoscalerName,
    mysqlStatefulSet: objects.mysqlStatefulSet,
    backupCronJob: objects.backupCronJob,
    claims: [dataClaims, backupClaim],
  }));
  stampIdentity(scope, {
    name: objects.name, instance: objects.name, component: 'monitoring', partOf: objects.partOf,
    version: shortDigest(props.webImage), owner: props.owner, runbookUrl: props.runbookUrl,
  });
}
