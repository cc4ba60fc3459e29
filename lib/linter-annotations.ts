/**
 * How Polaris, kube-linter and kube-score are told that an object is exempt from one of their
 * checks: the annotations each tool reads. Shared by the construct-side exemption catalogue
 * (lib/linter-exemptions) and the policy gate's suppressions (lib/policy/external-linters).
 */

/** The checks of each external linter that one exemption covers (check ids as each tool spells them). */
export interface ExternalChecks {
  readonly polaris?: string | readonly string[];
  readonly kubeLinter?: string | readonly string[];
  readonly kubeScore?: string | readonly string[];
}

/** kube-score reads one comma-separated list of ignored test ids from this annotation. */
export const KUBE_SCORE_IGNORE = 'kube-score/ignore';
/** Polaris: `polaris.fairwinds.com/<check>-exempt: "true"` exempts an object from one check. */
export const polarisExemptionKey = (check: string): string => `polaris.fairwinds.com/${check}-exempt`;
/** kube-linter: `ignore-check.kube-linter.io/<check>: <reason>` exempts an object from one check. */
export const kubeLinterExemptionKey = (check: string): string => `ignore-check.kube-linter.io/${check}`;

/**
 * The annotations that exempt an object from `checks` of Polaris, kube-linter and kube-score, with
 * `reason` where the tool keeps one (kube-linter); kube-score's list in `current` is extended.
 */
export function linterExemptionAnnotations(checks: ExternalChecks, reason: string, current: Readonly<Record<string, string>>): Record<string, string> {
  const annotations: Record<string, string> = {};
  for (const check of listOf(checks.polaris)) annotations[polarisExemptionKey(check)] = 'true';
  for (const check of listOf(checks.kubeLinter)) annotations[kubeLinterExemptionKey(check)] = reason;
  const kubeScore = listOf(checks.kubeScore);
  if (kubeScore.length > 0) {
    const ignored = (current[KUBE_SCORE_IGNORE] ?? '').split(',').map((test) => test.trim()).filter((test) => test !== '');
    annotations[KUBE_SCORE_IGNORE] = [...new Set([...ignored, ...kubeScore])].sort().join(',');
  }
  return annotations;
}

function listOf(checks: string | readonly string[] | undefined): readonly string[] {
  return checks === undefined ? [] : typeof checks === 'string' ? [checks] : checks;
}
