import { Schedule } from '../../../lib/cron';
import {
  cronJobAlertRuleGroup,
  podMonitorManifest,
  prometheusRuleManifest,
  prometheusScraperProblem,
  serviceMonitorManifest,
} from '../../../lib/observability';
import { problems } from '../policy/policy-helpers';

const OPTIONS = { name: 'microsite', namespace: 'electoral', selector: { 'app.kubernetes.io/name': 'microsite' }, port: 'metrics' };

describe('monitors', () => {
  test('a PodMonitor and a ServiceMonitor that pass strict validation against the vendored CRD schemas', () => {
    for (const manifest of [podMonitorManifest(OPTIONS), serviceMonitorManifest({ ...OPTIONS, labels: { release: 'kube-prometheus-stack' } })]) {
      expect(problems('schema/valid', [manifest as never])).toEqual([]);
      expect(problems('schema/not-checked', [manifest as never])).toEqual([]);
    }
    expect(podMonitorManifest(OPTIONS).spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'microsite' } },
      namespaceSelector: { matchNames: ['electoral'] },
      podMetricsEndpoints: [{ port: 'metrics', path: '/metrics', interval: '30s', scheme: 'http' }],
    });
  });

  test('an empty selector is refused: it would scrape every pod', () => {
    expect(() => podMonitorManifest({ ...OPTIONS, selector: {} }))
      .toThrow('PodMonitor electoral/microsite: an empty selector would scrape every pod');
  });

  test('the Prometheus scraper needs a namespace and at least one pod label', () => {
    expect(prometheusScraperProblem({ namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } })).toBeUndefined();
    expect(prometheusScraperProblem({ namespace: 'monitoring', podLabels: {} })).toMatch(/^podLabels must name at least one label/);
    expect(prometheusScraperProblem({ namespace: 'Monitoring', podLabels: { app: 'prometheus' } }))
      .toMatch(/^namespace "Monitoring" must be an RFC 1123 label/);
    expect(prometheusScraperProblem({ namespace: 'monitoring', podLabels: { app: 'prom etheus' } }))
      .toBe('podLabels value "prom etheus" (of app) is not a label value');
  });
});

describe('prometheusRuleManifest', () => {
  const group = cronJobAlertRuleGroup({
    namespace: 'platform', cronJobName: 'cleanup', schedule: Schedule.cron('15 3 * * *'), timeZone: 'Europe/Madrid',
    startingDeadlineSeconds: 300, activeDeadlineSeconds: 3600, suspendedByConfig: false,
    routing: { team: 'platform-team', runbookUrl: 'https://runbooks.example.org/platform/cleanup' },
  });

  test('holds the groups and passes strict validation against the PrometheusRule CRD', () => {
    const manifest = prometheusRuleManifest('cleanup-alerts', 'platform', [group]);
    expect(manifest.spec.groups.map((g) => g.name)).toEqual(['cleanup.cronjob.rules']);
    expect(problems('schema/valid', [manifest as never])).toEqual([]);
  });

  test('refuses two groups of one name (Prometheus would refuse the file) and an empty rule', () => {
    expect(() => prometheusRuleManifest('x', 'platform', [group, group])).toThrow('two rule groups are named "cleanup.cronjob.rules"');
    expect(() => prometheusRuleManifest('x', 'platform', [])).toThrow('PrometheusRule platform/x: no rule groups');
  });
});
