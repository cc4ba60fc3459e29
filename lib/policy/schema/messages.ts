/** Wording shared by the core (kubernetes-models) and the CRD validators, so findings read alike. */

export const UNKNOWN_FIELD = 'unknown field: the schema does not declare it (the API server rejects or drops it)';

/** Kubernetes users think of integers and strings, not of JavaScript `number`. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
