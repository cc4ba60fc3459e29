/**
 * Which workloads run more than one pod, and what in the run protects them: HorizontalPodAutoscalers
 * that own their replica count and PodDisruptionBudgets that cover their pods.
 */
import { asInteger, asObject, asString } from './json';
import { effectiveNamespace, nameOf, parseApiVersion } from './objects';
import { perRun } from './per-run';
import { Manifest, ManifestEntry } from './types';

/** Kinds with a `spec.replicas` that the pod count follows. */
const REPLICATED_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

interface ScaleTarget {
  readonly namespace: string;
  readonly kind: string;
  readonly name: string;
  /** Empty when the HPA leaves the apiVersion out. */
  readonly group: string;
  readonly hpaName: string;
}

function scaleTargets(all: readonly ManifestEntry[]): ScaleTarget[] {
  const targets: ScaleTarget[] = [];
  for (const { manifest } of all) {
    if (manifest.kind !== 'HorizontalPodAutoscaler' || typeof manifest.apiVersion !== 'string') continue;
    if (parseApiVersion(manifest.apiVersion).group !== 'autoscaling') continue;
    const ref = asObject(asObject(manifest.spec)?.scaleTargetRef);
    const kind = asString(ref?.kind);
    const name = asString(ref?.name);
    if (!kind || !name) continue;
    const apiVersion = asString(ref?.apiVersion);
    targets.push({
      namespace: effectiveNamespace(manifest),
      kind,
      name,
      group: apiVersion ? parseApiVersion(apiVersion).group : '',
      hpaName: nameOf(manifest) ?? '(unnamed)',
    });
  }
  return targets;
}

/** The name of the HPA in the run that scales `manifest`, if any. */
export function owningHpa(manifest: Manifest, all: readonly ManifestEntry[]): string | undefined {
  const name = nameOf(manifest);
  const namespace = effectiveNamespace(manifest);
  const group = typeof manifest.apiVersion === 'string' ? parseApiVersion(manifest.apiVersion).group : '';
  return perRun(all, scaleTargets).find(
    (target) =>
      target.kind === manifest.kind &&
      target.name === name &&
      target.namespace === namespace &&
      (target.group === '' || target.group === group),
  )?.hpaName;
}

/** Why the workload runs several pods (`replicas: 3`, `scaled by HPA web`), or undefined if it runs one. */
export function replicationReason(manifest: Manifest, all: readonly ManifestEntry[]): string | undefined {
  if (typeof manifest.kind !== 'string' || !REPLICATED_KINDS.has(manifest.kind)) return undefined;
  const hpa = owningHpa(manifest, all);
  if (hpa) return `scaled by HorizontalPodAutoscaler ${hpa}`;
  const replicas = asInteger(asObject(manifest.spec)?.replicas);
  return replicas !== undefined && replicas > 1 ? `replicas: ${replicas}` : undefined;
}

export interface DisruptionBudget {
  readonly namespace: string;
  readonly name: string;
  readonly selector: unknown;
}

function disruptionBudgetsOf(all: readonly ManifestEntry[]): DisruptionBudget[] {
  return all
    .map(({ manifest }) => manifest)
    .filter((manifest) => manifest.kind === 'PodDisruptionBudget')
    .map((manifest) => ({
      namespace: effectiveNamespace(manifest),
      name: nameOf(manifest) ?? '(unnamed)',
      selector: asObject(manifest.spec)?.selector,
    }));
}

export function disruptionBudgets(all: readonly ManifestEntry[]): readonly DisruptionBudget[] {
  return perRun(all, disruptionBudgetsOf);
}
