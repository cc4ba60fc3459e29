/**
 * PodMonitor and ServiceMonitor objects (prometheus-operator, monitoring.coreos.com/v1) as plain
 * manifests, and who scrapes: the Prometheus pods that NetworkPolicies must admit to metrics ports.
 */
import { dnsLabelProblem, isLabelValue, labelKeyProblem } from '../validate/names';

/** Where Prometheus runs: its namespace and the labels of its pods (for NetworkPolicy peers). */
export interface PrometheusScraper {
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
}

/** Why the scraper description is unusable, or undefined. */
export function prometheusScraperProblem(scraper: PrometheusScraper): string | undefined {
  const namespace = dnsLabelProblem(scraper.namespace);
  if (namespace !== undefined) return `namespace "${scraper.namespace}" ${namespace}`;
  const labels = Object.entries(scraper.podLabels);
  // An empty selector would admit every pod of the namespace, not just Prometheus.
  if (labels.length === 0) return 'podLabels must name at least one label of the Prometheus pods, e.g. { "app.kubernetes.io/name": "prometheus" }';
  for (const [key, value] of labels) {
    if (labelKeyProblem(key) !== undefined) return `podLabels key "${key}" is not a label key`;
    if (!isLabelValue(value)) return `podLabels value "${value}" (of ${key}) is not a label value`;
  }
  return undefined;
}

export interface MonitorOptions {
  readonly name: string;
  readonly namespace: string;
  /** Labels that select the pods (PodMonitor) or the Service (ServiceMonitor). */
  readonly selector: Readonly<Record<string, string>>;
  /** Name of the container port (PodMonitor) or Service port (ServiceMonitor) serving metrics. */
  readonly port: string;
  /** @default '/metrics' */
  readonly path?: string;
  /** @default '30s' (kube-prometheus-stack's default scrape interval) */
  readonly interval?: string;
  /** Labels of the monitor itself (the operator's monitor selector may require some). @default none */
  readonly labels?: Readonly<Record<string, string>>;
}

interface MonitorManifest {
  readonly apiVersion: 'monitoring.coreos.com/v1';
  readonly kind: 'PodMonitor' | 'ServiceMonitor';
  readonly metadata: { name: string; namespace: string; labels?: Record<string, string> };
  readonly spec: Record<string, unknown>;
}

function monitor(kind: MonitorManifest['kind'], endpointsKey: string, options: MonitorOptions): MonitorManifest {
  if (Object.keys(options.selector).length === 0) {
    throw new Error(`${kind} ${options.namespace}/${options.name}: an empty selector would scrape every pod`);
  }
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind,
    metadata: { name: options.name, namespace: options.namespace, ...(options.labels ? { labels: { ...options.labels } } : {}) },
    spec: {
      selector: { matchLabels: { ...options.selector } },
      namespaceSelector: { matchNames: [options.namespace] },
      [endpointsKey]: [{ port: options.port, path: options.path ?? '/metrics', interval: options.interval ?? '30s', scheme: 'http' }],
    },
  };
}

/** A PodMonitor scraping the named container port of the selected pods in their own namespace. */
export function podMonitorManifest(options: MonitorOptions): MonitorManifest {
  return monitor('PodMonitor', 'podMetricsEndpoints', options);
}

/** A ServiceMonitor scraping the named port of the selected Service in its own namespace. */
export function serviceMonitorManifest(options: MonitorOptions): MonitorManifest {
  return monitor('ServiceMonitor', 'endpoints', options);
}

/** A PrometheusRule holding the groups, in the namespace of what they watch. */
export function prometheusRuleManifest(name: string, namespace: string, groups: readonly { name: string; rules: readonly unknown[] }[]): {
  apiVersion: 'monitoring.coreos.com/v1';
  kind: 'PrometheusRule';
  metadata: { name: string; namespace: string };
  spec: { groups: { name: string; rules: unknown[] }[] };
} {
  if (groups.length === 0) throw new Error(`PrometheusRule ${namespace}/${name}: no rule groups`);
  const names = groups.map((group) => group.name);
  const repeated = names.find((group, index) => names.indexOf(group) !== index);
  // Prometheus refuses a rule file with two groups of one name.
  if (repeated !== undefined) throw new Error(`PrometheusRule ${namespace}/${name}: two rule groups are named "${repeated}"`);
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name, namespace },
    spec: { groups: groups.map((group) => ({ name: group.name, rules: [...group.rules] })) },
  };
}
