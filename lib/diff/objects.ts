/**
 * The objects of each environment's folder in a dist/ tree, keyed the way the API server knows them
 * (group, kind, namespace, name): a file that moves or an object that changes chart is not a change.
 */
import { parseAllDocuments } from 'yaml';
import { asObject, asString } from '../policy/json';
import { parseApiVersion } from '../policy/objects';
import { Manifest } from '../policy/types';
import { DiffError } from './errors';

export interface ObjectId {
  /** Empty for the core group. */
  readonly group: string;
  readonly kind: string;
  /** Absent for cluster-scoped objects. */
  readonly namespace?: string;
  readonly name: string;
}

export interface DiffObject extends ObjectId {
  readonly manifest: Manifest;
}

/** Objects by `objectKey`. */
export type ObjectSet = ReadonlyMap<string, DiffObject>;

export function objectKey(id: ObjectId): string {
  return [id.group, id.kind, id.namespace ?? '', id.name].join('/');
}

/** `Deployment task-manager/task-manager-web`, `ClusterRole cloudedu-admin`. */
export function describeObject(id: Pick<ObjectId, 'kind' | 'namespace' | 'name'>): string {
  return `${id.kind} ${id.namespace === undefined ? '' : `${id.namespace}/`}${id.name}`;
}

/** A dist/ folder that holds YAML directly is an environment (reports/ and bootstrap/ do not). */
const ENVIRONMENT_FILE = /^([^/]+)\/[^/]+\.(ya?ml)$/;

/** True for a path (relative to dist/) that holds an environment's objects. */
export function isEnvironmentFile(path: string): boolean {
  return ENVIRONMENT_FILE.test(path);
}

/**
 * Splits a dist/ tree (paths relative to dist/) into one object set per environment folder.
 * @param origin how the tree is named in errors ("HEAD", "the working tree")
 */
export function objectSetsOf(files: ReadonlyMap<string, string>, origin: string): Map<string, Map<string, DiffObject>> {
  const environments = new Map<string, Map<string, DiffObject>>();
  for (const path of [...files.keys()].sort()) {
    const match = ENVIRONMENT_FILE.exec(path);
    if (!match) continue;
    const objects = environments.get(match[1]) ?? new Map<string, DiffObject>();
    environments.set(match[1], objects);
    for (const manifest of parseYaml(files.get(path)!, `dist/${path} (${origin})`)) {
      const object = toDiffObject(manifest);
      const key = objectKey(object);
      if (objects.has(key)) throw new DiffError(`dist/${path} (${origin}): ${describeObject(object)} is defined twice in ${match[1]}`);
      objects.set(key, object);
    }
  }
  return environments;
}

function parseYaml(text: string, where: string): Manifest[] {
  const manifests: Manifest[] = [];
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) throw new DiffError(`${where}: not valid YAML: ${document.errors[0].message}`);
    const value = document.toJSON();
    if (value === null || value === undefined) continue;
    if (!asObject(value)) throw new DiffError(`${where}: a document is not a Kubernetes object`);
    manifests.push(value as Manifest);
  }
  return manifests;
}

export function toDiffObject(manifest: Manifest): DiffObject {
  const metadata = asObject(manifest.metadata);
  const namespace = asString(metadata?.namespace);
  return {
    group: parseApiVersion(asString(manifest.apiVersion) ?? '').group,
    kind: asString(manifest.kind) ?? '(no kind)',
    ...(namespace === undefined ? {} : { namespace }),
    name: asString(metadata?.name) ?? '(unnamed)',
    manifest,
  };
}

/** An object set from plain manifests (tests, and anything that is not a dist/ tree). */
export function objectSet(manifests: readonly Manifest[]): Map<string, DiffObject> {
  return new Map(manifests.map((manifest) => toDiffObject(manifest)).map((object) => [objectKey(object), object]));
}
