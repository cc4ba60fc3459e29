/**
 * A Kubernetes object, or part of one, as plain parsed JSON. Its shape is known only at run time
 * (any kind and version, hand-written YAML, Terraform JSON), so fields are read loosely and checked
 * where they are used (lib/policy/json.ts has the typed readers).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON, see above
export type JsonObject = Record<string, any>;
