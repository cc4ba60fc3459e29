/**
 * Kubernetes label selector semantics (matchLabels and matchExpressions), used to decide whether a
 * PodDisruptionBudget or a topology spread constraint actually counts a workload's pods.
 */
import { asArray, asObject, asString, asStringMap } from './json';

/** True when `selector` selects an object with `labels`. An empty selector selects everything. */
export function selectorMatches(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  const parsed = asObject(selector);
  if (!parsed) return false;
  for (const [key, value] of Object.entries(asStringMap(parsed.matchLabels))) {
    if (labels[key] !== value) return false;
  }
  return asArray(parsed.matchExpressions).every((expression) => expressionMatches(expression, labels));
}

function expressionMatches(expression: unknown, labels: Readonly<Record<string, string>>): boolean {
  const parsed = asObject(expression);
  const key = asString(parsed?.key);
  if (!parsed || key === undefined) return false;
  const values = asArray(parsed.values).filter((value): value is string => typeof value === 'string');
  const has = Object.prototype.hasOwnProperty.call(labels, key);
  switch (parsed.operator) {
    case 'In':
      return has && values.includes(labels[key]);
    case 'NotIn':
      return !has || !values.includes(labels[key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}
