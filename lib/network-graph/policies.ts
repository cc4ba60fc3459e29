/**
 * NetworkPolicies read into one model: which pods a policy selects, and for each direction it
 * isolates, the rules (peers x ports) it allows. Absent fields take the API server's defaults
 * (policyTypes, protocol TCP, no peers = every peer, no ports = every port).
 */
import { asArray, asObject, asString } from '../policy/json';
import { isKind } from '../policy/objects';
import { Manifest } from '../policy/types';
import { PortSet, parsePorts } from './ports';

export type Peer =
  /** A rule without `from`/`to`: every source or destination. */
  | { readonly type: 'all' }
  | { readonly type: 'ipBlock'; readonly cidr: string; readonly except: readonly string[] }
  /** Pods; no namespaceSelector means the policy's own namespace, no podSelector every pod. */
  | { readonly type: 'pods'; readonly namespaceSelector?: unknown; readonly podSelector?: unknown };

export interface PolicyRule {
  readonly peers: readonly Peer[];
  readonly ports: PortSet;
}

export interface ParsedNetworkPolicy {
  readonly namespace: string;
  readonly name: string;
  readonly podSelector: unknown;
  /** Undefined when the policy does not isolate that direction. */
  readonly ingress?: readonly PolicyRule[];
  readonly egress?: readonly PolicyRule[];
}

export type Direction = 'ingress' | 'egress';

export function isNetworkPolicy(manifest: Manifest): boolean {
  return isKind(manifest, 'networking.k8s.io', 'NetworkPolicy');
}

export function parseNetworkPolicy(manifest: Manifest): ParsedNetworkPolicy {
  const metadata = asObject(manifest.metadata);
  const spec = asObject(manifest.spec) ?? {};
  const declaredTypes = asArray(spec.policyTypes).filter((type): type is string => typeof type === 'string');
  // The API server's default: Ingress always, Egress when the spec has egress rules.
  const types = declaredTypes.length > 0 ? declaredTypes : ['Ingress', ...(spec.egress !== undefined ? ['Egress'] : [])];
  const rules = (field: unknown, peerField: 'from' | 'to'): PolicyRule[] =>
    asArray(field).map((rule) => {
      const parsed = asObject(rule) ?? {};
      const peers = asArray(parsed[peerField]);
      return { peers: peers.length === 0 ? [{ type: 'all' }] : peers.map(parsePeer), ports: parsePorts(parsed.ports) };
    });
  return {
    namespace: asString(metadata?.namespace) ?? 'default',
    name: asString(metadata?.name) ?? '(unnamed)',
    podSelector: spec.podSelector ?? {},
    ...(types.includes('Ingress') ? { ingress: rules(spec.ingress, 'from') } : {}),
    ...(types.includes('Egress') ? { egress: rules(spec.egress, 'to') } : {}),
  };
}

function parsePeer(value: unknown): Peer {
  const peer = asObject(value) ?? {};
  const ipBlock = asObject(peer.ipBlock);
  if (ipBlock) {
    const except = asArray(ipBlock.except).filter((cidr): cidr is string => typeof cidr === 'string');
    return { type: 'ipBlock', cidr: asString(ipBlock.cidr) ?? '', except };
  }
  return {
    type: 'pods',
    ...(peer.namespaceSelector !== undefined ? { namespaceSelector: peer.namespaceSelector } : {}),
    ...(peer.podSelector !== undefined ? { podSelector: peer.podSelector } : {}),
  };
}

/** The one namespace a selector names through the `kubernetes.io/metadata.name` label, if that is all it says. */
export function namespaceNamedBy(selector: unknown): string | undefined {
  const parsed = asObject(selector);
  const labels = asObject(parsed?.matchLabels) ?? {};
  const keys = Object.keys(labels);
  if (asArray(parsed?.matchExpressions).length > 0 || keys.length !== 1 || keys[0] !== NAMESPACE_NAME_LABEL) return undefined;
  return asString(labels[NAMESPACE_NAME_LABEL]);
}

/** The label the API server puts on every namespace (Kubernetes 1.21+). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
