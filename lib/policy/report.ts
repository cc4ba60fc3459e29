/**
 * The Markdown policy report a reviewer reads in a pull request (dist/reports/<env>.md): counts per
 * pack, every finding (suppressed ones marked with their reason), the objects that could not be
 * schema-checked, and the rules that were applied. Deterministic: same input, same bytes.
 */
import { codeCell, escapeCell as escape, markdownTable as table } from '../markdown-table';
import { PolicyResult } from './engine';
import { describeObject, describeSource } from './findings-table';
import { packOfRule } from './suppressions';
import { Finding } from './types';

export interface ReportOptions {
  /** Heading of the report, e.g. the environment name. */
  readonly title: string;
  readonly k8sVersion: string;
}

/** Unsuppressed errors, then warnings, then suppressed findings; by rule, object and field within each. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const group = (finding: Finding): number => (finding.suppressedBecause !== undefined ? 2 : finding.severity === 'error' ? 0 : 1);
  const keyed = findings.map((finding) => ({
    finding,
    group: group(finding),
    key: [finding.ruleId, describeObject(finding), describeSource(finding.source), finding.path].join('\u0000'),
  }));
  keyed.sort((a, b) => a.group - b.group || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map(({ finding }) => finding);
}

export function renderReport(result: PolicyResult, options: ReportOptions): string {
  const findings = sortFindings(result.findings);
  const notChecked = findings.filter((finding) => finding.ruleId === 'schema/not-checked');
  const packs = [...new Set(result.rules.map((rule) => rule.pack))];
  const sections = [
    `# Policy report: ${options.title}`,
    `Kubernetes ${options.k8sVersion} · ${result.objectCount} objects · packs: ${packs.join(', ')}`,
    '## Summary',
    summaryTable(findings, packs),
    '## Findings',
    findings.length === 0 ? 'No findings.' : findingsTable(findings),
    '## Not schema-checked',
    notChecked.length === 0
      ? 'Every object was schema-checked.'
      : notChecked.map((finding) => `- ${code(describeObject(finding))} (${escape(describeSource(finding.source))}): ${escape(finding.message)}`).join('\n'),
    '## Rule catalogue',
    table(
      ['rule', 'severity', 'rationale'],
      result.rules.map((rule) => [code(rule.id), rule.severity, escape(rule.rationale)]),
    ),
  ];
  return `${sections.join('\n\n')}\n`;
}

function summaryTable(findings: readonly Finding[], packs: readonly string[]): string {
  const count = (pack: string | undefined, test: (finding: Finding) => boolean): number =>
    findings.filter((finding) => (pack === undefined || packOfRule(finding.ruleId) === pack) && test(finding)).length;
  const errors = (finding: Finding): boolean => finding.suppressedBecause === undefined && finding.severity === 'error';
  const warnings = (finding: Finding): boolean => finding.suppressedBecause === undefined && finding.severity === 'warning';
  const suppressed = (finding: Finding): boolean => finding.suppressedBecause !== undefined;
  const row = (label: string, pack: string | undefined): string[] =>
    [label, ...[errors, warnings, suppressed].map((test) => String(count(pack, test)))];
  return table(['pack', 'errors', 'warnings', 'suppressed'], [...packs.map((pack) => row(pack, pack)), row('**total**', undefined)]);
}

function findingsTable(findings: readonly Finding[]): string {
  return table(
    ['severity', 'rule', 'object', 'source', 'field', 'message', 'fix'],
    findings.map((finding) => [
      finding.suppressedBecause === undefined ? finding.severity : `${finding.severity}, suppressed: ${escape(finding.suppressedBecause)}`,
      code(finding.ruleId),
      code(describeObject(finding)),
      code(describeSource(finding.source)),
      finding.path === '' ? '' : code(finding.path),
      escape(finding.message),
      escape(finding.fix),
    ]),
  );
}

/** An empty field (a finding on the whole object) stays an empty cell. */
function code(text: string): string {
  return text === '' ? '' : codeCell(text);
}
