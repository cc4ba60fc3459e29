import { IConstruct, Construct } from 'constructs';
import { propError } from './errors';
import { k8s } from './plus';
import { egressCidrProblem } from './validate/cidr';
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

/** Egress to the cluster DNS (kube-dns/CoreDNS pods in kube-system) on port 53, UDP and TCP. */
export function dnsEgress(): k8s.NetworkPolicyEgressRule {
  return {
    to: [{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
      podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
    }],
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
