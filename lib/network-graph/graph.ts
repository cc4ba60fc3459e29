/**
 * The allowed network paths of one cluster's objects, derived from its NetworkPolicies the way the
 * API server's semantics define them: a pod selected by no policy of a direction is open in that
 * direction; between two of our workloads a connection needs the sender's egress AND the receiver's
 * ingress to allow it, on a port both allow. Peers outside the objects (DNS, CIDRs, the edge
 * controller's namespace) are endpoints of their own, judged from our side only.
 */
import { asArray, asObject, asString, asStringMap } from '../policy/json';
import { selectorMatches } from '../policy/label-selector';
import { isKind } from '../policy/objects';
import { Manifest } from '../policy/types';
import {
  Direction,
  NAMESPACE_NAME_LABEL,
  ParsedNetworkPolicy,
  Peer,
  isNetworkPolicy,
  namespaceNamedBy,
  parseNetworkPolicy,
} from './policies';
import { PortSet, describePorts, intersectPorts, isEmptyPortSet, sortPortLabels } from './ports';
import { Workload, compareText, workloadKey, workloadsOf } from './workloads';

export type Endpoint =
  | { readonly type: 'workload'; readonly workload: Workload }
  | { readonly type: 'dns' }
  | { readonly type: 'cidr'; readonly cidr: string; readonly except: readonly string[] }
  /** Pods of namespaces outside these objects; `edge` when it is where the edge controller runs. */
  | { readonly type: 'namespace'; readonly description: string; readonly edge: boolean }
  | { readonly type: 'anywhere' };

export interface NetworkPath {
  readonly from: Endpoint;
  readonly to: Endpoint;
  /** Port labels (`TCP 443`), sorted. */
  readonly ports: readonly string[];
}

export interface NetworkGraph {
  readonly workloads: readonly Workload[];
  readonly paths: readonly NetworkPath[];
}

/** A stable identity of an endpoint (also its sort key). */
export function endpointKey(endpoint: Endpoint): string {
  switch (endpoint.type) {
    case 'workload':
      return `workload:${workloadKey(endpoint.workload)}`;
    case 'cidr':
      return `cidr:${endpoint.cidr}${endpoint.except.length > 0 ? ` except ${endpoint.except.join(',')}` : ''}`;
    case 'namespace':
      return `namespace:${endpoint.description}`;
    default:
      return endpoint.type;
  }
}

/** How an endpoint is named in text (the diff, the path table). */
export function describeEndpoint(endpoint: Endpoint): string {
  switch (endpoint.type) {
    case 'workload':
      return `${endpoint.workload.kind} ${endpoint.workload.namespace}/${endpoint.workload.name}`;
    case 'dns':
      return 'DNS (kube-system/kube-dns)';
    case 'cidr':
      return endpoint.except.length > 0 ? `${endpoint.cidr} except ${endpoint.except.join(', ')}` : endpoint.cidr;
    case 'namespace':
      return endpoint.edge ? `edge controller (${endpoint.description})` : endpoint.description;
    default:
      return 'anywhere';
  }
}

export function networkGraph(manifests: readonly Manifest[]): NetworkGraph {
  const workloads = workloadsOf(manifests);
  const policies = manifests.filter(isNetworkPolicy).map(parseNetworkPolicy);
  const context: GraphContext = {
    policies,
    selecting: new Map(),
    namespaceLabels: namespaceLabelsOf(manifests),
    edgeNamespaces: new Set<string>(),
  };
  for (const namespace of edgeNamespacesOf(manifests, workloads, context)) context.edgeNamespaces.add(namespace);

  const paths = new Map<string, { from: Endpoint; to: Endpoint; ports: Set<string> }>();
  const add = (from: Endpoint, to: Endpoint, ports: PortSet): void => {
    const key = `${endpointKey(from)}\u0000${endpointKey(to)}`;
    const path = paths.get(key) ?? { from, to, ports: new Set<string>() };
    for (const label of describePorts(ports)) path.ports.add(label);
    paths.set(key, path);
  };
  for (const workload of workloads) {
    for (const direction of ['egress', 'ingress'] as const) {
      const selecting = policiesSelecting(workload, direction, context);
      const outward = (other: Endpoint, ports: PortSet) =>
        direction === 'egress' ? add({ type: 'workload', workload }, other, ports) : add(other, { type: 'workload', workload }, ports);
      if (selecting.length === 0) outward({ type: 'anywhere' }, 'all');
      for (const policy of selecting) {
        for (const rule of policy[direction]!) {
          for (const peer of rule.peers) {
            const external = externalEndpoint(peer, context);
            if (external) outward(external, rule.ports);
          }
        }
      }
    }
  }
  // Only workloads that some rule could connect to another workload take part in the pairing: one
  // isolated with ipBlock peers only (a batch job's egress, a job's ingress) is skipped, which keeps
  // the pairing near linear in the number of jobs instead of quadratic.
  const senders = workloads.filter((workload) => mayReachWorkloads(workload, 'egress', context));
  const receivers = workloads.filter((workload) => mayReachWorkloads(workload, 'ingress', context));
  for (const sender of senders) {
    for (const receiver of receivers) {
      if (sender === receiver) continue;
      const ports = intersectPorts(allowedPorts(sender, receiver, 'egress', context), allowedPorts(receiver, sender, 'ingress', context));
      if (!isEmptyPortSet(ports)) add({ type: 'workload', workload: sender }, { type: 'workload', workload: receiver }, ports);
    }
  }
  const sorted = [...paths.values()]
    .map((path) => ({ from: path.from, to: path.to, ports: sortPortLabels(path.ports) }))
    .sort((a, b) => compareText(endpointKey(a.from), endpointKey(b.from)) || compareText(endpointKey(a.to), endpointKey(b.to)));
  return { workloads, paths: sorted };
}

