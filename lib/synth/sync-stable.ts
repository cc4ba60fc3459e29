/**
 * The sync-stable form of a manifest: what the API server would return for it, so that Argo CD
 * (server-side apply) compares equal values and an object stays Synced after it is applied.
 * Applied to every object once, where objects are rendered (and before the policy gate judges
 * them), so no construct has to remember it:
 * - every resource quantity of a built-in kind in its canonical form (`1000m` -> `1`,
 *   `2048Mi` -> `2Gi`): the server stores the canonical form, a diff against `1000m` never closes;
 * - no empty lists in built-in kinds: the server drops them (`ingress: []`, `externalIPs: []`)
 *   and they mean the same as an absent field;
 * - StatefulSet claim templates carry `apiVersion: v1` and `kind: PersistentVolumeClaim`
 *   (argoproj/argo-cd#11143, #16707: without them the StatefulSet is OutOfSync forever);
 * - container and Service ports state their `protocol`: it is part of the list's merge key, and a
 *   key left to its server default shows as a duplicate port in Argo CD's server-side diff
 *   (argoproj/argo-cd#24786) and breaks diffs that lack the default (kubernetes-sigs/structured-merge-diff#130).
 * Custom resources are left as written: the server stores them as JSON, exactly as sent.
 */
import { canonicalQuantity } from '../quantity';
import { coreModelFor, ModelClass } from '../policy/schema/core-models';

// The format checker every compiled kubernetes-models validator calls for a Quantity field.
const QUANTITY_FORMAT: { validate: { test(value: string): boolean } } = require('@kubernetes-models/validate').formats.quantity;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = readonly (string | number)[];

/** The manifest in sync-stable form (a new object; the input is not changed). */
export function syncStableManifest(manifest: Record<string, any>): Record<string, any> {
  const lookup = typeof manifest.apiVersion === 'string' && typeof manifest.kind === 'string'
    ? coreModelFor(manifest.apiVersion, manifest.kind)
    : undefined;
  if (lookup?.status !== 'found') return manifest;
  let result = structuredClone(manifest) as Record<string, any>;
  for (const path of quantityPaths(lookup.model, result)) {
    const value = valueAt(result, path);
    if (typeof value === 'string' || typeof value === 'number') setAt(result, path, canonicalQuantity(String(value)));
  }
  result = withPortProtocols(withoutEmptyLists(result), manifest.kind === 'Service' ? 'service' : undefined) as Record<string, any>;
  if (manifest.apiVersion === 'apps/v1' && manifest.kind === 'StatefulSet') addClaimTemplateTypes(result);
  return result;
}

/**
 * Where `manifest` holds a Quantity, according to the Kubernetes OpenAPI schema kubernetes-models
 * ships (compiled into validators, so it cannot be read directly): every scalar is replaced by a
 * numbered marker and the validator runs on that copy; the markers it hands to the quantity format
 * check are the quantity fields. This finds them wherever the schema has them (resources,
 * claim templates, emptyDir sizeLimit, quota, HPA targets) without a list of our own.
 */
export function quantityPaths(model: ModelClass, manifest: Record<string, any>): Path[] {
  const paths: Path[] = [];
  const marked = markScalars(manifest, [], paths);
  const found = new Set<number>();
  const original = QUANTITY_FORMAT.validate;
  QUANTITY_FORMAT.validate = {
    test(value: string): boolean {
      const match = /^\u0000q(\d+)$/.exec(value);
      if (match) found.add(Number(match[1]));
      return true;
    },
  };
  try {
    model.prototype.validate.call(marked);
  } catch {
    // Type errors are expected: every scalar became a string. Only the format calls matter.
  } finally {
    QUANTITY_FORMAT.validate = original;
  }
  return [...found].sort((a, b) => a - b).map((index) => paths[index]);
}

/** A copy with each scalar replaced by `\0q<n>`, where `paths[n]` is its location; apiVersion and kind kept. */
function markScalars(value: Json, path: Path, paths: Path[]): Json {
  if (Array.isArray(value)) return value.map((item, i) => markScalars(item, [...path, i], paths));
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, Json> = {};
    for (const [key, item] of Object.entries(value)) {
      copy[key] = path.length === 0 && (key === 'apiVersion' || key === 'kind') ? item : markScalars(item, [...path, key], paths);
    }
    return copy;
  }
  if (typeof value === 'string' || typeof value === 'number') {
    paths.push(path);
    return `\u0000q${paths.length - 1}`;
  }
  return value;
}

function withoutEmptyLists(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutEmptyLists);
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, Json> = {};
  for (const [key, item] of Object.entries(value)) {
    if (Array.isArray(item) && item.length === 0) continue;
    copy[key] = withoutEmptyLists(item);
  }
  return copy;
}

/**
 * Adds the server default `protocol: TCP` to container ports (any object with a containerPort in
 * a `ports` list) and to the ports of a Service's spec.
 */
function withPortProtocols(value: Json, kind: 'service' | undefined, path: Path = []): Json {
  if (Array.isArray(value)) return value.map((item, i) => withPortProtocols(item, kind, [...path, i]));
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, Json> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = withPortProtocols(item, kind, [...path, key]);
  const parent = path[path.length - 2];
  const inPortList = parent === 'ports' && typeof path[path.length - 1] === 'number';
  const servicePort = kind === 'service' && path.length === 3 && path[0] === 'spec';
  if (inPortList && (copy.containerPort !== undefined || servicePort) && copy.protocol === undefined) copy.protocol = 'TCP';
  return copy;
}

function addClaimTemplateTypes(statefulSet: Record<string, any>): void {
  const templates = statefulSet.spec?.volumeClaimTemplates;
  if (!Array.isArray(templates)) return;
  statefulSet.spec.volumeClaimTemplates = templates.map((template: Record<string, any>) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    ...template,
  }));
}

function valueAt(root: Json, path: Path): Json | undefined {
  let current: any = root;
  for (const segment of path) current = current?.[segment];
  return current;
}

function setAt(root: Record<string, any>, path: Path, value: Json): void {
  let current: any = root;
  for (const segment of path.slice(0, -1)) current = current[segment];
  current[path[path.length - 1]] = value;
}
