import type { Duration } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { propError } from '../errors';
import type { IntegerRange } from './numbers';

/**
 * A Duration as whole seconds: `fallback` when it is undefined, else its seconds when they are a
 * whole number in `range` (default: 0 and up). The error shows the value as `<n>s` and, unless
 * `expected` says otherwise, reads "a whole number of seconds[ from min to max]".
 */
export function requireSeconds(
  scope: IConstruct, prop: string, value: Duration | undefined, fallback: number,
  range: IntegerRange = { min: 0 }, expected?: string,
): number {
  if (value === undefined) return fallback;
  const seconds = durationSeconds(value);
  const fits = Number.isInteger(seconds) && seconds >= range.min && (range.max === undefined || seconds <= range.max);
  if (!fits) throw propError(scope, prop, `${seconds}s`, expected ?? secondsExpected(range));
  return seconds;
}

function secondsExpected(range: IntegerRange): string {
  if (range.max !== undefined) return `a whole number of seconds from ${range.min} to ${range.max}`;
  return range.min === 0 ? 'a whole number of seconds' : `a whole number of seconds, at least ${range.min}`;
}

/**
 * A Duration in seconds, fractions kept: `Duration.toSeconds()` throws its own error for 1500 ms,
 * which would hide the construct path and the prop; check the result with `integerProblem`.
 */
export function durationSeconds(value: Duration): number {
  return value.toMilliseconds() / 1000;
}
