/**
 * The Markdown of `npm run diff` for a pull request comment: a summary line, then one section per
 * environment (production first) with its risks, the objects that change and their fields, and
 * the network paths the change adds or removes, as a list and a Mermaid picture.
 */
import { codeCell as code, escapeCell as escape, markdownTable as table } from '../markdown-table';
import { ObjectChange } from './compare';
import { NetworkChanges } from './network-changes';
import { describeObject } from './objects';
import { DiffReport, EnvironmentDiff } from './report';
import { Risk } from './risks';

/** Fields listed per object before the rest is counted. */
const MAX_PATHS = 12;

export function renderMarkdown(report: DiffReport): string {
  const changed = report.environments.filter((env) => env.changes.length > 0);
  const risks = report.environments.flatMap((env) => env.risks);
  const high = risks.filter((risk) => risk.level === 'high').length;
  const summary =
    changed.length === 0
      ? `No changes: every environment synthesizes to what \`${report.base}\` (${short(report.baseCommit)}) has in dist/.`
      : `${changed.length} of ${report.environments.length} environment(s) change, with ${risks.length} risk(s) (${high} high).`;
  const sections = [
    `# dist/ changes against \`${report.base}\` (${short(report.baseCommit)})`,
    summary,
    ...report.environments.map(environmentSection),
  ];
  return `${sections.join('\n\n')}\n`;
}

function environmentSection(env: EnvironmentDiff): string {
  const title = `## ${env.name}${env.production ? ' (production)' : ''}`;
  if (env.changes.length === 0) return `${title}\n\nNo changes.`;
  const parts = [title, `${env.changes.length} object(s) change, ${env.risks.length} risk(s).`];
  if (env.risks.length > 0) parts.push('### Risks', risksTable(env.risks));
  parts.push('### Objects', changesTable(env.changes));
  if (env.network.added.length + env.network.removed.length > 0) parts.push('### Network paths', networkSection(env.network));
  return parts.join('\n\n');
}

function risksTable(risks: readonly Risk[]): string {
  return table(
    ['level', 'rule', 'object', 'what'],
    risks.map((risk) => [
      risk.level === 'high' ? '**high**' : risk.level,
      code(risk.rule),
      code(describeObject(risk)),
      escape(risk.message),
    ]),
  );
}

function changesTable(changes: readonly ObjectChange[]): string {
  return table(
    ['action', 'object', 'changed fields'],
    changes.map((change) => {
      const shown = change.paths.slice(0, MAX_PATHS).map(code);
      if (change.paths.length > MAX_PATHS) shown.push(`and ${change.paths.length - MAX_PATHS} more`);
      return [change.action, code(describeObject(change)), shown.join('<br>')];
    }),
  );
}

function networkSection(network: NetworkChanges): string {
  const line = (sign: string, path: NetworkChanges['added'][number]) =>
    `- ${sign} ${code(path.from)} → ${code(path.to)}: ${path.ports.join(', ')}`;
  const ids = new Map<string, string>();
  const id = (name: string): string => {
    if (!ids.has(name)) ids.set(name, `n${ids.size + 1}`);
    return ids.get(name)!;
  };
  const edges = [
    ...network.added.map((path) => `  ${id(path.from)} ==>|"added: ${mermaidText(path.ports.join(', '))}"| ${id(path.to)}`),
    ...network.removed.map((path) => `  ${id(path.from)} -.->|"removed: ${mermaidText(path.ports.join(', '))}"| ${id(path.to)}`),
  ];
  const nodes = [...ids].map(([name, nodeId]) => `  ${nodeId}["${mermaidText(name)}"]`);
  return [
    [...network.added.map((path) => line('added', path)), ...network.removed.map((path) => line('removed', path))].join('\n'),
    ['```mermaid', 'flowchart LR', ...nodes, ...edges, '```'].join('\n'),
  ].join('\n\n');
}

function mermaidText(text: string): string {
  return text.replace(/"/g, '#quot;');
}

function short(commit: string): string {
  return commit.slice(0, 12);
}
