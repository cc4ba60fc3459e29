import type { IConstruct } from 'constructs';
import { propError } from '../errors';

/**
 * A pure check: why `value` would be refused, phrased as what is accepted ("an integer from 1 to
 * 10"), or undefined when it is fine. The environment validator collects these; constructs throw them.
 */
export type Problem<T> = (value: T) => string | undefined;

/**
 * Throws `propError(scope, prop, value, problem)` when `problem(value)` names one, else returns the
 * value: `const port = requireValid(this, 'port', props.port, portProblem)`. `shown` replaces the
 * value in the message (`'(value hidden)'`, `'5s'`).
 */
export function requireValid<T>(scope: IConstruct, prop: string, value: T, problem: Problem<T>, shown: unknown = value): T {
  const found = problem(value);
  if (found !== undefined) throw propError(scope, prop, shown, found);
  return value;
}

/** Runs `check` on each element of a list with the element's path (`prop[i]`). */
export function requireEach<T>(scope: IConstruct, prop: string, values: readonly T[], problem: Problem<T>): readonly T[] {
  values.forEach((value, i) => requireValid(scope, `${prop}[${i}]`, value, problem));
  return values;
}
