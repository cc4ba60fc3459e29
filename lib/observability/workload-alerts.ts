/**
 * Alerts every Deployment and StatefulSet gets: readiness, restarts, memory against its limit, CPU
 * throttling (kube-state-metrics and cAdvisor), its autoscaler pinned at the maximum, and its
 * volumes (volume-alerts.ts). Thresholds follow the kubernetes-mixin's, so they mean what
 * operators of kube-prometheus-stack already expect.
 */
import { matchers, regexLiteral } from './promql';
import { AlertRouting, PrometheusAlertRule, PrometheusRuleGroup, routedAlert } from './rules';
import { ClaimSelector, volumeAlertRules } from './volume-alerts';

export interface WorkloadAlertOptions {
  readonly kind: 'Deployment' | 'StatefulSet';
  readonly namespace: string;
  /** `metadata.name` of the workload. */
  readonly name: string;
  readonly routing: AlertRouting;
  /** The HorizontalPodAutoscaler scaling it, by name. @default none */
  readonly autoscalerName?: string;
  /** Claims its pods mount (a StatefulSet's templates included). @default none */
  readonly claims?: readonly ClaimSelector[];
}

/** Memory working set above this share of the limit alerts (the OOM killer acts at the limit). */
const MEMORY_SHARE = 0.9;
/** Share of CFS periods throttled that counts as sustained throttling (kubernetes-mixin's CPUThrottlingHigh). */
const THROTTLED_SHARE = 0.25;

/**
 * The pods of a workload by name: a Deployment's are `<name>-<template hash>-<5 chars>`, a
 * StatefulSet's `<name>-<ordinal>`. PromQL anchors regexes, and neither part contains "-", so a
 * workload named `web` never matches the pods of `web-api`.
 */
export function podNamePattern(kind: WorkloadAlertOptions['kind'], name: string): string {
  return kind === 'Deployment' ? `${regexLiteral(name)}-[a-z0-9]+-[a-z0-9]+` : `${regexLiteral(name)}-[0-9]+`;
}

