/**
 * Finds the object a reference names (a Gateway, a Middleware, a ConfigMap) among the objects of
 * the run, through an index built once per run.
 */
import { effectiveNamespace, nameOf } from './objects';
import { perRun } from './per-run';
import { Manifest, ManifestEntry } from './types';

function key(kind: string, namespace: string, name: string): string {
  return `${kind}\u0000${namespace}\u0000${name}`;
}

function indexByName(all: readonly ManifestEntry[]): ReadonlyMap<string, Manifest> {
  const index = new Map<string, Manifest>();
  for (const { manifest } of all) {
    const name = nameOf(manifest);
    if (typeof manifest.kind === 'string' && name !== undefined) {
      // The first definition wins, as in a run that applies the objects in order.
      const entryKey = key(manifest.kind, effectiveNamespace(manifest), name);
      if (!index.has(entryKey)) index.set(entryKey, manifest);
    }
  }
  return index;
}

/** The object of `kind` named `name` in `namespace`, if the run has it. */
export function findObject(all: readonly ManifestEntry[], kind: string, namespace: string, name: string): Manifest | undefined {
  return perRun(all, indexByName).get(key(kind, namespace, name));
}

