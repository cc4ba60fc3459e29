import { podMonitorManifest, prometheusScraperProblem, serviceMonitorManifest } from '../../../lib/observability';
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
    expect(() => podMonitorManifest({ ...OPTIONS, selector: {} })).toThrow('PodMonitor electoral/microsite: an empty selector would scrape every pod');
  });

  test('the Prometheus scraper needs a namespace and at least one pod label', () => {
    expect(prometheusScraperProblem({ namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } })).toBeUndefined();
    expect(prometheusScraperProblem({ namespace: 'monitoring', podLabels: {} })).toMatch(/^podLabels must name at least one label/);
    expect(prometheusScraperProblem({ namespace: 'Monitoring', podLabels: { app: 'prometheus' } })).toMatch(/^namespace "Monitoring" must be an RFC 1123 label/);
    expect(prometheusScraperProblem({ namespace: 'monitoring', podLabels: { app: 'prom etheus' } })).toBe('podLabels value "prom etheus" (of app) is not a label value');
  });
});
