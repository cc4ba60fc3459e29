/** The result of a diff: per environment, the object changes, their risks and the network paths they move. */
import { ObjectChange, compareObjectSets } from './compare';
import { NetworkChanges, networkChanges } from './network-changes';
import { DiffObject } from './objects';
import { DiffEnvironment, Risk, assessRisks } from './risks';

export interface EnvironmentDiff {
  readonly name: string;
  readonly production: boolean;
  readonly changes: readonly ObjectChange[];
  readonly risks: readonly Risk[];
  readonly network: NetworkChanges;
}

export interface DiffReport {
  /** The base as given (`HEAD`, a branch) and the commit it resolved to. */
  readonly base: string;
  readonly baseCommit: string;
  readonly environments: readonly EnvironmentDiff[];
}

/**
 * Compares every environment found on either side. Production environments come first, then the
 * others from the one closest to production (the reverse of the promotion order) down; an
 * environment the config no longer has (only in the base) comes last.
 */
export function buildDiffReport(
  base: { ref: string; commit: string; environments: ReadonlyMap<string, ReadonlyMap<string, DiffObject>> },
  head: ReadonlyMap<string, ReadonlyMap<string, DiffObject>>,
  configured: readonly DiffEnvironment[],
): DiffReport {
  const names = [...new Set([...configured.map((env) => env.name), ...head.keys(), ...base.environments.keys()])];
  const rank = (name: string): number => {
    const index = configured.findIndex((env) => env.name === name);
    if (index < 0) return 2 * configured.length;
    return configured[index].production ? index : 2 * configured.length - 1 - index;
  };
  names.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
  const environments = names.map((name): EnvironmentDiff => {
    const environment = configured.find((env) => env.name === name) ?? { name, production: false };
    const [before, after] = [base.environments.get(name) ?? new Map(), head.get(name) ?? new Map()];
    const changes = compareObjectSets(before, after);
    return {
      name,
      production: environment.production,
      changes,
      risks: assessRisks(changes, { environment, base: before, head: after }),
      network: changes.length === 0 ? { added: [], removed: [] } : networkChanges(before, after),
    };
  });
  return { base: base.ref, baseCommit: base.commit, environments };
}

export function hasDifferences(report: DiffReport): boolean {
  return report.environments.some((env) => env.changes.length > 0);
}
