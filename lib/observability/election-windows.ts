/**
 * Election windows: the periods in which the results feed is critical. Written in the environment
 * config as ISO 8601 instants with an explicit offset, turned into PromQL that compares `time()`
 * with fixed epoch seconds, so the rules need no clock but Prometheus's own.
 */
import { DateTime } from 'luxon';

export interface ElectionWindow {
  /** Start, ISO 8601 with an offset: `2026-05-10T06:00:00+02:00` or `...Z`. */
  readonly start: string;
  /** End (exclusive), in the same form; after the start. */
  readonly end: string;
}

/** A window as epoch seconds, start inclusive, end exclusive. */
export interface WindowSeconds {
  readonly start: number;
  readonly end: number;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})$/;

/** Epoch seconds of an ISO 8601 instant with an explicit offset, or the reason it is not one. */
export function parseInstant(text: string): number | string {
  if (!INSTANT.test(text)) {
    return 'an ISO 8601 date and time with an explicit offset, e.g. "2026-05-10T06:00:00+02:00" or "2026-05-10T04:00:00Z" ' +
      '(without an offset the instant would depend on where Prometheus runs)';
  }
  const parsed = DateTime.fromISO(text, { setZone: true });
  if (!parsed.isValid) return `not a real date and time (${parsed.invalidExplanation ?? parsed.invalidReason})`;
  return parsed.toSeconds();
}

/** Why the list of windows is unusable (a bad instant, an end not after its start, two that overlap), or undefined. */
export function electionWindowsProblem(windows: readonly ElectionWindow[]): string | undefined {
  const parsed: WindowSeconds[] = [];
  for (const [index, window] of windows.entries()) {
    const start = parseInstant(window.start);
    if (typeof start === 'string') return `[${index}].start ${JSON.stringify(window.start)}: ${start}`;
    const end = parseInstant(window.end);
    if (typeof end === 'string') return `[${index}].end ${JSON.stringify(window.end)}: ${end}`;
    if (end <= start) return `[${index}]: the end ${window.end} must be after the start ${window.start}`;
    parsed.push({ start, end });
  }
  const sorted = [...parsed].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].start < sorted[i - 1].end) return 'two windows overlap; merge them into one';
  }
  return undefined;
}

/** The windows as epoch seconds, in time order; throws with electionWindowsProblem's message. */
export function electionWindowSeconds(windows: readonly ElectionWindow[]): WindowSeconds[] {
  const problem = electionWindowsProblem(windows);
  if (problem !== undefined) throw new Error(`invalid election windows: ${problem}`);
  return windows
    .map((w) => ({ start: parseInstant(w.start) as number, end: parseInstant(w.end) as number }))
    .sort((a, b) => a.start - b.start);
}

/**
 * A PromQL expression that is one sample without labels while `time()` is inside a window and
 * empty otherwise; combine with `and on ()` / `unless on ()`. Undefined when there are no windows.
 */
export function inElectionWindowExpr(windows: readonly ElectionWindow[]): string | undefined {
  const seconds = electionWindowSeconds(windows);
  if (seconds.length === 0) return undefined;
  return seconds.map((w) => `(vector(time()) >= ${w.start} and vector(time()) < ${w.end})`).join(' or ');
}
