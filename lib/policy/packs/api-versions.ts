/**
 * The `api-versions` pack: APIs deprecated or removed at the target Kubernetes version, each with
 * its replacement. A removed API fails the sync (the server no longer serves it); a deprecated one
 * still works and is a warning. Versions follow the Kubernetes deprecated API migration guide.
 */
import { K8sVersion, isAtLeast, parseK8sVersion } from '../k8s-version';
import { Pack, Rule, RuleContext, Violation } from '../types';

interface ApiChange {
  readonly apiVersion: string;
  readonly kinds: readonly string[];
  readonly deprecatedIn: string;
  /** Undefined for APIs that are deprecated but still served. */
  readonly removedIn?: string;
  readonly replacement: string;
}

const WORKLOADS = ['Deployment', 'DaemonSet', 'ReplicaSet', 'StatefulSet'];
const RBAC = ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'];
const FLOW_CONTROL = ['FlowSchema', 'PriorityLevelConfiguration'];

const API_CHANGES: readonly ApiChange[] = [
  // Removed in 1.16
  { apiVersion: 'extensions/v1beta1', kinds: WORKLOADS, deprecatedIn: '1.9', removedIn: '1.16', replacement: 'apps/v1' },
  { apiVersion: 'apps/v1beta1', kinds: WORKLOADS, deprecatedIn: '1.9', removedIn: '1.16', replacement: 'apps/v1' },
  { apiVersion: 'apps/v1beta2', kinds: WORKLOADS, deprecatedIn: '1.9', removedIn: '1.16', replacement: 'apps/v1' },
  { apiVersion: 'extensions/v1beta1', kinds: ['NetworkPolicy'], deprecatedIn: '1.9', removedIn: '1.16', replacement: 'networking.k8s.io/v1' },
  { apiVersion: 'extensions/v1beta1', kinds: ['PodSecurityPolicy'], deprecatedIn: '1.11', removedIn: '1.16', replacement: 'Pod Security Admission (PodSecurityPolicy is gone since 1.25)' },
  // Removed in 1.21
  { apiVersion: 'batch/v2alpha1', kinds: ['CronJob'], deprecatedIn: '1.8', removedIn: '1.21', replacement: 'batch/v1' },
  // Removed in 1.22
  { apiVersion: 'extensions/v1beta1', kinds: ['Ingress'], deprecatedIn: '1.14', removedIn: '1.22', replacement: 'networking.k8s.io/v1' },
  { apiVersion: 'networking.k8s.io/v1beta1', kinds: ['Ingress', 'IngressClass'], deprecatedIn: '1.19', removedIn: '1.22', replacement: 'networking.k8s.io/v1' },
  { apiVersion: 'rbac.authorization.k8s.io/v1beta1', kinds: RBAC, deprecatedIn: '1.17', removedIn: '1.22', replacement: 'rbac.authorization.k8s.io/v1' },
  {
    apiVersion: 'admissionregistration.k8s.io/v1beta1',
    kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'],
    deprecatedIn: '1.16',
    removedIn: '1.22',
    replacement: 'admissionregistration.k8s.io/v1',
  },
  { apiVersion: 'apiextensions.k8s.io/v1beta1', kinds: ['CustomResourceDefinition'], deprecatedIn: '1.16', removedIn: '1.22', replacement: 'apiextensions.k8s.io/v1' },
  { apiVersion: 'apiregistration.k8s.io/v1beta1', kinds: ['APIService'], deprecatedIn: '1.19', removedIn: '1.22', replacement: 'apiregistration.k8s.io/v1' },
  { apiVersion: 'authentication.k8s.io/v1beta1', kinds: ['TokenReview'], deprecatedIn: '1.19', removedIn: '1.22', replacement: 'authentication.k8s.io/v1' },
  {
    apiVersion: 'authorization.k8s.io/v1beta1',
    kinds: ['SubjectAccessReview', 'LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview'],
    deprecatedIn: '1.19',
    removedIn: '1.22',
    replacement: 'authorization.k8s.io/v1',
  },
  { apiVersion: 'certificates.k8s.io/v1beta1', kinds: ['CertificateSigningRequest'], deprecatedIn: '1.19', removedIn: '1.22', replacement: 'certificates.k8s.io/v1' },
  { apiVersion: 'coordination.k8s.io/v1beta1', kinds: ['Lease'], deprecatedIn: '1.19', removedIn: '1.22', replacement: 'coordination.k8s.io/v1' },
  { apiVersion: 'scheduling.k8s.io/v1beta1', kinds: ['PriorityClass'], deprecatedIn: '1.14', removedIn: '1.22', replacement: 'scheduling.k8s.io/v1' },
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'],
    deprecatedIn: '1.19',
    removedIn: '1.22',
    replacement: 'storage.k8s.io/v1',
  },
  // Removed in 1.25
  { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], deprecatedIn: '1.21', removedIn: '1.25', replacement: 'batch/v1' },
  { apiVersion: 'discovery.k8s.io/v1beta1', kinds: ['EndpointSlice'], deprecatedIn: '1.21', removedIn: '1.25', replacement: 'discovery.k8s.io/v1' },
  { apiVersion: 'events.k8s.io/v1beta1', kinds: ['Event'], deprecatedIn: '1.19', removedIn: '1.25', replacement: 'events.k8s.io/v1' },
  { apiVersion: 'autoscaling/v2beta1', kinds: ['HorizontalPodAutoscaler'], deprecatedIn: '1.22', removedIn: '1.25', replacement: 'autoscaling/v2' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodDisruptionBudget'], deprecatedIn: '1.21', removedIn: '1.25', replacement: 'policy/v1' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodSecurityPolicy'], deprecatedIn: '1.21', removedIn: '1.25', replacement: 'Pod Security Admission (namespace labels pod-security.kubernetes.io/*)' },
  { apiVersion: 'node.k8s.io/v1beta1', kinds: ['RuntimeClass'], deprecatedIn: '1.22', removedIn: '1.25', replacement: 'node.k8s.io/v1' },
  // Removed in 1.26, 1.27, 1.29, 1.32
  { apiVersion: 'autoscaling/v2beta2', kinds: ['HorizontalPodAutoscaler'], deprecatedIn: '1.23', removedIn: '1.26', replacement: 'autoscaling/v2' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1', kinds: FLOW_CONTROL, deprecatedIn: '1.23', removedIn: '1.26', replacement: 'flowcontrol.apiserver.k8s.io/v1 (v1beta3 before 1.29)' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIStorageCapacity'], deprecatedIn: '1.24', removedIn: '1.27', replacement: 'storage.k8s.io/v1' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', kinds: FLOW_CONTROL, deprecatedIn: '1.26', removedIn: '1.29', replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kinds: FLOW_CONTROL, deprecatedIn: '1.29', removedIn: '1.32', replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  // Deprecated, still served
  { apiVersion: 'v1', kinds: ['ComponentStatus'], deprecatedIn: '1.19', replacement: 'the health endpoints of the components (/livez, /readyz)' },
  { apiVersion: 'v1', kinds: ['Endpoints'], deprecatedIn: '1.33', replacement: 'discovery.k8s.io/v1 EndpointSlice' },
];

