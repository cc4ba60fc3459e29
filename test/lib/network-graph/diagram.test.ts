/**
 * Each environment's network diagram (dist/reports/<env>.md, equal to a fresh synth by
 * test/synth/dist.test.ts) checked against the NetworkPolicies of dist/<env>: every path a policy
 * pair allows is drawn with its ports, and every edge drawn is allowed by the policies on both ends.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ENVIRONMENTS } from '../../../environments';
import { selectorMatches } from '../../../lib/policy/label-selector';
import { Manifest } from '../../../lib/policy/types';
import { readTree } from '../../helpers/tree';

const dist = join(__dirname, '..', '..', '..', 'dist');
const WORKLOAD_KINDS: Readonly<Record<string, string[]>> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

interface Diagram {
  labels: Map<string, string>;
  /** Node id -> namespace of the subgraph it is drawn in. */
  namespaceOf: Map<string, string>;
  subgraphs: Map<string, string>;
  edges: { from: string; to: string; ports: string[] }[];
}

function parseDiagram(report: string): Diagram {
  const block = /```mermaid\n([\s\S]*?)\n```/.exec(report.slice(report.indexOf('## Network paths')));
  if (!block) throw new Error('the report has no Mermaid block under "## Network paths"');
  const diagram: Diagram = { labels: new Map(), namespaceOf: new Map(), subgraphs: new Map(), edges: [] };
  let namespace: string | undefined;
  for (const line of block[1].split('\n').slice(1)) {
    const subgraph = /^\s+subgraph (\w+)\["namespace (.+)"\]$/.exec(line);
    const edge = /^\s+(\w+) -->\|"(.*)"\| (\w+)$/.exec(line);
    const node = /^\s+(\w+)(?:\[\/|\{\{|\(\[|\(\(|\[)"(.*)"/.exec(line);
    if (subgraph) [namespace] = [subgraph[2], diagram.subgraphs.set(subgraph[1], subgraph[2])];
    else if (/^\s+end$/.test(line)) namespace = undefined;
    else if (edge) diagram.edges.push({ from: edge[1], to: edge[3], ports: edge[2].split(', ') });
    else if (node) {
      diagram.labels.set(node[1], node[2].replace('<br/>', ' '));
      if (namespace) diagram.namespaceOf.set(node[1], namespace);
    } else throw new Error(`unexpected diagram line: ${line}`);
  }
  return diagram;
}

interface Workload {
  kind: string;
  name: string;
  namespace: string;
  labels: Record<string, string>;
  /** Its containers' ports named `metrics` (what Prometheus scrapes), as `TCP <port>`. */
  metricsPorts: string[];
}

function objectsOf(environment: string): Manifest[] {
  return [...readTree(join(dist, environment)).values()].flatMap((text) =>
    parseAllDocuments(text).map((document) => document.toJSON() as Manifest),
  );
}

function workloadsOf(manifests: readonly Manifest[]): Workload[] {
  return manifests
    .filter((manifest) => WORKLOAD_KINDS[manifest.kind])
    .map((manifest) => {
      const template = WORKLOAD_KINDS[manifest.kind].reduce((value: any, key) => value[key], manifest);
      const ports = template.spec.containers.flatMap((container: any) => container.ports ?? []);
      return {
        kind: manifest.kind,
        name: manifest.metadata.name,
        namespace: manifest.metadata.namespace,
        labels: template.metadata.labels,
        metricsPorts: ports.filter((port: any) => port.name === 'metrics').map((port: any) => `${port.protocol ?? 'TCP'} ${port.containerPort}`),
      };
    });
}

const portsOf = (rule: any): string[] => (rule.ports ?? []).map((port: any) => `${port.protocol ?? 'TCP'} ${port.port}`);
const isDns = (peer: any) =>
  peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'kube-system' &&
  peer.podSelector?.matchLabels?.['k8s-app'] === 'kube-dns';

/** Whether a peer of a policy in `namespace` names a workload of ours. */
function peerMatches(peer: any, namespace: string, workload: Workload): boolean {
  if (peer.ipBlock) return false;
  const namespaceHolds = peer.namespaceSelector
    ? selectorMatches(peer.namespaceSelector, { 'kubernetes.io/metadata.name': workload.namespace })
    : workload.namespace === namespace;
  return namespaceHolds && (!peer.podSelector || selectorMatches(peer.podSelector, workload.labels));
}

/** Whether a peer names an outside endpoint drawn with `label`. */
function peerNamesLabel(peer: any, label: string): boolean {
  if (peer.ipBlock) return label === peer.ipBlock.cidr;
  if (isDns(peer)) return label.startsWith('DNS');
  const named = peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'];
  if (named === undefined) return false;
  const pods = peer.podSelector?.matchLabels;
  const podsText = pods === undefined ? '' : `, pods {${Object.entries(pods).map(([key, value]) => `${key}=${value}`).join(', ')}}`;
  return label.endsWith(`namespace ${named}${podsText}`);
}

describe.each(ENVIRONMENTS.map((env) => env.name))('network diagram of %s', (environment) => {
  const manifests = objectsOf(environment);
  const policies = manifests.filter((manifest) => manifest.kind === 'NetworkPolicy');
  const workloads = workloadsOf(manifests);
  const diagram = parseDiagram(readFileSync(join(dist, 'reports', `${environment}.md`), 'utf8'));
  const idOf = (workload: Workload): string => {
    const ids = [...diagram.labels].filter(
      ([id, label]) => label === `${workload.kind} ${workload.name}` && diagram.namespaceOf.get(id) === workload.namespace,
    );
    expect(ids).toHaveLength(1);
    return ids[0][0];
  };
  const workloadOfId = (id: string) =>
    workloads.find(
      (workload) => diagram.labels.get(id) === `${workload.kind} ${workload.name}` && diagram.namespaceOf.get(id) === workload.namespace,
    );
  const selecting = (workload: Workload, type: 'Ingress' | 'Egress') =>
    policies.filter(
      (policy) =>
        policy.metadata.namespace === workload.namespace &&
        policy.spec.policyTypes.includes(type) &&
        selectorMatches(policy.spec.podSelector, workload.labels),
    );
  /** Edges out of a workload, counting an edge drawn from its namespace's subgraph (DNS). */
  const edgesFrom = (workload: Workload) => {
    const namespaceIds = [...diagram.subgraphs].filter(([, namespace]) => namespace === workload.namespace).map(([id]) => id);
    return diagram.edges.filter((edge) => edge.from === idOf(workload) || namespaceIds.includes(edge.from));
  };

  test('every workload is drawn once, inside its namespace; DNS is one node; nothing is open to "anywhere"', () => {
    expect(workloads.length).toBeGreaterThan(0);
    for (const workload of workloads) idOf(workload);
    expect([...diagram.labels.values()].filter((label) => label.startsWith('DNS'))).toHaveLength(1);
    // Every workload is isolated both ways (default deny), so no edge may involve "anywhere".
    for (const workload of workloads)
      for (const type of ['Ingress', 'Egress'] as const) expect(selecting(workload, type).length).toBeGreaterThan(0);
    expect([...diagram.labels.values()]).not.toContain('anywhere');
  });

  test('every allowed path to or from an outside endpoint is an edge with its ports', () => {
    let checked = 0;
    for (const workload of workloads) {
      for (const policy of selecting(workload, 'Egress')) {
        for (const rule of policy.spec.egress ?? []) {
          for (const peer of rule.to ?? []) {
            if (!peer.ipBlock && !isDns(peer)) continue;
            const edge = edgesFrom(workload).find((candidate) => peerNamesLabel(peer, diagram.labels.get(candidate.to) ?? ''));
            expect(edge?.ports).toEqual(expect.arrayContaining(portsOf(rule)));
            checked++;
          }
        }
      }
      for (const policy of selecting(workload, 'Ingress')) {
        for (const rule of policy.spec.ingress ?? []) {
          for (const peer of rule.from ?? []) {
            if (workloads.some((other) => peerMatches(peer, policy.metadata.namespace, other))) continue;
            const edge = diagram.edges.find(
              (candidate) => candidate.to === idOf(workload) && peerNamesLabel(peer, diagram.labels.get(candidate.from) ?? ''),
            );
            expect(edge?.ports).toEqual(expect.arrayContaining(portsOf(rule)));
            // The edge controller is the peer admitted to the routed port; Prometheus to the workload's metrics ports only.
            const metricsOnly = portsOf(rule).every((port: string) => workload.metricsPorts.includes(port));
            expect(diagram.labels.get(edge!.from)).toMatch(metricsOnly ? /^namespace monitoring, pods / : /^edge controller /);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  test("a path between two workloads is drawn exactly when the sender's egress and the receiver's ingress both allow it", () => {
    const allowed = (subject: Workload, type: 'Ingress' | 'Egress', other: Workload): Set<string> =>
      new Set(
        selecting(subject, type).flatMap((policy) =>
          ((type === 'Egress' ? policy.spec.egress : policy.spec.ingress) ?? [])
            .filter((rule: any) =>
              (rule[type === 'Egress' ? 'to' : 'from'] ?? []).some((peer: any) => peerMatches(peer, policy.metadata.namespace, other)),
            )
            .flatMap(portsOf),
        ),
      );
    for (const sender of workloads) {
      for (const receiver of workloads) {
        if (sender === receiver) continue;
        const inbound = allowed(receiver, 'Ingress', sender);
        const both = [...allowed(sender, 'Egress', receiver)].filter((port) => inbound.has(port)).sort();
        const edge = diagram.edges.find((candidate) => candidate.from === idOf(sender) && candidate.to === idOf(receiver));
        expect({ sender: sender.name, receiver: receiver.name, ports: edge ? [...edge.ports].sort() : [] }).toEqual({
          sender: sender.name,
          receiver: receiver.name,
          ports: both,
        });
      }
    }
  });

  test('every edge drawn is allowed by a policy rule on the side(s) we own', () => {
    for (const edge of diagram.edges) {
      const from = workloadOfId(edge.from);
      const to = workloadOfId(edge.to);
      const fromNamespace = diagram.subgraphs.get(edge.from);
      for (const port of edge.ports) {
        if (from || fromNamespace) {
          const senders = from ? [from] : workloads.filter((workload) => workload.namespace === fromNamespace);
          for (const sender of senders) {
            const permits = selecting(sender, 'Egress').some((policy) =>
              (policy.spec.egress ?? []).some(
                (rule: any) =>
                  portsOf(rule).includes(port) &&
                  (rule.to ?? []).some((peer: any) =>
                    to ? peerMatches(peer, policy.metadata.namespace, to) : peerNamesLabel(peer, diagram.labels.get(edge.to)!),
                  ),
              ),
            );
            expect({ edge, sender: sender.name, port, permits }).toEqual({ edge, sender: sender.name, port, permits: true });
          }
        }
        if (to) {
          const permits = selecting(to, 'Ingress').some((policy) =>
            (policy.spec.ingress ?? []).some(
              (rule: any) =>
                portsOf(rule).includes(port) &&
                (rule.from ?? []).some((peer: any) =>
                  from ? peerMatches(peer, policy.metadata.namespace, from) : peerNamesLabel(peer, diagram.labels.get(edge.from)!),
                ),
            ),
          );
          expect({ edge, port, permits }).toEqual({ edge, port, permits: true });
        }
      }
    }
  });
});
