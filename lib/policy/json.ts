/**
 * Reading untrusted manifest JSON and naming places in it. A field of the wrong type reads as
 * absent instead of throwing, so one malformed object yields findings (the schema check reports
 * the type error) rather than crashing the whole run.
 */

export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asInteger(value: unknown): number | undefined {
  return Number.isInteger(value) ? (value as number) : undefined;
}

/** A string map such as labels or annotations; entries whose value is not a string are left out. */
export function asStringMap(value: unknown): Readonly<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const [key, entry] of Object.entries(asObject(value) ?? {})) {
    if (typeof entry === 'string') result[key] = entry;
  }
  return result;
}

/** Kubernetes treats null like an absent field. */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** How a value is shown in messages: strings quoted, everything else as JSON. */
export function show(value: unknown): string {
  return value === undefined ? 'unset' : JSON.stringify(value);
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `parent.key`, or `parent["key"]` when the key has characters (dots, slashes) a reader would misparse. */
export function childPath(parent: string, key: string): string {
  if (!PLAIN_KEY.test(key)) return `${parent}[${JSON.stringify(key)}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/** `['spec', 'containers', 0, 'name']` as `spec.containers[0].name`. */
export function formatPath(segments: readonly (string | number)[]): string {
  return segments.reduce<string>(
    (path, segment) => (typeof segment === 'number' ? indexPath(path, segment) : childPath(path, segment)),
    '',
  );
}
