import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { shortHash } from '../lib/checksum';
import { propError } from '../lib/errors';
import { exemptFromLinters } from '../lib/linter-exemptions';
import { Ownership, stampIdentity } from '../lib/metadata';
import * as kplus from '../lib/plus';
import { requireIdentity } from '../lib/validate';

/*
 * People's roles for the applications' namespaces. ClusterRoles are cluster-scoped, so they live in
 * a chart without a namespace; each application binds them in its own namespace (RoleBindings).
 */

export interface CloudEduAccessRolesProps extends Omit<Ownership, 'partOf'> {
  /** @default 'cloudedu' */
  readonly partOf?: string;
}

/** A rule of a (Cluster)Role, as emitted. */
export interface AccessRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
}

const READ: readonly string[] = ['get', 'list', 'watch'];
const MANAGE: readonly string[] = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

/**
 * `cloudedu-admin`: operates an application's namespace. Manages what the application is made of
 * (workloads, Services, ConfigMaps, Jobs, autoscalers, budgets, routes), restarts and inspects pods,
 * runs one-off pods (restore, see docs/task-manager.md) and `kubectl exec`s into them.
 * Deliberately not: Secrets (values come from the secret pipeline; `list secrets` would print every
 * credential of the namespace), RBAC objects (no escalate/bind/impersonate, roles live in git),
 * NetworkPolicies and PVCs (read only: opening the database or deleting its volume is not an
 * operator's shortcut), and nothing cluster-scoped (a RoleBinding can only grant namespaced rights).
 * Caveat, accepted for this role: creating pods and exec'ing into them reaches the credentials the
 * pods mount, which is what makes a restore possible.
 */
export const CLOUDEDU_ADMIN_RULES: readonly AccessRule[] = [
  { apiGroups: [''], resources: ['configmaps', 'services'], verbs: MANAGE },
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'create', 'delete'] },
  { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
  // `create` is what exec needs; `get` too for kubectl's WebSocket exec on Kubernetes before 1.35.
  { apiGroups: [''], resources: ['pods/exec'], verbs: ['get', 'create'] },
  { apiGroups: [''], resources: ['endpoints', 'events', 'persistentvolumeclaims', 'serviceaccounts'], verbs: READ },
  { apiGroups: ['apps'], resources: ['deployments', 'statefulsets'], verbs: MANAGE },
  { apiGroups: ['apps'], resources: ['deployments/scale', 'statefulsets/scale'], verbs: ['get', 'update', 'patch'] },
  { apiGroups: ['apps'], resources: ['controllerrevisions', 'replicasets'], verbs: READ },
  { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: MANAGE },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: MANAGE },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: MANAGE },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: MANAGE },
  { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: READ },
  { apiGroups: ['gateway.networking.k8s.io'], resources: ['httproutes'], verbs: MANAGE },
  { apiGroups: ['traefik.io'], resources: ['middlewares'], verbs: READ },
];

/**
 * `cloudedu-developer`: sees how the application runs, changes nothing. get/list/watch on the same
 * objects plus pod logs; no Secrets (not even list: list returns the values), no exec, no port-forward.
 */
export const CLOUDEDU_DEVELOPER_RULES: readonly AccessRule[] = [
  { apiGroups: [''], resources: ['configmaps', 'endpoints', 'events', 'persistentvolumeclaims', 'pods', 'serviceaccounts', 'services'], verbs: READ },
  { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
  { apiGroups: ['apps'], resources: ['controllerrevisions', 'deployments', 'replicasets', 'statefulsets'], verbs: READ },
  { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: READ },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: READ },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: READ },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'networkpolicies'], verbs: READ },
  { apiGroups: ['gateway.networking.k8s.io'], resources: ['httproutes'], verbs: READ },
  { apiGroups: ['traefik.io'], resources: ['middlewares'], verbs: READ },
];

/**
 * The ClusterRoles `cloudedu-admin` and `cloudedu-developer`, bound per namespace by the
 * applications (RoleBindings), never cluster-wide. ClusterRoles are cluster-scoped: create this in
 * a Chart without a namespace (cdk8s gives every object of a Chart the Chart's namespace).
 *
 * Objects (construct ids are public contract): `Admin` (ClusterRole `cloudedu-admin`),
 * `Developer` (ClusterRole `cloudedu-developer`).
 */
export class CloudEduAccessRoles extends Construct {
  static readonly ADMIN_ROLE = 'cloudedu-admin';
  static readonly DEVELOPER_ROLE = 'cloudedu-developer';

  readonly adminRoleName = CloudEduAccessRoles.ADMIN_ROLE;
  readonly developerRoleName = CloudEduAccessRoles.DEVELOPER_ROLE;

  constructor(scope: Construct, id: string, props: CloudEduAccessRolesProps) {
    super(scope, id);
    const namespace = Chart.of(this).namespace;
    if (namespace !== undefined) {
      throw propError(this, 'scope', `Chart ${Chart.of(this).node.id} (namespace ${namespace})`,
        'a Chart without a namespace: ClusterRoles are cluster-scoped and cdk8s would give them the Chart\'s namespace');
    }
    const clusterRole = (roleId: string, name: string, rules: readonly AccessRule[]) => new kplus.k8s.KubeClusterRole(this, roleId, {
      metadata: { name },
      rules: rules.map((rule) => ({ apiGroups: [...rule.apiGroups], resources: [...rule.resources], verbs: [...rule.verbs] })),
    });
    // pods/exec on purpose (the restore): exempt from Polaris's clusterrolePodExecAttach, with the reason.
    exemptFromLinters(clusterRole('Admin', this.adminRoleName, CLOUDEDU_ADMIN_RULES), 'adminPodExec');
    clusterRole('Developer', this.developerRoleName, CLOUDEDU_DEVELOPER_RULES);

    const identity = requireIdentity(this, {
      name: 'cloudedu-access',
      instance: 'cloudedu-access',
      component: 'rbac',
      partOf: props.partOf ?? 'cloudedu',
      version: shortHash([CLOUDEDU_ADMIN_RULES, CLOUDEDU_DEVELOPER_RULES]),
      owner: props.owner,
      runbookUrl: props.runbookUrl,
    });
    stampIdentity(this, identity);
  }
}
