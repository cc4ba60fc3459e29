/** The "Network paths" section of dist/reports/<env>.md: the diagram, then the same paths as a table. */
import { Manifest } from '../policy/types';
import { describeEndpoint, networkGraph } from './graph';
import { renderMermaid } from './mermaid';

export function renderNetworkSection(manifests: readonly Manifest[]): string {
  const graph = networkGraph(manifests);
  const rows = graph.paths.map(
    (path) => `| ${cell(describeEndpoint(path.from))} | ${cell(describeEndpoint(path.to))} | ${cell(path.ports.join(', '))} |`,
  );
  return [
    '## Network paths',
    'The connections the NetworkPolicies allow (a connection between two of these workloads needs the ' +
      "sender's egress and the receiver's ingress to allow it). Outside endpoints are judged from this side only.",
    ['```mermaid', renderMermaid(graph), '```'].join('\n'),
    ['| from | to | ports |', '| --- | --- | --- |', ...rows].join('\n'),
  ].join('\n\n');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
