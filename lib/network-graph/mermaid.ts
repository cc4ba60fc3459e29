/**
 * A Mermaid flowchart of a network graph (GitHub and GitLab render it in Markdown): workloads
 * grouped by namespace, outside endpoints as nodes of their own shape, edges labelled with ports.
 * DNS is one node; a namespace whose every workload resolves names the same way gets one edge to it.
 */
import { Endpoint, NetworkGraph, NetworkPath, endpointKey } from './graph';
import { compareText, workloadKey } from './workloads';

export function renderMermaid(graph: NetworkGraph): string {
  const ids = new Map<string, string>();
  const idOf = (endpoint: Endpoint): string => ids.get(endpointKey(endpoint))!;
  const lines = ['flowchart LR'];

  const namespaces = [...new Set(graph.workloads.map((workload) => workload.namespace))].sort(compareText);
  const namespaceIds = new Map(namespaces.map((namespace, index) => [namespace, `ns${index + 1}`]));
  graph.workloads.forEach((workload, index) => ids.set(`workload:${workloadKey(workload)}`, `w${index + 1}`));
  for (const namespace of namespaces) {
    lines.push(`  subgraph ${namespaceIds.get(namespace)}["namespace ${label(namespace)}"]`);
    for (const workload of graph.workloads.filter((candidate) => candidate.namespace === namespace)) {
      lines.push(`    ${ids.get(`workload:${workloadKey(workload)}`)}["${label(`${workload.kind} ${workload.name}`)}"]`);
    }
    lines.push('  end');
  }

  const externals = new Map<string, Endpoint>();
  for (const path of graph.paths) {
    for (const endpoint of [path.from, path.to]) if (endpoint.type !== 'workload') externals.set(endpointKey(endpoint), endpoint);
  }
  let counter = 0;
  for (const key of [...externals.keys()].sort(compareText)) {
    const id = key === 'dns' ? 'dns' : `x${++counter}`;
    ids.set(key, id);
    lines.push(`  ${id}${shape(externals.get(key)!)}`);
  }

  const { collapsed, rest } = collapseDns(graph, namespaces);
  for (const [namespace, ports] of collapsed) lines.push(`  ${namespaceIds.get(namespace)} -->|"${label(ports.join(', '))}"| dns`);
  for (const path of rest) lines.push(`  ${idOf(path.from)} -->|"${label(path.ports.join(', '))}"| ${idOf(path.to)}`);
  return lines.join('\n');
}

/** Namespaces whose every workload reaches DNS on the same ports (one edge each), and the other paths. */
function collapseDns(
  graph: NetworkGraph,
  namespaces: readonly string[],
): { collapsed: Map<string, readonly string[]>; rest: NetworkPath[] } {
  const collapsed = new Map<string, readonly string[]>();
  for (const namespace of namespaces) {
    const members = graph.workloads.filter((workload) => workload.namespace === namespace);
    const dnsPaths = graph.paths.filter(
      (path) => path.to.type === 'dns' && path.from.type === 'workload' && path.from.workload.namespace === namespace,
    );
    const labels = new Set(dnsPaths.map((path) => path.ports.join(', ')));
    if (dnsPaths.length === members.length && labels.size === 1) collapsed.set(namespace, dnsPaths[0].ports);
  }
  const rest = graph.paths.filter(
    (path) => !(path.to.type === 'dns' && path.from.type === 'workload' && collapsed.has(path.from.workload.namespace)),
  );
  return { collapsed, rest };
}

function shape(endpoint: Endpoint): string {
  switch (endpoint.type) {
    case 'dns':
      return '{{"DNS<br/>kube-system/kube-dns"}}';
    case 'cidr':
      return `[/"${label(endpoint.except.length > 0 ? `${endpoint.cidr} except ${endpoint.except.join(', ')}` : endpoint.cidr)}"/]`;
    case 'namespace':
      return endpoint.edge ? `(["edge controller<br/>${label(endpoint.description)}"])` : `(["${label(endpoint.description)}"])`;
    case 'anywhere':
      return '(("anywhere"))';
    default:
      return '';
  }
}

/** Mermaid labels are quoted; a quote inside one is written as an entity. */
function label(text: string): string {
  return text.replace(/"/g, '#quot;');
}