const CHANGES_BY_KEY: ReadonlyMap<string, ApiChange> = new Map(
  API_CHANGES.flatMap((change) => change.kinds.map((kind) => [`${change.apiVersion}/${kind}`, change] as const)),
);

function release(text: string): K8sVersion {
  const version = parseK8sVersion(text);
  if (!version) throw new Error(`api-versions: bad release ${text} in the table`);
  return version;
}

/** The change that applies to the object under check at the target version, and whether it is removed there. */
function changeAt(ctx: RuleContext): { change: ApiChange; removed: boolean } | undefined {
  const { apiVersion, kind } = ctx.entry.manifest;
  const change = CHANGES_BY_KEY.get(`${apiVersion}/${kind}`);
  const target = parseK8sVersion(ctx.k8sVersion);
  if (!change || !target || !isAtLeast(target, release(change.deprecatedIn))) return undefined;
  return { change, removed: change.removedIn !== undefined && isAtLeast(target, release(change.removedIn)) };
}

const removed: Rule = {
  id: 'api-versions/removed',
  pack: 'api-versions',
  severity: 'error',
  rationale: 'The API server of the target version no longer serves this apiVersion: applying the object fails.',
  fix: 'Rewrite the object for the replacement apiVersion named in the message (fields may have moved; see the Kubernetes deprecated API migration guide).',
  check: (ctx): Violation[] => {
    const found = changeAt(ctx);
    if (!found?.removed) return [];
    const { change } = found;
    return [
      {
        path: 'apiVersion',
        message: `${change.apiVersion} ${ctx.entry.manifest.kind} was removed in Kubernetes ${change.removedIn} (target ${ctx.k8sVersion}): use ${change.replacement}`,
      },
    ];
  },
};

const deprecated: Rule = {
  id: 'api-versions/deprecated',
  pack: 'api-versions',
  severity: 'warning',
  rationale: 'A deprecated apiVersion still works but will be removed; migrating before the cluster upgrade avoids a failed sync on upgrade day.',
  fix: 'Move the object to the replacement apiVersion named in the message.',
  check: (ctx): Violation[] => {
    const found = changeAt(ctx);
    if (!found || found.removed) return [];
    const { change } = found;
    const removal = change.removedIn ? `, removed in ${change.removedIn}` : '';
    return [
      {
        path: 'apiVersion',
        message: `${change.apiVersion} ${ctx.entry.manifest.kind} is deprecated since Kubernetes ${change.deprecatedIn}${removal}: use ${change.replacement}`,
      },
    ];
  },
};

export const apiVersionsPack: Pack = {
  name: 'api-versions',
  description: 'Deprecated (warning) and removed (error) APIs at the target Kubernetes version, with their replacements.',
  rules: [removed, deprecated],
};