/** The rule group `<name>.<kind>.rules`. */
export function workloadAlertRuleGroup(options: WorkloadAlertOptions): PrometheusRuleGroup {
  const { kind, namespace, name, routing } = options;
  const object = `${kind} ${namespace}/${name}`;
  const podPattern = { pod: podNamePattern(kind, name) };
  const pods = matchers({ namespace }, podPattern);
  const containers = matchers({ namespace }, { pod: podNamePattern(kind, name) }, { container: '' });
  const labelKey = kind === 'Deployment' ? 'deployment' : 'statefulset';
  const labels = { [labelKey]: name };
  const byContainer = 'namespace, pod, container';

  const notReady = kind === 'Deployment'
    ? `max by (namespace, deployment) (kube_deployment_status_replicas_available${matchers({ namespace, deployment: name })})\n` +
      `  < max by (namespace, deployment) (kube_deployment_spec_replicas${matchers({ namespace, deployment: name })})`
    : `max by (namespace, statefulset) (kube_statefulset_status_replicas_ready${matchers({ namespace, statefulset: name })})\n` +
      `  < max by (namespace, statefulset) (kube_statefulset_replicas${matchers({ namespace, statefulset: name })})`;

  const rules: PrometheusAlertRule[] = [
    routedAlert(routing, {
      alert: `${kind}ReplicasNotReady`,
      expr: notReady,
      for: '10m',
      severity: 'critical',
      summary: `${object} has had fewer ready replicas than desired for 10 minutes`,
      description: 'Some replicas are not ready (crashing, failing readiness probes, unschedulable or pulling images). ' +
        `Start with kubectl describe ${kind.toLowerCase()} ${name} -n ${namespace} and the events of its pods.`,
      labels,
    }),
    routedAlert(routing, {
      alert: `${kind}PodCrashLooping`,
      expr: `max by (${byContainer}) (\n` +
        `  max_over_time(kube_pod_container_status_waiting_reason${matchers({ namespace, reason: 'CrashLoopBackOff' }, podPattern)}[5m])\n) >= 1`,
      for: '15m',
      severity: 'warning',
      summary: `Container {{ $labels.container }} of ${object} (pod {{ $labels.pod }}) is crash looping`,
      description: 'The container keeps exiting and Kubernetes backs off restarting it. Read the previous run\'s log: ' +
        `kubectl logs -n ${namespace} {{ $labels.pod }} -c {{ $labels.container }} --previous.`,
      labels,
    }),
    routedAlert(routing, {
      alert: `${kind}PodRestarting`,
      expr: `max by (${byContainer}) (increase(kube_pod_container_status_restarts_total${pods}[1h])) > 3`,
      for: '0m',
      severity: 'warning',
      summary: `Container {{ $labels.container }} of ${object} (pod {{ $labels.pod }}) restarted more than 3 times in an hour`,
      description: 'Frequent restarts: out of memory (look for OOMKilled in the pod status), a failing liveness probe, or a crash. ' +
        `kubectl describe pod -n ${namespace} {{ $labels.pod }} shows the last termination reason.`,
      labels,
    }),
    routedAlert(routing, {
      alert: `${kind}MemoryNearLimit`,
      expr: `max by (${byContainer}) (container_memory_working_set_bytes${containers})\n` +
        `  / on (${byContainer}) max by (${byContainer}) (\n` +
        `    kube_pod_container_resource_limits${matchers({ namespace, resource: 'memory' }, podPattern)}\n  )\n` +
        `  > ${MEMORY_SHARE}`,
      for: '15m',
      severity: 'warning',
      summary: `Container {{ $labels.container }} of ${object} (pod {{ $labels.pod }}) uses more than ${MEMORY_SHARE * 100} % of its memory limit`,
      description: 'The working set is close to the limit: the kernel OOM-kills the container when it reaches it. ' +
        'Look for a leak or a load change; raise the limit (and the request: they are equal) if the need is real.',
      labels,
    }),
    routedAlert(routing, {
      alert: `${kind}CpuThrottled`,
      expr: `sum by (${byContainer}) (increase(container_cpu_cfs_throttled_periods_total${containers}[5m]))\n` +
        `  / on (${byContainer}) sum by (${byContainer}) (increase(container_cpu_cfs_periods_total${containers}[5m]))\n` +
        `  > ${THROTTLED_SHARE}`,
      for: '15m',
      severity: 'warning',
      summary: `Container {{ $labels.container }} of ${object} (pod {{ $labels.pod }}) is CPU-throttled ` +
        `in more than ${THROTTLED_SHARE * 100} % of periods`,
      description: 'The container keeps hitting its CPU limit, so requests slow down. Check the CPU panel of the dashboard; ' +
        'raise the limit or add replicas.',
      labels,
    }),
  ];
  if (options.autoscalerName !== undefined) {
    const hpa = matchers({ namespace, horizontalpodautoscaler: options.autoscalerName });
    rules.push(routedAlert(routing, {
      alert: 'AutoscalerAtMaximum',
      expr: `max by (namespace, horizontalpodautoscaler) (kube_horizontalpodautoscaler_status_current_replicas${hpa})\n` +
        `  >= max by (namespace, horizontalpodautoscaler) (kube_horizontalpodautoscaler_spec_max_replicas${hpa})`,
      for: '15m',
      severity: 'warning',
      summary: `HorizontalPodAutoscaler ${namespace}/${options.autoscalerName} (${object}) has been at its maximum for 15 minutes`,
      description: 'The autoscaler wants more replicas than it may create: load is above what the maximum was sized for. ' +
        'Check the CPU panel; raise maxReplicas (and the namespace quota) if the load is real.',
      labels,
    }));
  }
  rules.push(...volumeAlertRules({ namespace, claims: options.claims ?? [], routing, owner: object, labels }));
  return { name: `${name}.${kind.toLowerCase()}.rules`, rules };
}
