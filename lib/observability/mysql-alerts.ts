/** Alerts on MySQL from mysqld_exporter's metrics (the exporter runs beside mysqld in each pod). */
import { matchers } from './promql';
import { AlertRouting, PrometheusRuleGroup, routedAlert } from './rules';
import { podNamePattern } from './workload-alerts';

export interface MysqlAlertOptions {
  readonly namespace: string;
  /** The StatefulSet running MySQL (and the exporter sidecar). */
  readonly statefulSetName: string;
  readonly routing: AlertRouting;
}

/** Connections above this share of `max_connections` alert: new clients are refused at 100 %. */
const CONNECTION_SHARE = 0.8;

/**
 * The rule group `<statefulset>.mysql.rules`:
 * - `MySQLDown` (critical): the exporter cannot reach mysqld (`mysql_up == 0`).
 * - `MySQLMetricsAbsent` (critical): no exporter is scraped at all.
 * - `MySQLConnectionsNearLimit` (warning): connections above 80 % of `max_connections`.
 */
export function mysqlAlertRuleGroup(options: MysqlAlertOptions): PrometheusRuleGroup {
  const { namespace, statefulSetName: name, routing } = options;
  const pods = matchers({ namespace }, { pod: podNamePattern('StatefulSet', name) });
  const object = `MySQL StatefulSet ${namespace}/${name}`;
  const labels = { statefulset: name };
  return {
    name: `${name}.mysql.rules`,
    rules: [
      routedAlert(routing, {
        alert: 'MySQLDown',
        expr: `max by (namespace, pod) (mysql_up${pods}) == 0`,
        for: '5m',
        severity: 'critical',
        summary: `${object} is down (pod {{ $labels.pod }})`,
        description: 'mysqld_exporter cannot connect to mysqld. Check the mysql container ' +
          `(kubectl logs -n ${namespace} {{ $labels.pod }} -c mysql), then the exporter's log and its credentials Secret.`,
        labels,
      }),
      routedAlert(routing, {
        alert: 'MySQLMetricsAbsent',
        expr: `absent(mysql_up${pods})`,
        for: '10m',
        severity: 'critical',
        summary: `No mysqld_exporter of ${object} is scraped`,
        description: 'Without the exporter nothing sees MySQL fail. Check that the pods run, the exporter container is ready, ' +
          'the monitor selects the pods and the NetworkPolicy admits Prometheus to the metrics port.',
        labels,
      }),
      routedAlert(routing, {
        alert: 'MySQLConnectionsNearLimit',
        expr: `max by (namespace, pod) (max_over_time(mysql_global_status_threads_connected${pods}[5m]))\n` +
          `  / on (namespace, pod) max by (namespace, pod) (mysql_global_variables_max_connections${pods})\n  > ${CONNECTION_SHARE}`,
        for: '10m',
        severity: 'warning',
        summary: `${object} (pod {{ $labels.pod }}) uses more than ${CONNECTION_SHARE * 100} % of max_connections`,
        description: 'Close to the point where MySQL refuses new connections. Look for a connection leak in the app ' +
          '(SHOW PROCESSLIST: many sleeping connections) or too many web replicas for the pool size.',
        labels,
      }),
    ],
  };
}
