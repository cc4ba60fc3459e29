import { IConstruct, Construct } from 'constructs';
import { propError } from './errors';
import { k8s } from './plus';
import { egressCidrProblem, isEveryAddress, isIpv4Cidr, isIpv6Cidr } from './validate/cidr';
import { portProblem } from './validate/numbers';

/**
 * NetworkPolicies built one way for every construct: a namespace-wide default deny, plus one
 * policy per workload that opens exactly the paths it needs. Plain L1 objects, because the
 * cdk8s-plus NetworkPolicy API cannot express "DNS only in kube-system" or named CIDR:port pairs.
 */

/** One allowed egress destination: a CIDR block and a TCP port. */
export interface EgressDestination {
  readonly cidr: string;
  readonly port: number;
}

export const DEFAULT_DENY_NAME = 'default-deny-all';

/** Selects every pod of the namespace and allows nothing: the base every namespace starts from. */
export function addDefaultDeny(scope: Construct, namespace: string): k8s.KubeNetworkPolicy {
  return new k8s.KubeNetworkPolicy(scope, `default-deny-${namespace}`, {
    metadata: { name: DEFAULT_DENY_NAME, namespace },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  });
}

/**
 * Where the pods of an environment send their DNS queries, for the egress rule every workload
 * policy opens: the cluster DNS pods, or NodeLocal DNSCache, which answers on a link-local address
 * of each node (a host-network pod, so no pod selector matches it).
 */
export class DnsPeer {
  /** The NodeLocal DNSCache address the upstream manifests use. */
  static readonly NODE_LOCAL_DEFAULT_ADDRESS = '169.254.20.10';

  /** kube-dns/CoreDNS pods (label `k8s-app=kube-dns`) in kube-system. */
  static kubeDns(): DnsPeer {
    return new DnsPeer('kube-dns', undefined);
  }

  /**
   * NodeLocal DNSCache on every node, at `address` (an IP, or a CIDR such as `169.254.20.10/32`).
   * @default address '169.254.20.10'
   */
  static nodeLocalCache(address: string = DnsPeer.NODE_LOCAL_DEFAULT_ADDRESS): DnsPeer {
    return new DnsPeer('node-local-cache', address);
  }

  private constructor(
    public readonly kind: 'kube-dns' | 'node-local-cache',
    /** NodeLocal DNSCache's address as given. */
    public readonly address: string | undefined,
  ) {}

  /** The address as a CIDR (`/32` or `/128` for a single IP), or undefined when it is neither. */
  get cidr(): string | undefined {
    const address = this.address ?? '';
    if (isIpv4Cidr(address) || isIpv6Cidr(address)) return address;
    if (isIpv4Cidr(`${address}/32`)) return `${address}/32`;
    if (isIpv6Cidr(`${address}/128`)) return `${address}/128`;
    return undefined;
  }

  /** Why this peer would be refused; undefined when fine. */
  problem(): string | undefined {
    if (this.kind === 'kube-dns') return undefined;
    const cidr = this.cidr;
    if (cidr === undefined) return 'an IP address or CIDR of the NodeLocal DNSCache, e.g. "169.254.20.10"';
    if (isEveryAddress(cidr)) return 'the NodeLocal DNSCache address, not every address';
    return undefined;
  }

  toString(): string {
    return this.kind === 'kube-dns' ? 'kube-dns' : `node-local-cache ${this.address}`;
  }
}

/** Rejects a DNS peer whose address is not an IP or CIDR, naming the construct and the prop. */
export function validateDnsPeer(scope: IConstruct, prop: string, peer: DnsPeer): void {
  const problem = peer.problem();
  if (problem) throw propError(scope, prop, peer.address, problem);
}