interface GraphContext {
  readonly policies: readonly ParsedNetworkPolicy[];
  /** The policies selecting each workload, per direction: computed once, read for every pair. */
  readonly selecting?: Map<Workload, Partial<Record<Direction, ParsedNetworkPolicy[]>>>;
  /** Labels of the namespaces we know (from Namespace objects, or just the name label). */
  readonly namespaceLabels: ReadonlyMap<string, Readonly<Record<string, string>>>;
  readonly edgeNamespaces: Set<string>;
}

function policiesSelecting(workload: Workload, direction: Direction, context: GraphContext): ParsedNetworkPolicy[] {
  const known = context.selecting?.get(workload)?.[direction];
  if (known) return known;
  const selecting = context.policies.filter(
    (policy) =>
      policy.namespace === workload.namespace && policy[direction] !== undefined && selectorMatches(policy.podSelector, workload.podLabels),
  );
  if (context.selecting) context.selecting.set(workload, { ...context.selecting.get(workload), [direction]: selecting });
  return selecting;
}

/** False when `workload` is isolated in `direction` and every peer of its rules is an ipBlock: no workload can be on the other end. */
function mayReachWorkloads(workload: Workload, direction: Direction, context: GraphContext): boolean {
  const selecting = policiesSelecting(workload, direction, context);
  return selecting.length === 0 || selecting.some((policy) => policy[direction]!.some((rule) => rule.peers.some((peer) => peer.type !== 'ipBlock')));
}

/** The ports `subject`'s policies of `direction` allow towards (or from) `other`; all when none isolates it. */
function allowedPorts(subject: Workload, other: Workload, direction: Direction, context: GraphContext): PortSet {
  const selecting = policiesSelecting(subject, direction, context);
  if (selecting.length === 0) return 'all';
  const allowed: PortSet[] = [];
  for (const policy of selecting) {
    for (const rule of policy[direction]!) {
      if (rule.peers.some((peer) => peerMatchesWorkload(peer, policy.namespace, other, context))) allowed.push(rule.ports);
    }
  }
  if (allowed.includes('all')) return 'all';
  return allowed.flatMap((ports) => (ports === 'all' ? [] : ports));
}

/** Whether a peer of a policy in `policyNamespace` covers `workload`'s pods (an ipBlock never does: pod IPs are unknown). */
export function peerMatchesWorkload(
  peer: Peer,
  policyNamespace: string,
  workload: Workload,
  context: Pick<GraphContext, 'namespaceLabels'>,
): boolean {
  if (peer.type === 'all') return true;
  if (peer.type === 'ipBlock') return false;
  const namespaceMatches =
    peer.namespaceSelector === undefined
      ? workload.namespace === policyNamespace
      : selectorMatches(peer.namespaceSelector, namespaceLabelsFor(workload.namespace, context.namespaceLabels));
  return namespaceMatches && (peer.podSelector === undefined || selectorMatches(peer.podSelector, workload.podLabels));
}

function namespaceLabelsFor(
  namespace: string,
  known: ReadonlyMap<string, Readonly<Record<string, string>>>,
): Readonly<Record<string, string>> {
  return known.get(namespace) ?? { [NAMESPACE_NAME_LABEL]: namespace };
}

/** The endpoint outside our objects that a peer names; undefined when it names only our own pods. */
function externalEndpoint(peer: Peer, context: GraphContext): Endpoint | undefined {
  if (peer.type === 'all') return { type: 'anywhere' };
  if (peer.type === 'ipBlock') return { type: 'cidr', cidr: peer.cidr, except: peer.except };
  if (peer.namespaceSelector === undefined) return undefined;
  const named = namespaceNamedBy(peer.namespaceSelector);
  if (named !== undefined && context.namespaceLabels.has(named)) return undefined;
  if (named === 'kube-system' && asStringMap(asObject(peer.podSelector)?.matchLabels)['k8s-app'] === 'kube-dns') return { type: 'dns' };
  const namespaces = named !== undefined ? `namespace ${named}` : `namespaces ${selectorText(peer.namespaceSelector)}`;
  const pods = peer.podSelector === undefined ? '' : `, pods ${selectorText(peer.podSelector)}`;
  return { type: 'namespace', description: `${namespaces}${pods}`, edge: named !== undefined && context.edgeNamespaces.has(named) };
}

