/**
 * NetworkPolicy ports as sets: what a rule's `ports` allow, the overlap of an egress and an ingress
 * rule (both must allow a connection between two isolated pods), containment (does one set cover
 * another) and how a set is written in a diagram label.
 */
import { asArray, asObject } from '../policy/json';

/** One `ports[]` entry: a protocol and a port, a range (`endPort`) or a named port; no port means every port. */
export interface PortSpec {
  readonly protocol: string;
  readonly port?: number | string;
  readonly endPort?: number;
}

/** `'all'` when a rule lists no ports (every port of every protocol). */
export type PortSet = 'all' | readonly PortSpec[];

export function parsePorts(value: unknown): PortSet {
  const entries = asArray(value);
  if (entries.length === 0) return 'all';
  return entries.map((entry) => {
    const parsed = asObject(entry) ?? {};
    const protocol = typeof parsed.protocol === 'string' ? parsed.protocol : 'TCP';
    const port = typeof parsed.port === 'number' || typeof parsed.port === 'string' ? parsed.port : undefined;
    const endPort = typeof parsed.endPort === 'number' && typeof port === 'number' && parsed.endPort > port ? parsed.endPort : undefined;
    return { protocol, ...(port === undefined ? {} : { port }), ...(endPort === undefined ? {} : { endPort }) };
  });
}

/** The ports both sets allow. */
export function intersectPorts(a: PortSet, b: PortSet): PortSet {
  if (a === 'all') return b;
  if (b === 'all') return a;
  const result: PortSpec[] = [];
  for (const left of a)
    for (const right of b) {
      const overlap = intersectSpec(left, right);
      if (overlap) result.push(overlap);
    }
  return result;
}

function intersectSpec(a: PortSpec, b: PortSpec): PortSpec | undefined {
  if (a.protocol !== b.protocol) return undefined;
  if (a.port === undefined) return b;
  if (b.port === undefined) return a;
  if (typeof a.port === 'string' || typeof b.port === 'string') return a.port === b.port ? a : undefined;
  const low = Math.max(a.port, b.port);
  const high = Math.min(a.endPort ?? a.port, b.endPort ?? b.port);
  if (low > high) return undefined;
  return { protocol: a.protocol, port: low, ...(high > low ? { endPort: high } : {}) };
}

export function isEmptyPortSet(ports: PortSet): boolean {
  return ports !== 'all' && ports.length === 0;
}

/** True when `outer` allows every port `inner` allows. */
export function portSetCovers(outer: PortSet, inner: PortSet): boolean {
  if (outer === 'all') return true;
  if (inner === 'all') return false;
  return inner.every((spec) => outer.some((candidate) => specCovers(candidate, spec)));
}

function specCovers(outer: PortSpec, inner: PortSpec): boolean {
  if (outer.protocol !== inner.protocol) return false;
  if (outer.port === undefined) return true;
  if (inner.port === undefined) return false;
  if (typeof outer.port === 'string' || typeof inner.port === 'string') return outer.port === inner.port;
  return outer.port <= inner.port && (outer.endPort ?? outer.port) >= (inner.endPort ?? inner.port);
}

/** `TCP 443`, `TCP 8000-8010`, `UDP all`, or `all ports`; one label per spec. */
export function describePorts(ports: PortSet): string[] {
  if (ports === 'all') return ['all ports'];
  return ports.map((spec) => {
    if (spec.port === undefined) return `${spec.protocol} all`;
    return spec.endPort === undefined ? `${spec.protocol} ${spec.port}` : `${spec.protocol} ${spec.port}-${spec.endPort}`;
  });
}

/** Port labels in a stable order: by protocol, then numerically. */
export function sortPortLabels(labels: Iterable<string>): string[] {
  const number = (label: string): number => Number.parseInt(label.split(' ')[1] ?? '', 10);
  return [...new Set(labels)].sort((a, b) => {
    const [protocolA, protocolB] = [a.split(' ')[0], b.split(' ')[0]];
    if (protocolA !== protocolB) return protocolA < protocolB ? -1 : 1;
    const byNumber = (Number.isNaN(number(a)) ? Infinity : number(a)) - (Number.isNaN(number(b)) ? Infinity : number(b));
    return byNumber !== 0 && !Number.isNaN(byNumber) ? byNumber : a < b ? -1 : a > b ? 1 : 0;
  });
}
