/**
 * The ownership line between the bootstrap and `dist/<env>`: the bootstrap (Terraform) owns
 * Namespaces, their ResourceQuota and LimitRange, and the Argo CD AppProject and Application;
 * `dist/<env>` (Argo CD) owns everything else. An object created by both would be fought over by
 * two controllers (Argo CD's self-heal against Terraform's next apply), so it is an error.
 */
import { formatGroupKind, GroupKind, groupKindOf, inventoryOf, isClusterScoped } from './inventory';
import type { JsonObject } from '../json-object';

/** The identity of one Kubernetes object. */
export interface KubeObjectRef extends GroupKind {
  /** Absent for cluster-scoped objects. */
  readonly namespace?: string;
  readonly name: string;
}

export interface OwnershipOverlap {
  /** The object in `dist/<env>`. */
  readonly object: KubeObjectRef;
  readonly reason: string;
}

/** Terraform resource types of the kubernetes provider the bootstrap uses, and what they create. */
const TYPED_RESOURCES: Readonly<Record<string, GroupKind>> = {
  kubernetes_namespace_v1: { group: '', kind: 'Namespace' },
  kubernetes_resource_quota_v1: { group: '', kind: 'ResourceQuota' },
  kubernetes_limit_range_v1: { group: '', kind: 'LimitRange' },
};

/**
 * The Kubernetes objects a synthesized bootstrap stack (`cdk.tf.json`, as text or parsed) creates,
 * read from the Terraform JSON itself so the check judges the real output. Throws on a
 * `kubernetes_*` resource type it does not know, so a new resource type cannot slip past the check.
 */
export function bootstrapObjectsOf(terraformJson: string | JsonObject): KubeObjectRef[] {
  const config = typeof terraformJson === 'string' ? JSON.parse(terraformJson) : terraformJson;
  const objects: KubeObjectRef[] = [];
  for (const [type, resources] of Object.entries<JsonObject>(config.resource ?? {})) {
    for (const [address, resource] of Object.entries<JsonObject>(resources)) {
      if (type === 'kubernetes_manifest') {
        objects.push(refOf(resource.manifest));
      } else if (TYPED_RESOURCES[type]) {
        const gk = TYPED_RESOURCES[type];
        const metadata = Array.isArray(resource.metadata) ? resource.metadata[0] : resource.metadata;
        objects.push(refOf({ apiVersion: gk.group === '' ? 'v1' : `${gk.group}/v1`, kind: gk.kind, metadata }));
      } else if (type.startsWith('kubernetes_')) {
        throw new Error(`bootstrapObjectsOf: unknown resource type ${type} (${type}.${address}): add it to TYPED_RESOURCES in lib/bootstrap/ownership.ts`);
      }
    }
  }
  return objects;
}

/** The identity of a manifest; the namespace is dropped for cluster-scoped kinds. */
export function refOf(manifest: JsonObject): KubeObjectRef {
  const gk = groupKindOf(manifest);
  const namespace = manifest.metadata?.namespace;
  return {
    group: gk.group,
    kind: gk.kind,
    name: String(manifest.metadata?.name ?? ''),
    ...(!isClusterScoped(gk) && typeof namespace === 'string' && namespace !== '' ? { namespace } : {}),
  };
}

export function formatRef(ref: KubeObjectRef): string {
  return `${formatGroupKind(ref)} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

/**
 * Every object of `dist/<env>` that crosses the ownership line: one the bootstrap creates too, or
 * one of a kind the bootstrap owns (a second LimitRange or ResourceQuota in a namespace would
 * change what the bootstrap's means; a Namespace or an Argo CD object would be fought over).
 * Empty when the line holds.
 */
export function ownershipOverlaps(
  bootstrapObjects: readonly KubeObjectRef[],
  distManifests: readonly JsonObject[],
): OwnershipOverlap[] {
  const key = (r: KubeObjectRef) => `${r.group}/${r.kind}/${r.namespace ?? ''}/${r.name}`;
  const created = new Set(bootstrapObjects.map(key));
  const ownedKinds = new Set(bootstrapObjects.map((r) => `${r.group}/${r.kind}`));
  const overlaps: OwnershipOverlap[] = [];
  for (const manifest of distManifests) {
    const object = refOf(manifest);
    if (created.has(key(object))) {
      overlaps.push({ object, reason: 'the bootstrap creates the same object' });
    } else if (ownedKinds.has(`${object.group}/${object.kind}`)) {
      overlaps.push({ object, reason: `the bootstrap owns every ${formatGroupKind(object)} of the environment` });
    }
  }
  return overlaps;
}

export interface NamespaceAgreement {
  /** Namespaces that objects of `dist/<env>` are written into but the bootstrap does not create. */
  readonly notCreated: readonly string[];
  /** Namespaces the bootstrap creates that no object of `dist/<env>` uses. */
  readonly unused: readonly string[];
}

/** Compares the namespaces the bootstrap creates with those the cdk8s output uses. */
export function namespaceAgreement(
  bootstrapObjects: readonly KubeObjectRef[],
  distManifests: readonly JsonObject[],
): NamespaceAgreement {
  const created = new Set(bootstrapObjects.filter((r) => r.group === '' && r.kind === 'Namespace').map((r) => r.name));
  const used = new Set(inventoryOf(distManifests).namespaces);
  return {
    notCreated: [...used].filter((n) => !created.has(n)).sort(),
    unused: [...created].filter((n) => !used.has(n)).sort(),
  };
}
