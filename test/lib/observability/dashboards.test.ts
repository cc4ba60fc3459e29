import {
  dashboardConfigMap,
  DashboardSpec,
  feedDashboard,
  grafanaDashboard,
  panelExpressions,
  platformJobsDashboard,
  taskManagerDashboard,
} from '../../../lib/observability';
import { describeWithTools, tool } from '../../helpers/system-tools';
import { checkRules } from './promtool';

const DASHBOARDS: readonly DashboardSpec[] = [
  feedDashboard({
    uid: 'electoral-feed',
    namespace: 'electoral',
    cronJobName: 'electoral-feed-collector',
    micrositeName: 'electoral-feed-microsite',
  }),
  taskManagerDashboard({
    uid: 'task-manager',
    namespace: 'tasks',
    webDeployment: 'web',
    autoscalerName: 'web',
    mysqlStatefulSet: 'mysql',
    mysqlExporter: true,
    backupCronJob: 'mysql-backup',
    claims: [{ template: 'data', statefulSet: 'mysql' }, { claimName: 'mysql-backups' }],
  }),
  taskManagerDashboard({
    uid: 'task-manager-small',
    namespace: 'tasks',
    webDeployment: 'web',
    mysqlStatefulSet: 'mysql',
    backupCronJob: 'mysql-backup',
  }),
  platformJobsDashboard({
    uid: 'platform-jobs',
    jobs: [{ namespace: 'platform', cronJobName: 'cleanup' }, { namespace: 'tasks', cronJobName: 'mysql-backup' }],
  }),
];

/** Grafana's built-in variables as Grafana fills them in before it sends a query. */
const GRAFANA_VARIABLES: Record<string, string> = { __rate_interval: '1m', __interval: '30s', __range: '24h', datasource: 'prometheus' };

function substituteVariables(expr: string): string {
  return expr.replace(/\$\{?(\w+)\}?/g, (whole, name: string) => {
    if (!(name in GRAFANA_VARIABLES)) throw new Error(`unknown Grafana variable ${whole} in ${expr}`);
    return GRAFANA_VARIABLES[name];
  });
}

describe('dashboards', () => {
  test.each(DASHBOARDS.map((d) => [d.uid, d]))('%s: a ConfigMap for the Grafana sidecar holding JSON that parses', (_, spec) => {
    const configMap = dashboardConfigMap(spec);
    expect(configMap.labels).toEqual({ grafana_dashboard: '1' });
    expect(configMap.name).toBe(`${spec.uid}-dashboard`);
    const model = JSON.parse(configMap.data[`${spec.uid}.json`]);
    expect(model.uid).toBe(spec.uid);
    expect(model.panels).toHaveLength(spec.panels.length);
    expect(panelExpressions(model).length).toBeGreaterThanOrEqual(spec.panels.length);
    // Every query goes to the data source the viewer picks.
    for (const panel of model.panels) expect(panel.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
  });

  test('the task manager dashboard shows the autoscaler, volumes and MySQL\'s exporter metrics only when there are some', () => {
    const titles = (spec: DashboardSpec) => spec.panels.map((p) => p.title);
    const mysql = ['MySQL up', 'MySQL connections', 'MySQL queries per second'];
    expect(titles(DASHBOARDS[1])).toEqual(expect.arrayContaining(['Autoscaler', 'Volume usage', ...mysql]));
    expect(titles(DASHBOARDS[2])).not.toContain('Autoscaler');
    expect(titles(DASHBOARDS[2])).not.toContain('Volume usage');
    // Without mysqld_exporter nothing reports mysql_*: the panels would only ever say "No data".
    expect(titles(DASHBOARDS[2]).filter((title) => title.startsWith('MySQL'))).toEqual([]);
  });

  test('refuses a uid that cannot name a ConfigMap, and a panel without a query', () => {
    expect(() => grafanaDashboard({ ...DASHBOARDS[0], uid: 'Feed_Dashboard' })).toThrow('dashboard uid "Feed_Dashboard": 1 to 40 lowercase letters');
    expect(() => grafanaDashboard({ ...DASHBOARDS[0], panels: [{ title: 'empty', type: 'stat', targets: [] }] }))
      .toThrow('panel "empty" has no query');
  });
});

describeWithTools('dashboard queries (real promtool)', [tool.promtool], () => {
  const title = '%s: every panel expression, variables filled in, passes promtool check rules as a recording rule';
  test.each(DASHBOARDS.map((d) => [d.uid, d]))(title, (_, spec) => {
    const model = JSON.parse(dashboardConfigMap(spec).data[`${spec.uid}.json`]);
    const rules = panelExpressions(model).map((expr, index) => ({
      record: `dashboard:${spec.uid.replace(/-/g, '_')}:query_${index}`,
      expr: substituteVariables(expr),
    }));
    expect(checkRules([{ name: `${spec.uid}.dashboard`, rules }])).toContain(`SUCCESS: ${rules.length} rules found`);
  });

  test('the check can fail: a query with a syntax error is refused', () => {
    expect(() => checkRules([{ name: 'broken', rules: [{ record: 'dashboard:broken', expr: 'sum(rate(up[5m])' }] }]))
      .toThrow(/promtool check rules --lint-fatal rules.yaml failed:[^]*unclosed left parenthesis/);
  });
});
