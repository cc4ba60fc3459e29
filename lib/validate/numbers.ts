import type { IConstruct } from 'constructs';
import { requireValid } from './check';

/** An inclusive integer range. `max` omitted: no upper bound. */
export interface IntegerRange {
  readonly min: number;
  readonly max?: number;
}

/**
 * `noun from min to max` (or `noun of at least min`) unless `value` is an integer in the range.
 * `noun` names what is counted: 'an integer', 'a whole number of replicas', 'a TCP port'.
 */
export function integerProblem(value: number, range: IntegerRange, noun = 'an integer'): string | undefined {
  const { min, max } = range;
  const fits = Number.isInteger(value) && value >= min && (max === undefined || value <= max);
  if (fits) return undefined;
  return max === undefined ? `${noun} of at least ${min}` : `${noun} from ${min} to ${max}`;
}

/** Returns `value` when it is an integer in `range`, else throws `propError` (see `integerProblem`). */
export function requireInteger(scope: IConstruct, prop: string, value: number, range: IntegerRange, noun?: string): number {
  return requireValid(scope, prop, value, (v) => integerProblem(v, range, noun));
}

/** A TCP port: 1-65535, or 1024-65535 for a port an unprivileged process listens on. */
export function portProblem(value: number, options: { unprivileged?: boolean; noun?: string } = {}): string | undefined {
  const min = options.unprivileged ? 1024 : 1;
  return integerProblem(value, { min, max: 65535 }, options.noun ?? (options.unprivileged ? 'a non-privileged TCP port' : 'a TCP port'));
}

export function requirePort(scope: IConstruct, prop: string, value: number, options: { unprivileged?: boolean; noun?: string } = {}): number {
  return requireValid(scope, prop, value, (v) => portProblem(v, options));
}
