/**
 * Caches what cross-object rules derive from the whole run (indexes of HPAs, NetworkPolicies,
 * Middlewares...). Rules are called once per object; without this, each call would rescan every
 * object and a run of n objects would cost n² scans.
 */
import { ManifestEntry } from './types';

const cache = new WeakMap<readonly ManifestEntry[], Map<unknown, unknown>>();

/** `derive(all)`, computed once per run (the `all` array) and per `derive` function. */
export function perRun<T>(all: readonly ManifestEntry[], derive: (all: readonly ManifestEntry[]) => T): T {
  let results = cache.get(all);
  if (!results) {
    results = new Map();
    cache.set(all, results);
  }
  if (!results.has(derive)) results.set(derive, derive(all));
  return results.get(derive) as T;
}
