/** Every risk rule, in the order their risks are listed within a level. */
import { ObjectChange } from '../compare';
import { imageChanges } from './image';
import { immutableField } from './immutable';
import { networkPolicyWidens } from './network-policy';
import { productionChange } from './production';
import { rbacWidens } from './rbac';
import { dataRemoved, pvcShrinks } from './storage';
import { suppressionAdded, suppressionRemoved } from './suppressions';
import { Risk, RiskContext, RiskLevel, RiskRule } from './types';

export type { DiffEnvironment, Risk, RiskContext, RiskLevel, RiskRule } from './types';

export const RISK_RULES: readonly RiskRule[] = [
  immutableField,
  pvcShrinks,
  dataRemoved,
  networkPolicyWidens,
  rbacWidens,
  imageChanges,
  suppressionAdded,
  suppressionRemoved,
  productionChange,
];

const LEVEL_ORDER: Readonly<Record<RiskLevel, number>> = { high: 0, medium: 1, low: 2 };

/** The risks of every change, high first; within a level in rule order, then object order. */
export function assessRisks(changes: readonly ObjectChange[], context: RiskContext): Risk[] {
  const found = RISK_RULES.flatMap((rule, ruleIndex) =>
    changes.flatMap((change, changeIndex) => rule.assess(change, context).map((risk) => ({ risk, ruleIndex, changeIndex }))),
  );
  found.sort((a, b) => LEVEL_ORDER[a.risk.level] - LEVEL_ORDER[b.risk.level] || a.ruleIndex - b.ruleIndex || a.changeIndex - b.changeIndex);
  return found.map(({ risk }) => risk);
}
