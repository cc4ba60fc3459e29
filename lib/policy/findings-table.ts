/** Findings as a fixed-width table: the gate's error message and the CLI's text output. */
import { Column, renderTextTable } from './text-table';
import { Finding, ManifestSource } from './types';

/** `Deployment shop/web`: how tables and reports name the object of a finding. */
export function describeObject(finding: Pick<Finding, 'kind' | 'namespace' | 'name'>): string {
  return `${finding.kind} ${finding.namespace ? `${finding.namespace}/` : ''}${finding.name}`;
}

/** The construct path at synth, `file:line` in the CLI. */
export function describeSource(source: ManifestSource): string {
  if (source.constructPath !== undefined) return source.constructPath;
  if (source.file !== undefined) return source.line !== undefined ? `${source.file}:${source.line}` : source.file;
  return '';
}

export interface FindingsTableOptions {
  /** Header of the source column: `construct path` at synth, `location` (file:line) in the CLI. */
  readonly sourceHeader: string;
  /** Adds the rule's fix to every row (the gate's error message); the CLI lists fixes once per rule instead. */
  readonly withFix: boolean;
}

export function renderFindingsTable(findings: readonly Finding[], options: FindingsTableOptions): string {
  const columns: Column[] = [
    { header: 'severity', maxWidth: 10 },
    { header: 'rule', maxWidth: 40 },
    { header: 'object', maxWidth: 36 },
    { header: options.sourceHeader, maxWidth: 40 },
    { header: 'field', maxWidth: 40 },
    { header: 'message', maxWidth: 60 },
    ...(options.withFix ? [{ header: 'fix', maxWidth: 50 }] : []),
  ];
  return renderTextTable(
    columns,
    findings.map((finding) => [
      finding.suppressedBecause === undefined ? finding.severity : `${finding.severity} (suppressed)`,
      finding.ruleId,
      describeObject(finding),
      describeSource(finding.source),
      finding.path,
      finding.suppressedBecause === undefined ? finding.message : `${finding.message} [suppressed: ${finding.suppressedBecause}]`,
      ...(options.withFix ? [finding.fix] : []),
    ]),
  );
}
