/**
 * Finds the kubernetes-models class for a built-in apiVersion/kind. Each kind is its own module
 * (`kubernetes-models/apps/v1/Deployment`), required on first use: loading all ~800 validators
 * would cost more than a whole synth, and a run only ever meets a handful of kinds.
 */
import { parseApiVersion } from '../objects';

/** A kubernetes-models class: its prototype's `validate()` throws an ajv ValidationError on `this`. */
export interface ModelClass {
  readonly apiVersion?: unknown;
  readonly kind?: unknown;
  readonly prototype: { validate(this: unknown): void };
}

export type CoreLookup =
  | { readonly status: 'found'; readonly model: ModelClass }
  /** kubernetes-models knows the apiVersion but has no such kind in it: a typo or a wrong group. */
  | { readonly status: 'unknown-kind' }
  /** Not a built-in API (or one kubernetes-models no longer ships). */
  | { readonly status: 'unknown-api' };

// Names go into a module path: allow only what Kubernetes allows, so `../` can never get through.
const GROUP = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/;
const VERSION = /^v[0-9]+[a-z0-9]*$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;

const lookups = new Map<string, CoreLookup>();

export function coreModelFor(apiVersion: string, kind: string): CoreLookup {
  const key = `${apiVersion}/${kind}`;
  let lookup = lookups.get(key);
  if (!lookup) {
    lookup = lookUp(apiVersion, kind);
    lookups.set(key, lookup);
  }
  return lookup;
}

function lookUp(apiVersion: string, kind: string): CoreLookup {
  const { group, version } = parseApiVersion(apiVersion);
  if ((group !== '' && !GROUP.test(group)) || !VERSION.test(version)) return { status: 'unknown-api' };
  const versionModule = group === '' ? `kubernetes-models/${version}` : `kubernetes-models/${group}/${version}`;
  if (!resolves(versionModule)) return { status: 'unknown-api' };
  if (!KIND.test(kind) || !resolves(`${versionModule}/${kind}`)) return { status: 'unknown-kind' };
  const model: ModelClass | undefined = require(`${versionModule}/${kind}`)[kind];
  // The package also has modules for nested types (PodSpec, ...): only top-level kinds carry apiVersion.
  if (!model || model.apiVersion !== apiVersion || model.kind !== kind) return { status: 'unknown-kind' };
  return { status: 'found', model };
}

function resolves(modulePath: string): boolean {
  try {
    require.resolve(modulePath);
    return true;
  } catch {
    return false;
  }
}

/** The model for `metadata` of custom resources, whose CRD schemas leave it as a bare object. */
export function objectMetaModel(): ModelClass {
  return require('@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta').ObjectMeta;
}
