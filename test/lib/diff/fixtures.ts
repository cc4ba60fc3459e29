/** Object sets for diff tests: the committed dist/ of each environment (real synthesized objects), copied for planting changes. */
import { join } from 'node:path';
import { ENVIRONMENTS } from '../../../environments';
import { compareObjectSets } from '../../../lib/diff/compare';
import { DiffObject, objectSet, objectSetsOf } from '../../../lib/diff/objects';
import { Risk, assessRisks } from '../../../lib/diff/risks';
import { Manifest } from '../../../lib/policy/types';
import { readTree } from '../../helpers/tree';

const committed = objectSetsOf(readTree(join(__dirname, '..', '..', '..', 'dist')), 'dist/');

/** A deep copy of one environment's objects, as plain manifests. */
export function manifestsOf(environment: string): Manifest[] {
  return [...committed.get(environment)!.values()].map((object) => structuredClone(object.manifest));
}

export function find(manifests: readonly Manifest[], kind: string, predicate: (manifest: Manifest) => boolean = () => true): Manifest {
  const found = manifests.find((manifest) => manifest.kind === kind && predicate(manifest));
  if (!found) throw new Error(`no ${kind} matching the test's predicate`);
  return found;
}

export const nonProduction = ENVIRONMENTS.find((env) => env.tier !== 'production')!;
export const production = ENVIRONMENTS.find((env) => env.tier === 'production')!;

/** The risks of changing `before` into `after` in an environment. */
export function risksOf(
  before: readonly Manifest[],
  after: readonly Manifest[],
  environment = { name: nonProduction.name, production: false },
): Risk[] {
  const [base, head] = [setOf(before), setOf(after)];
  return assessRisks(compareObjectSets(base, head), { environment, base, head });
}

export function setOf(manifests: readonly Manifest[]): Map<string, DiffObject> {
  return objectSet(manifests);
}
