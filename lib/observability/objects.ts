/**
 * The monitoring objects as cdk8s ApiObjects, for constructs: a PrometheusRule, a PodMonitor and a
 * dashboard ConfigMap. Each takes the namespace of its Chart (the rules select series by it).
 */
import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { propError } from '../errors';
import { requireLabels } from '../validate';
import * as kplus from '../plus';
import { dashboardConfigMap, DashboardSpec } from './dashboards';
import { MonitorOptions, podMonitorManifest, PrometheusScraper, prometheusRuleManifest, prometheusScraperProblem } from './monitors';
import { AlertRouting, PrometheusRuleGroup } from './rules';

/** What a construct needs to emit its monitoring: present only where the cluster runs the Prometheus operator. */
export interface MonitoringOptions {
  /** The Prometheus pods: NetworkPolicies admit them to metrics ports. */
  readonly prometheus: PrometheusScraper;
  /**
   * Labels of the PrometheusRules and monitors, for operators whose selectors require some
   * (kube-prometheus-stack's default asks for `release: <release name>`).
   * @default none
   */
  readonly resourceLabels?: Readonly<Record<string, string>>;
}

/** The namespace of `scope`'s Chart; monitoring needs one (its expressions select by namespace). */
export function monitoringNamespace(scope: Construct, prop: string): string {
  const namespace = Chart.of(scope).namespace;
  if (namespace === undefined) throw propError(scope, prop, '(set)', 'a Chart with a namespace: alert expressions select series by namespace');
  return namespace;
}

/** Checks the options (errors name the construct and `prop`). */
export function requireMonitoring(scope: Construct, prop: string, monitoring: MonitoringOptions): void {
  // Label syntax first, through the toolkit, so a bad key reads like every other label error.
  requireLabels(scope, `${prop}.prometheus.podLabels`, monitoring.prometheus.podLabels);
  requireLabels(scope, `${prop}.resourceLabels`, monitoring.resourceLabels);
  const problem = prometheusScraperProblem(monitoring.prometheus);
  if (problem !== undefined) throw propError(scope, `${prop}.prometheus`, monitoring.prometheus, problem);
}

/** Routing from the construct's ownership: the owner is the team, its runbook the runbook. */
export function routingOf(ownership: { readonly owner: string; readonly runbookUrl: string }): AlertRouting {
  return { team: ownership.owner, runbookUrl: ownership.runbookUrl };
}

export function addPrometheusRule(
  scope: Construct, id: string, name: string, groups: readonly PrometheusRuleGroup[], monitoring: MonitoringOptions,
): ApiObject {
  const manifest = prometheusRuleManifest(name, monitoringNamespace(scope, 'monitoring'), groups);
  return new ApiObject(scope, id, {
    apiVersion: manifest.apiVersion,
    kind: manifest.kind,
    metadata: { name, labels: { ...monitoring.resourceLabels } },
    spec: manifest.spec,
  });
}

export function addPodMonitor(
  scope: Construct, id: string, options: Omit<MonitorOptions, 'namespace' | 'labels'>, monitoring: MonitoringOptions,
): ApiObject {
  const manifest = podMonitorManifest({ ...options, namespace: monitoringNamespace(scope, 'monitoring'), labels: { ...monitoring.resourceLabels } });
  return new ApiObject(scope, id, {
    apiVersion: manifest.apiVersion, kind: manifest.kind, metadata: { name: options.name, labels: manifest.metadata.labels }, spec: manifest.spec,
  });
}

/** A ConfigMap the Grafana sidecar loads as a dashboard. */
export function addDashboard(scope: Construct, id: string, spec: DashboardSpec): kplus.ConfigMap {
  const data = dashboardConfigMap(spec);
  return new kplus.ConfigMap(scope, id, { metadata: { name: data.name, labels: { ...data.labels } }, data: { ...data.data } });
}
