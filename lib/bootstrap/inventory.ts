/**
 * What `dist/<env>` contains, as far as the bootstrap cares: which kinds (cluster-scoped and
 * namespaced), which namespaces, and how large the largest container is. Read from the plain
 * manifests the cdk8s synth produced (or from the committed YAML), never from the constructs, so
 * the Argo CD whitelists describe exactly what Argo CD will be asked to apply.
 */
import { parseApiVersion } from '../policy/objects';
import { containersOf, podSpecsOf } from '../policy/pod-specs';
import { quantityValue } from '../quantity';
import type { JsonObject } from '../json-object';

/** A Kubernetes API group and kind; `group` is `''` for the core group (Argo CD's convention too). */
export interface GroupKind {
  readonly group: string;
  readonly kind: string;
}

/**
 * Cluster-scoped kinds of Kubernetes itself and of the add-ons our clusters run. A manifest can not
 * say whether its kind is namespaced (cdk8s even writes a chart's namespace onto a ClusterRole), so
 * scope is looked up here; a kind missing from this table is treated as namespaced and must carry a
 * namespace, which turns a forgotten entry into a synth error instead of a wrong whitelist.
 */
const CLUSTER_SCOPED: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries({
    '': ['ComponentStatus', 'Namespace', 'Node', 'PersistentVolume'],
    'admissionregistration.k8s.io': [
      'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'MutatingWebhookConfiguration',
      'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration',
    ],
    'apiextensions.k8s.io': ['CustomResourceDefinition'],
    'apiregistration.k8s.io': ['APIService'],
    'cert-manager.io': ['ClusterIssuer'],
    'certificates.k8s.io': ['CertificateSigningRequest', 'ClusterTrustBundle'],
    'flowcontrol.apiserver.k8s.io': ['FlowSchema', 'PriorityLevelConfiguration'],
    'gateway.networking.k8s.io': ['GatewayClass'],
    'networking.k8s.io': ['IngressClass', 'IPAddress', 'ServiceCIDR'],
    'node.k8s.io': ['RuntimeClass'],
    'rbac.authorization.k8s.io': ['ClusterRole', 'ClusterRoleBinding'],
    'resource.k8s.io': ['DeviceClass'],
    'scheduling.k8s.io': ['PriorityClass'],
    'snapshot.storage.k8s.io': ['VolumeSnapshotClass', 'VolumeSnapshotContent'],
    'storage.k8s.io': ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment', 'VolumeAttributesClass'],
  }).map(([group, kinds]) => [group, new Set(kinds)]),
);

export function isClusterScoped(gk: GroupKind): boolean {
  return CLUSTER_SCOPED.get(gk.group)?.has(gk.kind) ?? false;
}

export function groupKindOf(manifest: JsonObject): GroupKind {
  return { group: parseApiVersion(String(manifest.apiVersion ?? '')).group, kind: String(manifest.kind ?? '') };
}

export function formatGroupKind(gk: GroupKind): string {
  return gk.group === '' ? gk.kind : `${gk.kind}.${gk.group}`;
}

/** `group/kind` order: the core group first, then groups and kinds alphabetically. */
export function compareGroupKinds(a: GroupKind, b: GroupKind): number {
  return compareStrings(a.group, b.group) || compareStrings(a.kind, b.kind);
}

/** Locale-independent string order, so output never depends on the machine's ICU settings. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The largest CPU and memory limit of any container, as written (e.g. `2` and `4Gi`). */
export interface LargestLimits {
  readonly cpu?: string;
  readonly memory?: string;
}

export interface DistInventory {
  /** Cluster-scoped kinds present, sorted; the AppProject's clusterResourceWhitelist. */
  readonly clusterScopedKinds: readonly GroupKind[];
  /** Namespaced kinds present, sorted; the AppProject's namespaceResourceWhitelist. */
  readonly namespacedKinds: readonly GroupKind[];
  /** Namespaces the namespaced objects are written into, sorted. */
  readonly namespaces: readonly string[];
  /** The largest container limits over every pod template, for the LimitRange's max. */
  readonly largestLimits: LargestLimits;
  /** Every container's limits and requests with where it sits, for the quota check. */
  readonly containers: readonly ContainerResources[];
  /**
   * Name patterns (`<template>-<statefulset>-*`) of the PVCs StatefulSets create from their
   * volumeClaimTemplates: they have no owner and are in no manifest, so Argo CD would report them
   * as orphaned.
   */
  readonly claimTemplatePatterns: readonly string[];
}