/** Egress to the cluster DNS on port 53, UDP and TCP. */
export function dnsEgress(peer: DnsPeer = DnsPeer.kubeDns()): k8s.NetworkPolicyEgressRule {
  const to: k8s.NetworkPolicyPeer[] = peer.kind === 'kube-dns'
    ? [{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
      podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
    }]
    : [{ ipBlock: { cidr: peer.cidr! } }];
  return {
    to,
    ports: [
      { protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) },
      { protocol: 'TCP', port: k8s.IntOrString.fromNumber(53) },
    ],
  };
}

/** One egress rule per destination: each CIDR reaches only its own port. */
export function cidrEgress(destinations: readonly EgressDestination[]): k8s.NetworkPolicyEgressRule[] {
  const sorted = [...destinations].sort((a, b) => a.cidr.localeCompare(b.cidr) || a.port - b.port);
  return sorted.map((d) => ({
    to: [{ ipBlock: { cidr: d.cidr } }],
    ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(d.port) }],
  }));
}

/** Ingress from pods matching `podLabels` in the namespace named `namespace`, on one TCP port. */
export function ingressFromPods(namespace: string | undefined, podLabels: Record<string, string>, port: number): k8s.NetworkPolicyIngressRule {
  const peer: k8s.NetworkPolicyPeer = namespace === undefined
    ? { podSelector: { matchLabels: podLabels } }
    : { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } }, podSelector: { matchLabels: podLabels } };
  return { from: [peer], ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) }] };
}

/** Egress to pods matching `podLabels` (in the namespace named `namespace`, else the policy's own), on one TCP port. */
export function egressToPods(namespace: string | undefined, podLabels: Readonly<Record<string, string>>, port: number): k8s.NetworkPolicyEgressRule {
  const peer: k8s.NetworkPolicyPeer = namespace === undefined
    ? { podSelector: { matchLabels: { ...podLabels } } }
    : { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } }, podSelector: { matchLabels: { ...podLabels } } };
  return { to: [peer], ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) }] };
}

/** Ingress from every pod of a namespace (e.g. the ingress controller's), on one TCP port. */
export function ingressFromNamespace(namespace: string, port: number): k8s.NetworkPolicyIngressRule {
  return {
    from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } } }],
    ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) }],
  };
}

export interface WorkloadPolicyOptions {
  readonly name: string;
  readonly podLabels: Record<string, string>;
  /** Allowed ingress; empty denies all ingress. */
  readonly ingress: readonly k8s.NetworkPolicyIngressRule[];
  /** Allowed egress; empty denies all egress. */
  readonly egress: readonly k8s.NetworkPolicyEgressRule[];
}

/** A policy for one workload's pods that lists both directions, so nothing is allowed by omission. */
export function addWorkloadPolicy(scope: Construct, id: string, options: WorkloadPolicyOptions): k8s.KubeNetworkPolicy {
  return new k8s.KubeNetworkPolicy(scope, id, {
    metadata: { name: options.name },
    spec: {
      podSelector: { matchLabels: options.podLabels },
      policyTypes: ['Ingress', 'Egress'],
      // Passed through as given: a construct may hand in a Lazy list that grows via addXxx methods.
      ingress: options.ingress as k8s.NetworkPolicyIngressRule[],
      egress: options.egress as k8s.NetworkPolicyEgressRule[],
    },
  });
}

/** Why a destination would be refused or defeat the policy, naming the field; undefined when fine. */
export function egressProblem(d: EgressDestination): { field: 'cidr' | 'port'; expected: string } | undefined {
  const cidr = egressCidrProblem(d.cidr);
  if (cidr) return { field: 'cidr', expected: cidr };
  const port = portProblem(d.port);
  if (port) return { field: 'port', expected: port };
  return undefined;
}

/** Rejects a destination list with a CIDR or port the API server would refuse. */
export function validateEgress(scope: IConstruct, prop: string, destinations: readonly EgressDestination[]): void {
  destinations.forEach((d, i) => {
    const problem = egressProblem(d);
    if (problem) throw propError(scope, `${prop}[${i}].${problem.field}`, d[problem.field], problem.expected);
  });
}
