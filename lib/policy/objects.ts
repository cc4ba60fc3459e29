/**
 * Identity and metadata of a manifest, read defensively: rules and reports need kind, name and
 * namespace even for objects whose metadata is malformed.
 */
import { asObject, asString, asStringMap } from './json';
import { Manifest } from './types';

/** How findings name an object. */
export interface ObjectIdentity {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** As written; absent for cluster-scoped objects and for namespaced ones that leave it to the client. */
  readonly namespace?: string;
}

export function identify(manifest: Manifest): ObjectIdentity {
  const metadata = asObject(manifest.metadata);
  const namespace = asString(metadata?.namespace);
  return {
    apiVersion: asString(manifest.apiVersion) ?? '(no apiVersion)',
    kind: asString(manifest.kind) ?? '(no kind)',
    name: asString(metadata?.name) ?? asString(metadata?.generateName) ?? '(unnamed)',
    ...(namespace ? { namespace } : {}),
  };
}

/**
 * The namespace a namespaced object lands in, for matching objects against each other. An unset
 * namespace means `default` (what `kubectl apply` does without `-n`; Argo CD uses its destination
 * namespace, which for us is always written out by the charts).
 */
export function effectiveNamespace(manifest: Manifest): string {
  return asString(asObject(manifest.metadata)?.namespace) || 'default';
}

export function nameOf(manifest: Manifest): string | undefined {
  return asString(asObject(manifest.metadata)?.name);
}

export function annotationsOf(manifest: Manifest): Readonly<Record<string, string>> {
  return asStringMap(asObject(manifest.metadata)?.annotations);
}

export function labelsOf(metadata: unknown): Readonly<Record<string, string>> {
  return asStringMap(asObject(metadata)?.labels);
}

export interface GroupVersion {
  /** Empty for the core group (`apiVersion: v1`). */
  readonly group: string;
  readonly version: string;
}

export function parseApiVersion(apiVersion: string): GroupVersion {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/**
 * True for objects of `kind` in one of `groups` (any version), e.g. an Ingress in networking.k8s.io
 * or in the legacy extensions group: rules judge legacy manifests too.
 */
export function isKind(manifest: Manifest, groups: string | readonly string[], kind: string): boolean {
  if (manifest.kind !== kind || typeof manifest.apiVersion !== 'string') return false;
  const group = parseApiVersion(manifest.apiVersion).group;
  return typeof groups === 'string' ? group === groups : groups.includes(group);
}
