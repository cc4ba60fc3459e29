/**
 * The `workload` pack: what every pod we run must declare to be schedulable, observable and
 * contained, beyond the Pod Security Standards. Our constructs must pass it: it cannot be suppressed.
 */
import { selectorMatches } from '../label-selector';
import { asArray, asObject, asString } from '../json';
import { annotationsOf, effectiveNamespace, labelsOf } from '../objects';
import { ContainerLocation, PodSpecLocation, containersOf, podSpecsOf } from '../pod-specs';
import { disruptionBudgets, owningHpa, replicationReason } from '../replication';
import { Pack, Rule, RuleContext, Violation } from '../types';
import { endsWithDigest } from '../../image';

/**
 * Annotation on a workload (or its pod template) that allows the service account token to be
 * mounted; its value says why the pod talks to the Kubernetes API.
 */
export const AUTOMOUNT_TOKEN_REASON_ANNOTATION = 'policy.platform/automount-token-reason';

/** Kinds whose pods run until stopped, so probes decide their traffic and restarts. */
const LONG_RUNNING_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Pod']);

const CONTAINER_WORDS: Record<ContainerLocation['field'], string> = {
  containers: 'container',
  initContainers: 'init container',
  ephemeralContainers: 'ephemeral container',
};

function describe(container: ContainerLocation): string {
  return `${CONTAINER_WORDS[container.field]} ${JSON.stringify(container.name)}`;
}

/** Runs `check` on every pod spec of the object under check. */
function perPod(check: (pod: PodSpecLocation, ctx: RuleContext) => Violation[]): Rule['check'] {
  return (ctx) => podSpecsOf(ctx.entry.manifest).flatMap((pod) => check(pod, ctx));
}

/** A bare Pod with restartPolicy Never/OnFailure runs to completion like a Job's pod. */
function isLongRunning(ctx: RuleContext, pod: PodSpecLocation): boolean {
  const kind = ctx.entry.manifest.kind;
  if (typeof kind !== 'string' || !LONG_RUNNING_KINDS.has(kind)) return false;
  return kind !== 'Pod' || !['Never', 'OnFailure'].includes(pod.spec.restartPolicy);
}

const RESOURCE_FIELDS: readonly (readonly [string, string, string])[] = [
  ['requests', 'cpu', 'CPU request'],
  ['requests', 'memory', 'memory request'],
  ['limits', 'cpu', 'CPU limit'],
  ['limits', 'memory', 'memory limit'],
];

const resources: Rule = {
  id: 'workload/resources',
  pack: 'workload',
  severity: 'error',
  rationale:
    'Requests let the scheduler place pods where they fit; limits keep one pod from starving its neighbours or the node. Init containers count too: they run with the same budget.',
  fix: 'Set resources.requests and resources.limits for cpu and memory on every container and init container.',
  check: perPod((pod) =>
    containersOf(pod.spec, pod.path)
      .filter((container) => container.field !== 'ephemeralContainers') // the API forbids resources on them
      .flatMap((container) => {
        const declared = asObject(container.container.resources);
        return RESOURCE_FIELDS.filter(([group, resource]) => asObject(declared?.[group])?.[resource] === undefined).map(
          ([group, resource, words]) => ({
            path: `${container.path}.resources.${group}.${resource}`,
            message: `${describe(container)} has no ${words}`,
          }),
        );
      }),
  ),
};

function probeRule(field: 'livenessProbe' | 'readinessProbe', words: string, rationale: string): Rule {
  return {
    id: `workload/${field === 'livenessProbe' ? 'liveness' : 'readiness'}-probe`,
    pack: 'workload',
    severity: 'error',
    rationale,
    fix: `Add a ${field} to every container of long-running workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Pod).`,
    check: perPod((pod, ctx) =>
      !isLongRunning(ctx, pod)
        ? []
        : containersOf(pod.spec, pod.path)
            .filter((container) => container.field === 'containers' && container.container[field] === undefined)
            .map((container) => ({ path: `${container.path}.${field}`, message: `${describe(container)} has no ${words}` })),
    ),
  };
}

const livenessProbe = probeRule(
  'livenessProbe',
  'liveness probe',
  'Without a liveness probe a hung process keeps its pod forever; the kubelet restarts only what it can see is dead.',
);

const readinessProbe = probeRule(
  'readinessProbe',
  'readiness probe',
  'Without a readiness probe a pod receives traffic as soon as its process starts, before it can answer, and during rollouts.',
);

const imageDigest: Rule = {
  id: 'workload/image-digest',
  pack: 'workload',
  severity: 'error',
  rationale: 'A tag can be moved to other content; only a digest makes what runs the image that was reviewed and scanned.',
  fix: 'Reference the image as `registry/name:tag@sha256:<64 hex digits>` (the digest the image pipeline published).',
  check: perPod((pod) =>
    containersOf(pod.spec, pod.path)
      .filter((container) => !endsWithDigest(asString(container.container.image) ?? ''))
      .map((container) => ({
        path: `${container.path}.image`,
        message: `${describe(container)} image ${JSON.stringify(container.container.image ?? null)} is not pinned by a sha256 digest`,
      })),
  ),
};

const serviceAccount: Rule = {
  id: 'workload/service-account',
  pack: 'workload',
  severity: 'error',
  rationale: "The `default` service account is shared by every pod of the namespace, so a role granted to one is granted to all.",
  fix: 'Create a ServiceAccount for the workload and set spec.serviceAccountName to it.',
  check: perPod((pod) => {
    // `serviceAccount` is the deprecated alias the API still fills from serviceAccountName.
    const name = asString(pod.spec.serviceAccountName) || asString(pod.spec.serviceAccount);
    if (name && name !== 'default') return [];
    return [
      {
        path: `${pod.path}.serviceAccountName`,
        message: name ? 'the pod runs as the default service account' : 'no serviceAccountName: the pod runs as the default service account',
      },
    ];
  }),
};

