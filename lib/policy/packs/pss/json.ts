/**
 * Safe reads of untrusted manifest JSON: a field of the wrong type reads as absent instead of
 * throwing, so one malformed object yields findings for the rest rather than crashing the run.
 */

export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Kubernetes treats null like an absent field. */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** How a value is shown in messages: strings quoted, everything else as JSON. */
export function show(value: unknown): string {
  return value === undefined ? 'unset' : JSON.stringify(value);
}
