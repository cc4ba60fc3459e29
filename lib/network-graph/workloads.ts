/** The workloads of a set of objects, by the labels their pods carry (what NetworkPolicies select). */
import { asObject, asString } from '../policy/json';
import { labelsOf } from '../policy/objects';
import { Manifest } from '../policy/types';

export interface Workload {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly podLabels: Readonly<Record<string, string>>;
}

/** Where each workload kind keeps its pod template's metadata. */
const POD_METADATA: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['spec', 'template', 'metadata'],
  StatefulSet: ['spec', 'template', 'metadata'],
  DaemonSet: ['spec', 'template', 'metadata'],
  ReplicaSet: ['spec', 'template', 'metadata'],
  Job: ['spec', 'template', 'metadata'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
  Pod: ['metadata'],
};

export function workloadsOf(manifests: readonly Manifest[]): Workload[] {
  const workloads: Workload[] = [];
  for (const manifest of manifests) {
    const path = typeof manifest.kind === 'string' ? POD_METADATA[manifest.kind] : undefined;
    if (!path) continue;
    const podMetadata = path.reduce<unknown>((value, key) => asObject(value)?.[key], manifest);
    const metadata = asObject(manifest.metadata);
    workloads.push({
      kind: manifest.kind,
      namespace: asString(metadata?.namespace) ?? 'default',
      name: asString(metadata?.name) ?? '(unnamed)',
      podLabels: labelsOf(podMetadata),
    });
  }
  return workloads.sort((a, b) => compareText(workloadKey(a), workloadKey(b)));
}

export function workloadKey(workload: Workload): string {
  return `${workload.namespace}/${workload.kind}/${workload.name}`;
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
