/**
 * `npm run check`: the policy gate for YAML on disk (hand-written manifests, dist/, a vendor's
 * chart output). Same engine, packs and suppression rules as the synth-time gate.
 */
import { dirname } from 'node:path';
import { argsOrExitStatus, CliIo } from '../cli';
import { CheckArgs, USAGE, parseArgs } from './cli-args';
import { runPolicy } from './engine';
import { renderFindingsTable } from './findings-table';
import { LoadedInputs, loadManifests, InputMessage } from './load-manifests';
import { sortFindings } from './report';
import { packOfRule } from './suppressions';
import { Finding, ManifestEntry } from './types';

/** Version of the JSON output shape (documented in README.md); bumped on any incompatible change. */
const JSON_OUTPUT_VERSION = 1;

/**
 * Runs the CLI and returns its exit status: 0 clean (warnings allowed), 1 error findings, 2 usage or
 * input errors. Whatever happens, the user gets one line on stderr, never a stack trace.
 */
export function runCli(argv: readonly string[], io: CliIo): number {
  try {
    return check(argv, io);
  } catch (error) {
    io.stderr.write(`check: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

function check(argv: readonly string[], io: CliIo): number {
  const args = argsOrExitStatus('check', USAGE, parseArgs(argv), io);
  if (typeof args === 'number') return args;
  const inputs = loadManifests(args.paths);
  // One run per folder: a folder is what Argo CD syncs to one cluster, so cross-object rules (an
  // HPA owning a Deployment, a namespace's default deny) never pair objects of two clusters.
  const findings = sortFindings([...byFolder(inputs.entries).values()].flatMap(
    (entries) => runPolicy(entries, { k8sVersion: args.k8sVersion, packs: args.packs }).findings,
  ));
  const hasErrors = findings.some((finding) => finding.severity === 'error' && finding.suppressedBecause === undefined);
  const exitCode = inputs.errors.length > 0 ? 2 : hasErrors ? 1 : 0;

  for (const error of inputs.errors) io.stderr.write(`check: ${location(error)}: ${error.message}\n`);
  io.stdout.write(args.format === 'json' ? `${JSON.stringify(jsonOutput(args, inputs, findings, exitCode), null, 2)}\n` : textOutput(inputs, findings));
  return exitCode;
}

function byFolder(entries: readonly ManifestEntry[]): Map<string, ManifestEntry[]> {
  const folders = new Map<string, ManifestEntry[]>();
  for (const entry of entries) {
    const folder = dirname(entry.source.file ?? '.');
    const inFolder = folders.get(folder);
    if (inFolder) inFolder.push(entry);
    else folders.set(folder, [entry]);
  }
  return folders;
}

function location(message: InputMessage): string {
  return message.line === undefined ? message.file : `${message.file}:${message.line}`;
}

function counts(findings: readonly Finding[]): { errors: number; warnings: number; suppressed: number } {
  const active = findings.filter((finding) => finding.suppressedBecause === undefined);
  return {
    errors: active.filter((finding) => finding.severity === 'error').length,
    warnings: active.filter((finding) => finding.severity === 'warning').length,
    suppressed: findings.length - active.length,
  };
}

function textOutput(inputs: LoadedInputs, findings: readonly Finding[]): string {
  const { errors, warnings, suppressed } = counts(findings);
  const fixes = new Map(findings.map((finding) => [finding.ruleId, finding.fix]));
  const parts = [
    findings.length === 0 ? 'No findings.' : renderFindingsTable(findings, { sourceHeader: 'location', withFix: false }),
    ...(fixes.size === 0 ? [] : [['How to fix:', ...[...fixes].map(([ruleId, fix]) => `  ${ruleId}: ${fix}`)].join('\n')]),
    ...(inputs.notes.length === 0 ? [] : [inputs.notes.map((note) => `note: ${location(note)}: ${note.message}`).join('\n')]),
    `${inputs.files.length} file(s), ${inputs.entries.length} object(s): ${errors} error(s), ${warnings} warning(s), ${suppressed} suppressed` +
      (inputs.errors.length > 0 ? `, ${inputs.errors.length} input error(s)` : ''),
  ];
  return `${parts.join('\n\n')}\n`;
}

/** The stable JSON output; its shape is documented in README.md. Absent values are null, never missing. */
function jsonOutput(args: CheckArgs, inputs: LoadedInputs, findings: readonly Finding[], exitCode: number): object {
  const place = (message: InputMessage) => ({ file: message.file, line: message.line ?? null, message: message.message });
  return {
    version: JSON_OUTPUT_VERSION,
    k8sVersion: args.k8sVersion,
    packs: args.packs.map((pack) => pack.name),
    exitCode,
    summary: { files: inputs.files.length, objects: inputs.entries.length, ...counts(findings), inputErrors: inputs.errors.length },
    findings: findings.map((finding) => ({
      ruleId: finding.ruleId,
      pack: packOfRule(finding.ruleId),
      severity: finding.severity,
      suppressed: finding.suppressedBecause !== undefined,
      suppressedBecause: finding.suppressedBecause ?? null,
      kind: finding.kind,
      namespace: finding.namespace ?? null,
      name: finding.name,
      file: finding.source.file ?? null,
      line: finding.source.line ?? null,
      path: finding.path,
      message: finding.message,
      fix: finding.fix,
    })),
    notes: inputs.notes.map(place),
    inputErrors: inputs.errors.map(place),
  };
}
