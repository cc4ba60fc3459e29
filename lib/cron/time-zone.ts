/**
 * Validation of a CronJob's `spec.timeZone`.
 *
 * The API server loads the name with Go's time.LoadLocation, which reads the IANA tz database:
 * names are case-sensitive and include the backward-compatible links (`UTC`, `US/Eastern`). The
 * list used here is the `tzdata` npm package's, not `Intl.supportedValuesOf('timeZone')`, which
 * leaves out links such as `UTC`.
 */

interface TzdataPackage {
  readonly version: string;
  /** Zone name -> rules, or -> the zone name it links to. */
  readonly zones: Readonly<Record<string, unknown>>;
}

// tzdata ships plain JSON without type declarations.
const tzdata = require('tzdata') as TzdataPackage;

/**
 * "Factory" is in the database but is a placeholder for machines whose zone was never set up
 * (its abbreviation is "-00"); ICU, and so the run-time computations here, do not know it.
 */
const NOT_REAL_ZONES: ReadonlySet<string> = new Set(['Factory']);

const KNOWN_ZONES: ReadonlySet<string> = new Set(Object.keys(tzdata.zones).filter((name) => !NOT_REAL_ZONES.has(name)));

const BY_LOWER_CASE: ReadonlyMap<string, string> = new Map([...KNOWN_ZONES].map((name) => [name.toLowerCase(), name]));

const EXAMPLES = 'an IANA name such as "Etc/UTC", "Europe/Berlin" or "America/New_York"';

/** The tz database release the zone list comes from, e.g. "2026d". */
export const TZDATA_VERSION: string = tzdata.version;

/**
 * Returns why `name` is not a time zone Kubernetes accepts for a CronJob, or undefined when it is
 * one: an IANA tz database name (zone or link) in its exact case. `Local` is refused because the
 * API server refuses it (it would mean whatever zone the controller manager runs in).
 */
export function validateTimeZone(name: string): string | undefined {
  if (name === '') return `the time zone must not be empty; use ${EXAMPLES}`;
  if (name.toLowerCase() === 'local') {
    return `"${name}" is not allowed: Kubernetes requires an explicit zone, not the controller manager's local time; use ${EXAMPLES}`;
  }
  if (KNOWN_ZONES.has(name)) return undefined;
  if (NOT_REAL_ZONES.has(name)) return `"${name}" is a placeholder in the tz database, not a real time zone; use ${EXAMPLES}`;

  const suggestion = BY_LOWER_CASE.get(name.trim().toLowerCase());
  if (suggestion !== undefined) {
    const why = suggestion.toLowerCase() === name.toLowerCase() ? 'time zone names are case-sensitive' : 'remove the surrounding whitespace';
    return `unknown time zone "${name}"; did you mean "${suggestion}"? (${why})`;
  }
  return `unknown time zone "${name}": not in the IANA tz database (release ${TZDATA_VERSION}); use ${EXAMPLES}`;
}

/** Throws an Error with {@link validateTimeZone}'s message when the name is not valid. */
export function assertTimeZone(name: string): void {
  const problem = validateTimeZone(name);
  if (problem !== undefined) throw new Error(`invalid time zone: ${problem}`);
}
