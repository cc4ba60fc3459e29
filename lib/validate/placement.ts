import type { IConstruct } from 'constructs';
import type { NodePoolPlacement } from '../placement';
import { requireValid } from './check';
import { labelKeyProblem, labelValueProblem, oneOfProblem, priorityClassNameProblem } from './names';

const TAINT_EFFECTS: readonly NodePoolPlacement['taintEffect'][] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/**
 * Every field of a node pool: the node label (a selector key and value), the taint (a qualified key,
 * a label-syntax value, one of the three effects) and the optional PriorityClass name. Errors name
 * `prop.<field>`.
 */
export function requireNodePool(scope: IConstruct, prop: string, pool: NodePoolPlacement | undefined): NodePoolPlacement | undefined {
  if (pool === undefined) return undefined;
  requireValid(scope, `${prop}.nodeLabelKey`, pool.nodeLabelKey, labelKeyProblem);
  requireValid(scope, `${prop}.nodeLabelValue`, pool.nodeLabelValue, labelValueProblem);
  requireValid(scope, `${prop}.taintKey`, pool.taintKey, labelKeyProblem);
  requireValid(scope, `${prop}.taintValue`, pool.taintValue, labelValueProblem);
  requireValid(scope, `${prop}.taintEffect`, pool.taintEffect, (effect) => oneOfProblem(effect, TAINT_EFFECTS));
  if (pool.priorityClassName !== undefined) requireValid(scope, `${prop}.priorityClassName`, pool.priorityClassName, priorityClassNameProblem);
  return pool;
}
