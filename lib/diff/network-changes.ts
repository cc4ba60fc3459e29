/** The network paths a change adds or removes in one environment (from the graphs of both object sets). */
import { NetworkPath, describeEndpoint, endpointKey, networkGraph } from '../network-graph/graph';
import { ObjectSet } from './objects';

export interface PathChange {
  readonly from: string;
  readonly to: string;
  /** The ports added (or removed) on this path. */
  readonly ports: readonly string[];
}

export interface NetworkChanges {
  readonly added: readonly PathChange[];
  readonly removed: readonly PathChange[];
}

export function networkChanges(base: ObjectSet, head: ObjectSet): NetworkChanges {
  const before = portsByPath(networkGraph([...base.values()].map((object) => object.manifest)).paths);
  const after = portsByPath(networkGraph([...head.values()].map((object) => object.manifest)).paths);
  return { added: missingFrom(after, before), removed: missingFrom(before, after) };
}

function portsByPath(paths: readonly NetworkPath[]): Map<string, { from: string; to: string; ports: readonly string[] }> {
  return new Map(
    paths.map((path) => [
      `${endpointKey(path.from)}\u0000${endpointKey(path.to)}`,
      { from: describeEndpoint(path.from), to: describeEndpoint(path.to), ports: path.ports },
    ]),
  );
}

/** The paths (and ports) of `paths` that `other` lacks. */
function missingFrom(paths: ReturnType<typeof portsByPath>, other: ReturnType<typeof portsByPath>): PathChange[] {
  const changes: PathChange[] = [];
  for (const [key, path] of paths) {
    const otherPorts = new Set(other.get(key)?.ports ?? []);
    const ports = path.ports.filter((port) => !otherPorts.has(port));
    if (ports.length > 0) changes.push({ from: path.from, to: path.to, ports });
  }
  return changes;
}
