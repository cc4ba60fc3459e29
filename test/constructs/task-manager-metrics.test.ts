/**
 * Scraping the task manager's mysqld_exporter, read from the real per-environment synth through
 * main.ts: where monitoring is on and the exporter runs, a PodMonitor selects exactly the MySQL pods
 * and the exporter's port, the MySQL pods admit Prometheus on that port and nothing else, and the
 * MySQL alerts and dashboard panels are present; where either is missing, none of them is.
 */
import { Chart, Testing } from 'cdk8s';
import { TaskManagerStack } from '../../constructs';
import { ENVIRONMENTS, EnvironmentConfig } from '../../environments';
import type { PrometheusRuleGroup } from '../../lib/observability';
import { selectorMatches } from '../../lib/policy/label-selector';
import { buildEnvironmentApp } from '../../main';
import { find, Manifest } from '../helpers/manifests';
import { describeWithTools, tool } from '../helpers/system-tools';
import { expectedAlert, ruleNamed, series, testRules } from '../lib/observability/promtool';

const MYSQL_ALERTS = ['MySQLDown', 'MySQLMetricsAbsent', 'MySQLConnectionsNearLimit'];
const MYSQL_PANELS = ['MySQL up', 'MySQL connections', 'MySQL queries per second'];
const EXPORTER_PORT = 9104;

/** The real environments, plus each with the half of the wiring it lacks taken away (monitoring without exporter and the reverse). */
function variants(): [string, EnvironmentConfig][] {
  const derived: [string, EnvironmentConfig][] = [];
  for (const env of ENVIRONMENTS) {
    if (env.taskManager.mysqlExporter && env.alerting.prometheus) {
      derived.push([`${env.name} without the exporter`, { ...env, taskManager: { ...env.taskManager, mysqlExporter: undefined } }]);
      derived.push([`${env.name} without Prometheus`, { ...env, alerting: { ...env.alerting, prometheus: undefined } }]);
    }
  }
  return [...ENVIRONMENTS.map((env): [string, EnvironmentConfig] => [env.name, env]), ...derived];
}

interface Pods {
  readonly owner: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly containers: Manifest[];
}

/** Every pod template of the app: Deployments, StatefulSets, CronJobs. */
function podsOf(objects: Manifest[]): Pods[] {
  return objects.flatMap((m): Pods[] => {
    const template = m.kind === 'CronJob' ? m.spec.jobTemplate.spec.template : ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(m.kind)
      ? m.spec.template : undefined;
    if (!template) return [];
    const { name, namespace } = m.metadata;
    return [{ owner: `${m.kind}/${name}`, namespace, labels: template.metadata?.labels ?? {}, containers: template.spec.containers }];
  });
}

/** Every (peer, port) an ingress rule of the policies selecting `pods` admits. */
function admitted(objects: Manifest[], pods: Pods): { peer: Manifest; port: number }[] {
  return objects
    .filter((m) => m.kind === 'NetworkPolicy' && m.metadata.namespace === pods.namespace && selectorMatches(m.spec.podSelector, pods.labels))
    .flatMap((policy) => (policy.spec.ingress ?? []) as Manifest[])
    .flatMap((rule) => (rule.from as Manifest[]).flatMap((peer) => (rule.ports as Manifest[]).map((p) => {
      expect(p.protocol).toBe('TCP');
      return { peer, port: p.port as number };
    })));
}

