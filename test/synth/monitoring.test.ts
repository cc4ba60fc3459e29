/**
 * The monitoring in the committed output (`dist/<env>`, what Argo CD syncs): every rule group
 * passes `promtool check rules`, every alert routes, every dashboard parses and its queries pass
 * promtool; an environment without a Prometheus operator carries none of it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ENVIRONMENTS } from '../../environments';
import { panelExpressions } from '../../lib/observability';
import { checkRules } from '../lib/observability/promtool';
import { describeWithTools, tool } from '../helpers/system-tools';

type Json = Record<string, any>;
const DIST = join(__dirname, '..', '..', 'dist');

function distManifests(env: string): Json[] {
  const dir = join(DIST, env);
  if (!existsSync(dir)) throw new Error(`dist/${env} does not exist: run \`npm run synth\``);
  return readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()
    .flatMap((file) => parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((doc) => doc.toJSON() as Json));
}

const isDashboard = (m: Json) => m.kind === 'ConfigMap' && m.metadata?.labels?.grafana_dashboard === '1';
const MONITORING_KINDS = ['PrometheusRule', 'PodMonitor', 'ServiceMonitor'];

/** Grafana's built-in variables as Grafana fills them in. */
const substitute = (expr: string) => expr.replace(/\$__rate_interval|\$__interval/g, '1m').replace(/\$__range/g, '24h');

describe.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('monitoring in dist/%s', (name, env) => {
  const manifests = distManifests(name);
  const rules = manifests.filter((m) => m.kind === 'PrometheusRule');

  if (env.alerting.prometheus === undefined) {
    test('no Prometheus operator: no rule, monitor or dashboard', () => {
      expect(manifests.filter((m) => MONITORING_KINDS.includes(m.kind) || isDashboard(m)).map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([]);
    });
    return;
  }

  test('rules for every CronJob, Deployment and StatefulSet; a PodMonitor for the feed; a dashboard per construct', () => {
    const alerts: Json[] = rules.flatMap((r) =>
      r.spec.groups.flatMap((g: Json) => g.rules.map((rule: Json) => ({ ...rule, namespace: r.metadata.namespace }))));
    for (const cronJob of manifests.filter((m) => m.kind === 'CronJob')) {
      const own = alerts.filter((a) => a.labels.cronjob === cronJob.metadata.name && a.namespace === cronJob.metadata.namespace).map((a) => a.alert);
      expect(own).toEqual(expect.arrayContaining(cronJob.spec.suspend ? ['CronJobLastRunFailed'] : ['CronJobNotSucceeding', 'CronJobLastRunFailed']));
    }
    for (const workload of manifests.filter((m) => m.kind === 'Deployment' || m.kind === 'StatefulSet')) {
      const key = workload.kind === 'Deployment' ? 'deployment' : 'statefulset';
      const own = alerts.filter((a) => a.labels[key] === workload.metadata.name).map((a) => a.alert);
      expect(own).toContain(`${workload.kind}ReplicasNotReady`);
    }
    // A PodMonitor for every workload serving a container port named `metrics` (the feed's microsite, the MySQL exporter).
    const serving = manifests.filter((m) => ['Deployment', 'StatefulSet'].includes(m.kind)
      && m.spec.template.spec.containers.some((c: Json) => (c.ports ?? []).some((p: Json) => p.name === 'metrics')));
    const monitors = manifests.filter((m) => m.kind === 'PodMonitor');
    expect(monitors.map((m) => m.metadata.name).sort()).toEqual(serving.map((w) => w.metadata.name).sort());
    for (const monitor of monitors) expect(monitor.spec.podMetricsEndpoints.map((e: Json) => e.port)).toEqual(['metrics']);
    expect(manifests.filter(isDashboard).map((m) => m.metadata.name).sort())
      .toEqual(['electoral-feed-dashboard', 'platform-jobs-dashboard', 'task-manager-dashboard']);
  });

  test('every alert routes: severity, team, runbook URL, a summary naming its namespace', () => {
    for (const rule of rules) {
      for (const alert of rule.spec.groups.flatMap((g: Json) => g.rules)) {
        expect(['critical', 'warning']).toContain(alert.labels.severity);
        expect(alert.labels.team).toBe(env.owner);
        expect(alert.annotations.runbook_url).toMatch(new RegExp(`^${env.runbookBaseUrl}/`));
        expect(alert.annotations.summary).toContain(`${rule.metadata.namespace}`);
      }
    }
  });

  describeWithTools(`dist/${name} rules and dashboards (real promtool)`, [tool.promtool], () => {
    test('every rule group passes promtool check rules', () => {
      const groups = rules.flatMap((r) => r.spec.groups);
      expect(checkRules(groups)).toContain('SUCCESS');
    });

    test('every dashboard parses, and each query, variables filled in, passes promtool check rules as a recording rule', () => {
      for (const configMap of manifests.filter(isDashboard)) {
        const [file, text] = Object.entries(configMap.data as Record<string, string>)[0];
        const model = JSON.parse(text);
        const recorded = panelExpressions(model)
          .map((expr, index) => ({ record: `dashboard:${model.uid.replace(/-/g, '_')}:q${index}`, expr: substitute(expr) }));
        expect(recorded.length).toBeGreaterThan(0);
        expect(checkRules([{ name: file, rules: recorded }])).toContain('SUCCESS');
      }
    });
  });
});
