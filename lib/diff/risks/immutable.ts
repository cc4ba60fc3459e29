/**
 * A change to a field the API server will not update in place: the apply is rejected ("field is
 * immutable" / "Forbidden: updates to statefulset spec for fields other than ..."), so Argo CD's
 * sync fails until the object is deleted and recreated. The lists follow the API server's update
 * validation (apps, batch, core and rbac validation of Kubernetes 1.28-1.33).
 */
import { isKind } from '../../policy/objects';
import { Manifest } from '../../policy/types';
import { RiskRule, riskOf } from './types';

const RULE = 'immutable-field';

interface ImmutableFields {
  readonly group: string;
  readonly kind: string;
  /** JSON pointer prefixes that may not change. */
  readonly immutable?: readonly string[];
  /** Or: everything under `within` may not change except these prefixes. */
  readonly within?: string;
  readonly mutable?: readonly string[];
  /** Applies only when the old object satisfies this (a Secret or ConfigMap marked immutable). */
  readonly when?: (before: Manifest) => boolean;
}

const IMMUTABLE: readonly ImmutableFields[] = [
  {
    group: 'apps',
    kind: 'StatefulSet',
    within: '/spec',
    mutable: [
      '/spec/replicas',
      '/spec/template',
      '/spec/updateStrategy',
      '/spec/persistentVolumeClaimRetentionPolicy',
      '/spec/minReadySeconds',
      '/spec/ordinals',
      '/spec/revisionHistoryLimit',
    ],
  },
  { group: 'apps', kind: 'Deployment', immutable: ['/spec/selector'] },
  { group: 'apps', kind: 'DaemonSet', immutable: ['/spec/selector'] },
  { group: 'apps', kind: 'ReplicaSet', immutable: ['/spec/selector'] },
  { group: 'batch', kind: 'Job', immutable: ['/spec/selector', '/spec/template', '/spec/completionMode'] },
  {
    group: '',
    kind: 'PersistentVolumeClaim',
    within: '/spec',
    // A claim's requested storage may grow (pvc-shrinks flags a smaller one); nothing else of its spec changes.
    mutable: ['/spec/resources/requests', '/spec/resources/limits', '/spec/volumeAttributesClassName'],
  },
  { group: '', kind: 'Service', immutable: ['/spec/clusterIP', '/spec/clusterIPs'] },
  { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding', immutable: ['/roleRef'] },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding', immutable: ['/roleRef'] },
  { group: '', kind: 'Secret', immutable: ['/data', '/stringData'], when: markedImmutable },
  { group: '', kind: 'Secret', immutable: ['/type'] },
  { group: '', kind: 'ConfigMap', immutable: ['/data', '/binaryData'], when: markedImmutable },
  { group: 'storage.k8s.io', kind: 'StorageClass', immutable: ['/parameters', '/provisioner', '/reclaimPolicy', '/volumeBindingMode'] },
];

export const immutableField: RiskRule = {
  id: RULE,
  summary: 'a field the API server does not update in place changes, so Argo CD fails to apply it',
  assess(change) {
    if (change.action !== 'changed') return [];
    const before = change.before!;
    const fields = new Set<string>();
    for (const entry of IMMUTABLE) {
      if (!isKind(before, entry.group, entry.kind) || (entry.when && !entry.when(before))) continue;
      for (const path of change.paths) {
        const locked = entry.within
          ? isUnder(path, entry.within) && !(entry.mutable ?? []).some((prefix) => isUnder(path, prefix))
          : (entry.immutable ?? []).some((prefix) => isUnder(path, prefix));
        if (locked) fields.add(path);
      }
    }
    return [...fields].map((path) =>
      riskOf(
        change,
        RULE,
        'high',
        `changes ${path}, which the API server does not update in place: Argo CD's sync fails until the object is deleted and recreated`,
      ),
    );
  },
};

function isUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

function markedImmutable(manifest: Manifest): boolean {
  return manifest.immutable === true;
}
