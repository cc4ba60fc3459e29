/**
 * The policy gate at synth: every ApiObject of an environment's charts is checked against the
 * schemas and all packs before anything is written, and an unsuppressed error stops the synth.
 */
import { ApiObject, Chart } from 'cdk8s';
import { syncStableManifest } from '../synth/sync-stable';
import { runPolicy } from './engine';
import { renderFindingsTable } from './findings-table';
import { parseK8sVersion } from './k8s-version';
import { renderReport, sortFindings } from './report';
import { mirrorSuppressions, suppressionsIn, writeLinterExemptions } from './suppressions';
import { Finding, ManifestEntry } from './types';

export interface PolicyGateOptions {
  /** Environment name, the title of the report. */
  readonly environment: string;
  /** Target Kubernetes version, `MAJOR.MINOR`. */
  readonly k8sVersion: string;
}

export interface GateResult {
  /** Markdown report for dist/reports/<env>.md. */
  readonly report: string;
  readonly findings: Finding[];
}

/** Thrown when an unsuppressed error finding exists; carries the full result so the report can still be written. */
export class PolicyGateError extends Error {
  constructor(
    public readonly environment: string,
    public readonly result: GateResult,
  ) {
    const errors = result.findings.filter((finding) => finding.severity === 'error' && finding.suppressedBecause === undefined);
    super(
      `Policy gate failed for ${environment}: ${errors.length} error finding(s). Fix them, or suppress() a rule with a reason where it does not apply.\n\n` +
        renderFindingsTable(errors, { sourceHeader: 'construct path', withFix: true }),
    );
    this.name = 'PolicyGateError';
  }
}

/**
 * Checks every ApiObject under `charts`. Before rendering, it writes the external linters'
 * exemption annotations for each `suppress()` onto the objects it covers; after checking, it
 * writes `policy.platform/suppress.*` annotations onto the objects whose findings a suppression
 * matched, so that `npm run check` on dist/ agrees with the gate.
 *
 * @throws PolicyGateError when an unsuppressed error finding exists (warnings never fail)
 */
export function runPolicyGate(charts: readonly Chart[], options: PolicyGateOptions): GateResult {
  if (!parseK8sVersion(options.k8sVersion)) throw new Error(`runPolicyGate: k8sVersion "${options.k8sVersion}" is not MAJOR.MINOR`);
  const suppressions = suppressionsIn(charts);
  writeLinterExemptions(suppressions);

  const apiObjects = apiObjectsOf(charts);
  // Judged in the form that is written to dist/ (canonical quantities and the like).
  const entries: ManifestEntry[] = apiObjects.map((apiObject) => ({
    manifest: syncStableManifest(apiObject.toJson()),
    source: { constructPath: apiObject.node.path },
  }));
  const result = runPolicy(entries, {
    k8sVersion: options.k8sVersion,
    suppressions,
    isMirrored: (annotation, entry) => suppressions.some((declared) => declared.ruleId === annotation.ruleId && declared.covers(entry)),
  });
  mirrorSuppressions(result.findings, suppressions);

  const gateResult: GateResult = {
    report: renderReport(result, { title: options.environment, k8sVersion: options.k8sVersion }),
    findings: sortFindings(result.findings),
  };
  if (gateResult.findings.some((finding) => finding.severity === 'error' && finding.suppressedBecause === undefined)) {
    throw new PolicyGateError(options.environment, gateResult);
  }
  return gateResult;
}

function apiObjectsOf(charts: readonly Chart[]): ApiObject[] {
  const found = new Set<ApiObject>();
  for (const chart of charts) {
    for (const construct of chart.node.findAll()) {
      if (ApiObject.isApiObject(construct)) found.add(construct);
    }
  }
  return [...found];
}
