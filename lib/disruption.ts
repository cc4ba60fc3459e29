import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from './plus';

/**
 * Disruption protection for long-running workloads, one way for every construct: a
 * PodDisruptionBudget (policy/v1), topologySpreadConstraints and the matching preferred pod
 * anti-affinity. cdk8s-plus-28 has no PDB and no topology spread (its `scheduling.spread()` renders
 * pod anti-affinity on its own address label), so all are plain L1 objects / JSON patches here.
 */

/** How many of a workload's pods voluntary disruptions (drains, evictions) may take down. */
export type DisruptionBudget =
  /** At least this many pods stay available: must stay below the replica count, or no drain can ever evict one. */
  | { readonly minAvailable: number }
  /** At most this many pods are evicted at once; `1` never blocks a drain of a healthy workload. */
  | { readonly maxUnavailable: number };

export interface PodDisruptionBudgetOptions {
  readonly name: string;
  /** Labels of the pods the budget covers (the workload's selector labels). */
  readonly podLabels: Record<string, string>;
  readonly budget: DisruptionBudget;
}

/**
 * Why `budget` would block node drains or protect nothing for a workload that runs at least
 * `minReplicas` pods; undefined when it is fine.
 */
export function disruptionBudgetProblem(budget: DisruptionBudget, minReplicas: number): string | undefined {
  if ('minAvailable' in budget) {
    const value = budget.minAvailable;
    if (!Number.isInteger(value) || value < 1) return 'minAvailable must be a positive integer';
    if (value >= minReplicas) {
      return `minAvailable must be below the replica count (${minReplicas}), at most ${minReplicas - 1}: a budget that keeps every pod blocks every node drain`;
    }
    return undefined;
  }
  const value = budget.maxUnavailable;
  if (!Number.isInteger(value) || value < 1) return 'maxUnavailable must be a positive integer: 0 blocks every node drain';
  return undefined;
}

/**
 * A policy/v1 PodDisruptionBudget. `unhealthyPodEvictionPolicy: AlwaysAllow` lets a drain evict
 * pods that are not Ready anyway (crash-looping, stuck starting), so a broken pod never blocks
 * node maintenance; healthy pods are still protected by the budget.
 */
export function addPodDisruptionBudget(scope: Construct, id: string, options: PodDisruptionBudgetOptions): k8s.KubePodDisruptionBudget {
  const budget = 'minAvailable' in options.budget
    ? { minAvailable: k8s.IntOrString.fromNumber(options.budget.minAvailable) }
    : { maxUnavailable: k8s.IntOrString.fromNumber(options.budget.maxUnavailable) };
  return new k8s.KubePodDisruptionBudget(scope, id, {
    metadata: { name: options.name },
    spec: { ...budget, selector: { matchLabels: { ...options.podLabels } }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
  });
}

/** One topology spread constraint (see `spreadAcrossNodes` / `spreadAcrossZones`). */
export interface TopologySpread {
  readonly topologyKey: string;
  readonly whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  /** @default 1 */
  readonly maxSkew?: number;
  /**
   * Pod label keys whose values narrow the selector to the incoming pod's own (`pod-template-hash`:
   * a rolling update is spread on its own, not skewed by the old ReplicaSet's pods).
   * @default none
   */
  readonly matchLabelKeys?: readonly string[];
}

export const HOSTNAME_TOPOLOGY_KEY = 'kubernetes.io/hostname';
export const ZONE_TOPOLOGY_KEY = 'topology.kubernetes.io/zone';

/** Spread over nodes, at most one pod of skew. */
export function spreadAcrossNodes(whenUnsatisfiable: TopologySpread['whenUnsatisfiable'], matchLabelKeys?: readonly string[]): TopologySpread {
  return { topologyKey: HOSTNAME_TOPOLOGY_KEY, whenUnsatisfiable, matchLabelKeys };
}

/** Spread over zones, at most one pod of skew. */
export function spreadAcrossZones(whenUnsatisfiable: TopologySpread['whenUnsatisfiable'], matchLabelKeys?: readonly string[]): TopologySpread {
  return { topologyKey: ZONE_TOPOLOGY_KEY, whenUnsatisfiable, matchLabelKeys };
}

/**
 * Sets `topologySpreadConstraints` on the pod spec at `podSpecPath`, each selecting `podLabels`.
 * `nodeTaintsPolicy: Honor` leaves tainted nodes out of the skew (cordoned nodes during a drain,
 * dedicated pools the pods do not tolerate), so a hard constraint never waits for a node the pods
 * may not use. cdk8s-plus-28 offers no topology spread: added through the escape hatch.
 *
 * A spread over nodes also adds the matching preferred pod anti-affinity (`preferDifferentNodes`).
 */
export function addTopologySpread(
  apiObject: ApiObject, podSpecPath: string, podLabels: Record<string, string>, spreads: readonly TopologySpread[],
): void {
  const constraints = spreads.map((spread) => ({
    maxSkew: spread.maxSkew ?? 1,
    topologyKey: spread.topologyKey,
    whenUnsatisfiable: spread.whenUnsatisfiable,
    labelSelector: { matchLabels: { ...podLabels } },
    ...(spread.matchLabelKeys && spread.matchLabelKeys.length > 0 ? { matchLabelKeys: [...spread.matchLabelKeys] } : {}),
    nodeTaintsPolicy: 'Honor',
  }));
  apiObject.addJsonPatch(JsonPatch.add(`${podSpecPath}/topologySpreadConstraints`, constraints));
  if (spreads.some((spread) => spread.topologyKey === HOSTNAME_TOPOLOGY_KEY)) preferDifferentNodes(apiObject, podSpecPath, podLabels);
}

/** Weight of the preferred anti-affinity term: the most a preference can weigh (1-100). */
export const ANTI_AFFINITY_WEIGHT = 100;

/**
 * A preferred (never blocking) pod anti-affinity over `kubernetes.io/hostname` against the
 * workload's own pods. The topology spread already decides placement; this term states the same
 * intent in the form kube-linter (`no-anti-affinity`) and kube-score
 * (`deployment-has-host-podantiaffinity`, `statefulset-has-host-podantiaffinity`) read by default,
 * and adds scheduler scoring towards nodes without a replica. Preferred, not required: a required
 * term would leave a pod Pending during a rolling update on a cluster with as many nodes as replicas.
 * cdk8s-plus-28's `scheduling.spread()` selects by its construct-address label: plain JSON here.
 */
export function preferDifferentNodes(apiObject: ApiObject, podSpecPath: string, podLabels: Record<string, string>): void {
  apiObject.addJsonPatch(JsonPatch.add(`${podSpecPath}/affinity`, {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [{
        weight: ANTI_AFFINITY_WEIGHT,
        podAffinityTerm: { topologyKey: HOSTNAME_TOPOLOGY_KEY, labelSelector: { matchLabels: { ...podLabels } } },
      }],
    },
  }));
}
