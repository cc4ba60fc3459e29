/** The workloads of a set of objects, by the labels their pods carry (what NetworkPolicies select). */
import { asObject, asString } from '../policy/json';
import { labelsOf } from '../policy/objects';
import { podSpecsOf } from '../policy/pod-specs';
import { Manifest } from '../policy/types';

export interface Workload {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly podLabels: Readonly<Record<string, string>>;
}

/** Our workloads: every object that templates pods (a bare PodTemplate runs none). */
export function workloadsOf(manifests: readonly Manifest[]): Workload[] {
  const workloads: Workload[] = [];
  for (const manifest of manifests) {
    const [pod] = manifest.kind === 'PodTemplate' ? [] : podSpecsOf(manifest);
    if (!pod) continue;
    const metadata = asObject(manifest.metadata);
    workloads.push({
      kind: manifest.kind,
      namespace: asString(metadata?.namespace) ?? 'default',
      name: asString(metadata?.name) ?? '(unnamed)',
      podLabels: labelsOf(pod.metadata),
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