export interface ContainerResources {
  /** `Kind namespace/name container`, for error messages. */
  readonly where: string;
  readonly limits: Readonly<Record<string, string>>;
  readonly requests: Readonly<Record<string, string>>;
}

/**
 * Reads the manifests of one environment. Throws when a manifest has no apiVersion/kind or when a
 * namespaced object has no namespace: Argo CD would put it into the Application's default
 * namespace, which is never what a chart meant.
 */
export function inventoryOf(manifests: readonly JsonObject[]): DistInventory {
  const cluster = new Map<string, GroupKind>();
  const namespaced = new Map<string, GroupKind>();
  const namespaces = new Set<string>();
  const problems: string[] = [];
  const containers: ContainerResources[] = [];
  const claimPatterns = new Set<string>();
  let largestCpu: string | undefined;
  let largestMemory: string | undefined;

  manifests.forEach((manifest, index) => {
    const gk = groupKindOf(manifest);
    const name = typeof manifest.metadata?.name === 'string' ? manifest.metadata.name : '(unnamed)';
    if (typeof manifest.apiVersion !== 'string' || gk.kind === '') {
      problems.push(`manifest #${index} (${name}) has no apiVersion or kind`);
      return;
    }
    const key = `${gk.group}/${gk.kind}`;
    const namespace = manifest.metadata?.namespace;
    if (isClusterScoped(gk)) {
      cluster.set(key, gk);
    } else {
      namespaced.set(key, gk);
      if (typeof namespace === 'string' && namespace !== '') namespaces.add(namespace);
      else problems.push(`${formatGroupKind(gk)} ${name} has no metadata.namespace (if ${formatGroupKind(gk)} is cluster-scoped, add it to CLUSTER_SCOPED in lib/bootstrap/inventory.ts)`);
    }
    if (gk.group === 'apps' && gk.kind === 'StatefulSet' && Array.isArray(manifest.spec?.volumeClaimTemplates)) {
      for (const template of manifest.spec.volumeClaimTemplates) {
        if (typeof template?.metadata?.name === 'string') claimPatterns.add(`${template.metadata.name}-${name}-*`);
      }
    }
    for (const pod of podSpecsOf(manifest)) {
      for (const { container, name: containerName } of containersOf(pod.spec, pod.path)) {
        const limits = stringMap(container.resources?.limits);
        const requests = stringMap(container.resources?.requests);
        containers.push({ where: `${gk.kind} ${namespace ?? ''}/${name} container ${containerName}`, limits, requests });
        largestCpu = larger(largestCpu, limits.cpu);
        largestMemory = larger(largestMemory, limits.memory);
      }
    }
  });

  if (problems.length > 0) throw new Error(`bootstrap: cannot read the dist manifests:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return {
    clusterScopedKinds: [...cluster.values()].sort(compareGroupKinds),
    namespacedKinds: [...namespaced.values()].sort(compareGroupKinds),
    namespaces: [...namespaces].sort(compareStrings),
    largestLimits: { ...(largestCpu ? { cpu: largestCpu } : {}), ...(largestMemory ? { memory: largestMemory } : {}) },
    containers,
    claimTemplatePatterns: [...claimPatterns].sort(compareStrings),
  };
}

function stringMap(value: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (typeof value !== 'object' || value === null) return result;
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'string') result[key] = entry;
    else if (typeof entry === 'number') result[key] = String(entry);
  }
  return result;
}

/**
 * The larger of two quantities; on equal values the lexically smaller text, so the result does not
 * depend on manifest order (`1` and `1000m` are the same CPU).
 */
export function larger(a: string | undefined, b: string | undefined): string | undefined {
  const va = a === undefined ? undefined : quantityValue(a);
  const vb = b === undefined ? undefined : quantityValue(b);
  if (vb === undefined) return va === undefined ? undefined : a;
  if (va === undefined) return b;
  if (va !== vb) return va > vb ? a : b;
  return compareStrings(a!, b!) <= 0 ? a : b;
}