describe.each(variants())('MySQL metrics in %s', (_name, env) => {
  const app = buildEnvironmentApp(env);
  const charts = app.node.children.filter((c): c is Chart => c instanceof Chart);
  const objects = charts.flatMap((chart) => Testing.synth(chart));
  const stack = charts.find((c) => c.node.id === 'task-manager')!.node.findChild('task-manager') as TaskManagerStack;
  const prometheus = env.alerting.prometheus;
  const scraped = prometheus !== undefined && env.taskManager.mysqlExporter !== undefined;
  const statefulSet = find(objects, 'StatefulSet', stack.statefulSet.name);
  const mysqlPods = podsOf([statefulSet])[0];
  const namespace = statefulSet.metadata.namespace;

  test(scraped ? 'a PodMonitor selects exactly the MySQL pods and the exporter\'s port' : 'no PodMonitor selects the MySQL pods', () => {
    const monitors = objects.filter((m) => m.kind === 'PodMonitor');
    const ofMysql = monitors
      .filter((m) => m.spec.namespaceSelector.matchNames.includes(namespace) && selectorMatches(m.spec.selector, mysqlPods.labels));
    if (!scraped) {
      expect(ofMysql).toEqual([]);
      return;
    }
    expect(ofMysql.map((m) => m.metadata.name)).toEqual([stack.statefulSet.name]);
    const [monitor] = ofMysql;
    expect(monitor.metadata.namespace).toBe(namespace);
    expect(monitor.spec.namespaceSelector).toEqual({ matchNames: [namespace] });
    // Exactly the MySQL pods among every pod template of the environment.
    const selected = podsOf(objects).filter((p) => p.namespace === namespace && selectorMatches(monitor.spec.selector, p.labels));
    expect(selected.map((p) => p.owner)).toEqual([`StatefulSet/${stack.statefulSet.name}`]);
    // One endpoint, on the port named in the pod by the exporter container only, 9104.
    expect(monitor.spec.podMetricsEndpoints).toHaveLength(1);
    const [endpoint] = monitor.spec.podMetricsEndpoints;
    const named = mysqlPods.containers.flatMap((c) => (c.ports ?? [])
      .filter((p: Manifest) => p.name === endpoint.port)
      .map((p: Manifest) => [c.name, p.containerPort]));
    expect(named).toEqual([['exporter', EXPORTER_PORT]]);
    expect(stack.databaseMetrics).toEqual({ port: EXPORTER_PORT, portName: endpoint.port, podLabels: monitor.spec.selector.matchLabels });
    expect(endpoint).toMatchObject({ path: '/metrics', scheme: 'http' });
  });

  test(scraped ? 'the MySQL pods admit Prometheus on 9104 only, and nothing else on 9104' : 'nothing is admitted to 9104', () => {
    const pairs = admitted(objects, mysqlPods);
    expect(pairs.length).toBeGreaterThan(0); // the web and backup pods on 3306 at least
    const onMetricsPort = pairs.filter((pair) => pair.port === EXPORTER_PORT).map((pair) => pair.peer);
    if (!scraped) {
      expect(onMetricsPort).toEqual([]);
      return;
    }
    const prometheusPeer = {
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': prometheus!.namespace } },
      podSelector: { matchLabels: { ...prometheus!.podLabels } },
    };
    expect(onMetricsPort).toEqual([prometheusPeer]);
    // The Prometheus pods reach 9104 and no other port (not MySQL's 3306).
    const toPrometheus = pairs.filter((pair) => pair.peer.namespaceSelector !== undefined
      && selectorMatches(pair.peer.namespaceSelector, { 'kubernetes.io/metadata.name': prometheus!.namespace })
      && selectorMatches(pair.peer.podSelector, { ...prometheus!.podLabels }));
    expect(toPrometheus.map((pair) => pair.port)).toEqual([EXPORTER_PORT]);
  });

  test(scraped ? 'the MySQL alerts and dashboard panels are there' : 'no MySQL alert and no MySQL panel', () => {
    const rules = objects.filter((m) => m.kind === 'PrometheusRule' && m.metadata.namespace === namespace);
    const alerts = rules.flatMap((r) => r.spec.groups.flatMap((g: Manifest) => g.rules.map((rule: Manifest) => rule.alert)));
    const dashboards = objects
      .filter((m) => m.kind === 'ConfigMap' && m.metadata.labels?.grafana_dashboard === '1' && m.metadata.namespace === namespace);
    const titles = dashboards.flatMap((d) => Object.values(d.data as Record<string, string>).flatMap((text) => JSON.parse(text).panels))
      .map((panel: Manifest) => panel.title);
    if (scraped) {
      expect(alerts).toEqual(expect.arrayContaining(MYSQL_ALERTS));
      expect(titles).toEqual(expect.arrayContaining(MYSQL_PANELS));
    } else {
      expect(alerts.filter((a) => a.startsWith('MySQL'))).toEqual([]);
      expect(titles.filter((t) => t.startsWith('MySQL'))).toEqual([]);
    }
    // Monitoring on: the rules and the dashboard exist either way.
    if (prometheus !== undefined) expect([rules.length > 0, dashboards.length]).toEqual([true, 1]);
  });
});