const automountToken: Rule = {
  id: 'workload/automount-token',
  pack: 'workload',
  severity: 'error',
  rationale:
    'A mounted service account token lets anyone who gets code running in the pod call the Kubernetes API; most pods never need it.',
  fix: `Set spec.automountServiceAccountToken: false, or annotate the workload with ${AUTOMOUNT_TOKEN_REASON_ANNOTATION}: "<why the pod calls the API>".`,
  check: perPod((pod, ctx) => {
    if (pod.spec.automountServiceAccountToken === false) return [];
    const reason = annotationsOf(ctx.entry.manifest)[AUTOMOUNT_TOKEN_REASON_ANNOTATION]
      ?? asString(asObject(pod.metadata?.annotations)?.[AUTOMOUNT_TOKEN_REASON_ANNOTATION]);
    if (reason !== undefined && reason.trim() !== '') return [];
    return [
      {
        path: `${pod.path}.automountServiceAccountToken`,
        message:
          reason === undefined
            ? 'the service account token is mounted (automountServiceAccountToken is not false) and no opt-in annotation says why'
            : `the ${AUTOMOUNT_TOKEN_REASON_ANNOTATION} annotation is empty: say why the pod needs the token`,
      },
    ];
  }),
};

const readOnlyRootFilesystem: Rule = {
  id: 'workload/read-only-root-filesystem',
  pack: 'workload',
  severity: 'error',
  rationale: 'A writable root filesystem lets an intruder change binaries and drop tools; writable paths should be explicit volumes.',
  fix: 'Set securityContext.readOnlyRootFilesystem: true on every container and mount an emptyDir where the process must write.',
  check: perPod((pod) =>
    containersOf(pod.spec, pod.path)
      .filter((container) => asObject(container.container.securityContext)?.readOnlyRootFilesystem !== true)
      .map((container) => ({
        path: `${container.path}.securityContext.readOnlyRootFilesystem`,
        message: `${describe(container)} has a writable root filesystem`,
      })),
  ),
};

const disruptionBudget: Rule = {
  id: 'workload/pod-disruption-budget',
  pack: 'workload',
  severity: 'error',
  rationale: 'Without a PodDisruptionBudget a node drain may evict every replica at once, and the service goes down during routine maintenance.',
  fix: 'Add a PodDisruptionBudget in the same namespace whose selector matches the pod template labels.',
  check: perPod((pod, ctx) => {
    const why = replicationReason(ctx.entry.manifest, ctx.all);
    if (!why) return [];
    const namespace = effectiveNamespace(ctx.entry.manifest);
    const labels = labelsOf(pod.metadata);
    const covered = disruptionBudgets(ctx.all).some((budget) => budget.namespace === namespace && selectorMatches(budget.selector, labels));
    return covered
      ? []
      : [{ path: 'spec.template.metadata.labels', message: `replicated workload (${why}) has no PodDisruptionBudget selecting its pods in namespace ${namespace}` }];
  }),
};

const topologySpread: Rule = {
  id: 'workload/topology-spread',
  pack: 'workload',
  severity: 'error',
  rationale: 'Replicas the scheduler packs onto one node or zone fail together; spreading them is what makes the replicas redundant.',
  fix: 'Add spec.template.spec.topologySpreadConstraints whose labelSelector matches the pod template labels (e.g. over topology.kubernetes.io/zone and kubernetes.io/hostname).',
  check: perPod((pod, ctx) => {
    const why = replicationReason(ctx.entry.manifest, ctx.all);
    if (!why) return [];
    const constraints = asArray(pod.spec.topologySpreadConstraints);
    const labels = labelsOf(pod.metadata);
    if (constraints.some((constraint) => selectorMatches(asObject(constraint)?.labelSelector, labels))) return [];
    return [
      {
        path: `${pod.path}.topologySpreadConstraints`,
        message:
          constraints.length === 0
            ? `replicated workload (${why}) has no topologySpreadConstraints`
            : `replicated workload (${why}): no topologySpreadConstraint's labelSelector selects the pod template labels, so none spreads these pods`,
      },
    ];
  }),
};

const hpaOwnsReplicas: Rule = {
  id: 'workload/hpa-replicas',
  pack: 'workload',
  severity: 'error',
  rationale: 'When an HPA owns the replica count, every sync that re-applies spec.replicas resets the autoscaler, scaling the workload down under load.',
  fix: 'Remove spec.replicas from workloads that a HorizontalPodAutoscaler scales.',
  check: ({ entry, all }) => {
    const spec = asObject(entry.manifest.spec);
    if (spec?.replicas === undefined) return [];
    const hpa = owningHpa(entry.manifest, all);
    return hpa ? [{ path: 'spec.replicas', message: `spec.replicas is set but HorizontalPodAutoscaler ${hpa} owns the replica count` }] : [];
  },
};

export const workloadPack: Pack = {
  name: 'workload',
  description: 'Resources, probes, digests, service accounts, read-only root filesystems and disruption protection for every pod.',
  rules: [
    resources,
    livenessProbe,
    readinessProbe,
    imageDigest,
    serviceAccount,
    automountToken,
    readOnlyRootFilesystem,
    disruptionBudget,
    topologySpread,
    hpaOwnsReplicas,
  ],
};
