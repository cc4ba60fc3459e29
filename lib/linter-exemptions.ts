import { ApiObject } from 'cdk8s';
import { ExternalChecks, linterExemptionAnnotations } from './linter-annotations';

/**
 * Where our output deliberately differs from a default check of Polaris, kube-linter or kube-score
 * (teams run them on dist/ with their default rules), the object carries that tool's own exemption
 * annotation, from this one catalogue, each with its reason. Everything else those checks ask for is
 * met by the objects themselves (test/synth/external-linters.test.ts asserts both, check by check).
 * The README's "External linters" section lists the same exemptions; keep them in step.
 *
 * Polaris takes `polaris.fairwinds.com/<check>-exempt: "true"` (no reason field), kube-linter
 * `ignore-check.kube-linter.io/<check>: <reason>`, kube-score one list `kube-score/ignore: <id>,...`.
 */
export interface LinterExemption extends ExternalChecks {
  /** Why the check does not apply; written where the tool keeps a reason (kube-linter). */
  readonly reason: string;
}

export const LINTER_EXEMPTIONS = {
  /**
   * Every image is pinned by digest (`workload/image-digest`), so `IfNotPresent` always runs exactly
   * the pinned content; `Always` would add a registry round trip to every pod start and make a
   * 5-minute job (the electoral collector) or a database restart depend on the registry being up.
   */
  digestPinnedPullPolicy: {
    polaris: 'pullPolicyNotAlways',
    kubeScore: 'container-image-pull-policy',
    reason: 'images are pinned by sha256 digest: IfNotPresent runs exactly the pinned content without a registry round trip on every start',
  },
  /**
   * Isolation is a namespace-wide default deny plus one policy per workload that selects its pods by
   * all three selector labels and lists both directions, allowing nothing by omission. Polaris's
   * check wants a policy matching exactly one pod label (`oneOf`) with at least one ingress and one
   * egress rule: a policy that denies a direction outright (the collector's ingress, MySQL's
   * egress) or selects precisely can never pass it. kube-score's pod-networkpolicy checks the same
   * property and passes.
   */
  perWorkloadNetworkPolicy: {
    polaris: 'missingNetworkPolicy',
    reason: 'isolated by the namespace default-deny and a per-workload policy that selects the pods by all selector labels and may deny a direction entirely',
  },
  /**
   * The environments define a PriorityClass for the batch pool only (`batchNodePool.priorityClassName`);
   * naming a class a cluster lacks makes the API server reject every pod. Lifted by adding one to
   * the environment config and the construct.
   */
  noPriorityClassInCluster: {
    polaris: 'priorityClassNotSet',
    reason: 'the environment defines no PriorityClass for these pods (one the cluster lacks would make the API server reject them)',
  },
  /**
   * `*_FILE` variables (the official MySQL image's convention, the web tier's and the collector's)
   * carry the path of a mounted Secret file, never the secret; the values are checked by
   * `secrets/no-literal-credential-env`. Polaris matches the variable name alone.
   */
  secretFilePathEnv: {
    polaris: 'sensitiveContainerEnvVar',
    reason: 'the *_PASSWORD_FILE / *_TOKEN_FILE variables hold paths of mounted Secret files, never secret values',
  },
  /**
   * `app.kubernetes.io/instance` names the TaskManagerStack instance that the web and database tiers
   * share (`component` tells them apart), and it is part of the Deployment's and StatefulSet's
   * immutable selectors: renaming it would mean deleting and recreating them (and the database pod).
   */
  sharedInstanceLabel: {
    polaris: 'metadataAndInstanceMismatched',
    reason: 'app.kubernetes.io/instance names the stack instance shared by its tiers and is part of the immutable selectors',
  },
  /**
   * A HorizontalPodAutoscaler owns the replica count (minReplicas at least 2): a `spec.replicas`
   * would reset it on every Argo CD sync (kube-score's deployment-targeted-by-hpa-does-not-have-replicas-configured
   * and our `workload/hpa-replicas` require it absent).
   */
  autoscaledReplicas: {
    polaris: 'deploymentMissingReplicas',
    reason: 'a HorizontalPodAutoscaler owns the replica count; spec.replicas would reset it on every sync',
  },
  /** One replica is what the environment's configuration asks for (dev); elsewhere it asks for more. */
  singleReplicaByConfig: {
    polaris: 'deploymentMissingReplicas',
    kubeScore: 'deployment-replicas',
    reason: 'the environment configuration runs a single replica here (dev): availability is not asked of it',
  },
  /**
   * MySQL runs as the official image's `mysql` user (999): the existing data volumes of staging and
   * prod belong to it. Moving to a UID above 10000 is a data migration (a recursive re-ownership of
   * the data volume on its first mount) to be rehearsed on a copy first, not a synth-time change.
   */
  mysqlImageUser: {
    kubeScore: 'container-security-context-user-group-id',
    reason: 'MySQL keeps the official image user 999, which owns the existing data volumes; a move above 10000 is a data migration',
  },
  /**
   * `cloudedu-admin` gets `pods/exec` on purpose: the documented restore streams a dump through
   * `kubectl exec` (docs/task-manager.md#restore), and it is bound only per namespace to admin groups;
   * developers get no exec.
   */
  adminPodExec: {
    polaris: 'clusterrolePodExecAttach',
    reason: 'admins exec into pods for the documented restore; bound per namespace to admin groups only',
  },
  /** The RoleBindings of `cloudedu-admin` (see `adminPodExec`). */
  adminPodExecBinding: {
    polaris: 'rolebindingClusterRolePodExecAttach',
    reason: 'binds cloudedu-admin, whose pods/exec the documented restore needs, to admin groups in this namespace only',
  },
  /**
   * Our RoleBindings bind ClusterRoles. For such a binding Polaris renders the Role side of
   * rolebindingClusterAdminRole as a bare `type: object` and still needs some Role in the binding's
   * namespace among the audited objects, so a namespace without Roles fails every binding (the
   * family of FairwindsOps/polaris issues 1003 and 1019). The bound ClusterRole is judged by
   * rolebindingClusterAdminClusterRole, which passes.
   */
  bindsClusterRole: {
    polaris: 'rolebindingClusterAdminRole',
    reason: 'binds a ClusterRole, judged by rolebindingClusterAdminClusterRole; the Role-side check fails any binding in a namespace without Roles',
  },
} as const satisfies Record<string, LinterExemption>;

export type LinterExemptionName = keyof typeof LINTER_EXEMPTIONS;

/**
 * Writes the exemption annotations of `exemptions` onto `apiObject` (kube-score's list is extended,
 * so several exemptions, and the policy gate's own, add up).
 */
export function exemptFromLinters(apiObject: ApiObject, ...exemptions: readonly LinterExemptionName[]): void {
  for (const name of exemptions) {
    const exemption: LinterExemption = LINTER_EXEMPTIONS[name];
    const current = (apiObject.metadata.toJson().annotations ?? {}) as Record<string, string>;
    for (const [key, value] of Object.entries(linterExemptionAnnotations(exemption, exemption.reason, current))) {
      apiObject.metadata.addAnnotation(key, value);
    }
  }
}