test('at least one environment scrapes its MySQL (the positive cases above run)', () => {
  expect(ENVIRONMENTS.filter((env) => env.alerting.prometheus && env.taskManager.mysqlExporter).length).toBeGreaterThan(0);
});

const scrapedEnvironments = ENVIRONMENTS.filter((env) => env.alerting.prometheus && env.taskManager.mysqlExporter).map((env) => env.name);

describeWithTools('the synthesized MySQL alerts over the StatefulSet\'s own pod names (real promtool)', [tool.promtool], () => {
  test.each(scrapedEnvironments)('%s: each alert fires on one series and stays quiet on another', (name) => {
    const env = ENVIRONMENTS.find((e) => e.name === name)!;
    const chart = buildEnvironmentApp(env).node.findChild('task-manager') as Chart;
    const objects = Testing.synth(chart);
    const stack = chart.node.findChild('task-manager') as TaskManagerStack;
    const groups = find(objects, 'PrometheusRule', `${stack.name}-alerts`).spec.groups as PrometheusRuleGroup[];
    const mysqlGroups = groups.filter((g) => g.rules.some((r) => r.alert?.startsWith('MySQL')));
    const pod = { namespace: stack.namespace, pod: `${stack.statefulSet.name}-0` };
    const exporter = { ...pod, container: 'exporter' };
    const fires = (alertname: string, eval_time: string, labels: Record<string, string>) =>
      ({ eval_time, alertname, exp_alerts: [expectedAlert(ruleNamed(mysqlGroups, alertname), labels)] });
    const quiet = (alertname: string, eval_time: string) => ({ eval_time, alertname, exp_alerts: [] });
    const tests = [
      { // MySQL goes down after 5 minutes; connections at 90 % of the limit throughout
        interval: '1m',
        input_series: [
          series('mysql_up', exporter, '1x5 0x30'),
          series('mysql_global_status_threads_connected', exporter, '90x40'),
          series('mysql_global_variables_max_connections', exporter, '100x40'),
        ],
        alert_rule_test: [quiet('MySQLDown', '6m'), fires('MySQLDown', '12m', pod), quiet('MySQLMetricsAbsent', '20m'),
          fires('MySQLConnectionsNearLimit', '15m', pod)],
      },
      { // healthy, few connections
        interval: '1m',
        input_series: [
          series('mysql_up', exporter, '1x30'),
          series('mysql_global_status_threads_connected', exporter, '10x30'),
          series('mysql_global_variables_max_connections', exporter, '100x30'),
        ],
        alert_rule_test: [quiet('MySQLDown', '20m'), quiet('MySQLConnectionsNearLimit', '20m'), quiet('MySQLMetricsAbsent', '20m')],
      },
      { // the exporter of another StatefulSet only (its name extends ours): ours is absent
        interval: '1m',
        input_series: [series('mysql_up', { ...exporter, pod: `${stack.statefulSet.name}-replica-0` }, '0x20')],
        alert_rule_test: [quiet('MySQLDown', '15m'), fires('MySQLMetricsAbsent', '11m', { namespace: stack.namespace })],
      },
    ];
    expect(testRules(mysqlGroups, tests)).toContain('SUCCESS');
  });
});
