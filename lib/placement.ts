import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from './plus';

/** A dedicated node pool: selected by a node label, tainted so that only tolerating pods land. */
export interface NodePoolPlacement {
  readonly nodeLabelKey: string;
  readonly nodeLabelValue: string;
  readonly taintKey: string;
  readonly taintValue: string;
  readonly taintEffect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  /** PriorityClass for the pods; omitted when the cluster has none. */
  readonly priorityClassName?: string;
}

const EFFECTS: Record<NodePoolPlacement['taintEffect'], kplus.TaintEffect> = {
  NoSchedule: kplus.TaintEffect.NO_SCHEDULE,
  PreferNoSchedule: kplus.TaintEffect.PREFER_NO_SCHEDULE,
  NoExecute: kplus.TaintEffect.NO_EXECUTE,
};

/**
 * Places a workload's pods on the pool: a toleration of its taint (cdk8s-plus API) and a plain
 * `nodeSelector` plus `priorityClassName`, which cdk8s-plus-28 does not expose (it only offers
 * node affinity), through a JSON patch at `podSpecPath`.
 */
export function placeOnNodePool(workload: kplus.Pod | kplus.Workload, apiObject: ApiObject, podSpecPath: string, pool: NodePoolPlacement): void {
  workload.scheduling.tolerate(kplus.Node.tainted(kplus.NodeTaintQuery.is(pool.taintKey, pool.taintValue, { effect: EFFECTS[pool.taintEffect] })));
  apiObject.addJsonPatch(JsonPatch.add(`${podSpecPath}/nodeSelector`, { [pool.nodeLabelKey]: pool.nodeLabelValue }));
  if (pool.priorityClassName !== undefined) {
    apiObject.addJsonPatch(JsonPatch.add(`${podSpecPath}/priorityClassName`, pool.priorityClassName));
  }
}