/** `{a=b, c in (d,e)}`; an empty selector is `(all)`. */
function selectorText(selector: unknown): string {
  const parsed = asObject(selector) ?? {};
  const terms = [
    ...Object.entries(asStringMap(parsed.matchLabels)).map(([key, value]) => `${key}=${value}`),
    ...asArray(parsed.matchExpressions).map((expression) => {
      const term = asObject(expression) ?? {};
      const values = asArray(term.values).join(',');
      return `${asString(term.key)} ${asString(term.operator)}${values ? ` (${values})` : ''}`;
    }),
  ];
  return terms.length === 0 ? '(all)' : `{${terms.join(', ')}}`;
}

/** Every namespace our objects live in, with the labels a Namespace object gives it. */
function namespaceLabelsOf(manifests: readonly Manifest[]): Map<string, Readonly<Record<string, string>>> {
  const labels = new Map<string, Readonly<Record<string, string>>>();
  for (const manifest of manifests) {
    const namespace = asString(asObject(manifest.metadata)?.namespace);
    if (namespace !== undefined && !labels.has(namespace)) labels.set(namespace, { [NAMESPACE_NAME_LABEL]: namespace });
  }
  for (const manifest of manifests.filter((candidate) => isKind(candidate, '', 'Namespace'))) {
    const name = asString(asObject(manifest.metadata)?.name);
    if (name !== undefined) labels.set(name, { ...asStringMap(asObject(manifest.metadata)?.labels), [NAMESPACE_NAME_LABEL]: name });
  }
  return labels;
}

/**
 * Where the edge runs: the namespaces of the Gateways that HTTPRoutes attach to, and the outside
 * namespaces allowed into a workload that an Ingress or HTTPRoute routes to (an Ingress names no
 * controller namespace; its NetworkPolicy does).
 */
function edgeNamespacesOf(manifests: readonly Manifest[], workloads: readonly Workload[], context: GraphContext): Set<string> {
  const edge = new Set<string>();
  const routedServices = new Set<string>();
  for (const manifest of manifests) {
    const namespace = asString(asObject(manifest.metadata)?.namespace) ?? 'default';
    const spec = asObject(manifest.spec) ?? {};
    if (isKind(manifest, 'gateway.networking.k8s.io', 'HTTPRoute')) {
      for (const parent of asArray(spec.parentRefs)) edge.add(asString(asObject(parent)?.namespace) ?? namespace);
      for (const rule of asArray(spec.rules)) {
        for (const backend of asArray(asObject(rule)?.backendRefs))
          routedServices.add(`${asString(asObject(backend)?.namespace) ?? namespace}/${asString(asObject(backend)?.name)}`);
      }
    }
    if (isKind(manifest, ['networking.k8s.io', 'extensions'], 'Ingress')) {
      const backends = [
        asObject(spec.defaultBackend),
        ...asArray(spec.rules).flatMap((rule) =>
          asArray(asObject(asObject(rule)?.http)?.paths).map((path) => asObject(asObject(path)?.backend)),
        ),
      ];
      for (const backend of backends) {
        const service = asString(asObject(backend?.service)?.name);
        if (service !== undefined) routedServices.add(`${namespace}/${service}`);
      }
    }
  }
  const services = manifests.filter((manifest) => isKind(manifest, '', 'Service'));
  for (const service of services) {
    const namespace = asString(asObject(service.metadata)?.namespace) ?? 'default';
    if (!routedServices.has(`${namespace}/${asString(asObject(service.metadata)?.name)}`)) continue;
    const selector = asStringMap(asObject(service.spec)?.selector);
    if (Object.keys(selector).length === 0) continue;
    // Only rules admitting the port the Service routes to: another outside peer (Prometheus on a
    // metrics port) is not the edge.
    const routedPorts: PortSet = asArray(asObject(service.spec)?.ports).map((entry) => {
      const port = asObject(entry) ?? {};
      const target = port.targetPort ?? port.port;
      return { protocol: asString(port.protocol) ?? 'TCP', ...(typeof target === 'number' || typeof target === 'string' ? { port: target } : {}) };
    });
    for (const workload of workloads) {
      if (workload.namespace !== namespace || !selectorMatches({ matchLabels: selector }, workload.podLabels)) continue;
      for (const policy of policiesSelecting(workload, 'ingress', context)) {
        const rules = policy.ingress!.filter((rule) => !isEmptyPortSet(intersectPorts(rule.ports, routedPorts)));
        for (const peer of rules.flatMap((rule) => rule.peers)) {
          const named = peer.type === 'pods' ? namespaceNamedBy(peer.namespaceSelector) : undefined;
          if (named !== undefined && !context.namespaceLabels.has(named)) edge.add(named);
        }
      }
    }
  }
  return edge;
}
