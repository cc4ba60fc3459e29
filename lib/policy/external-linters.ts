/**
 * Our rules that overlap a check of an external linter, so that a suppression here also silences
 * that linter on the same objects (teams run Polaris, kube-linter and kube-score on dist/ too).
 * Only suppressible rules are listed: the unsuppressible packs never need an exemption.
 *
 * | our rule                  | Polaris            | kube-linter      | kube-score           |
 * |---------------------------|--------------------|------------------|----------------------|
 * | network/default-deny      |                    | non-isolated-pod | pod-networkpolicy    |
 * | ingress/tls               | tlsSettingsMissing |                  |                      |
 * | cronjob/starting-deadline |                    |                  | cronjob-has-deadline |
 * | api-versions/deprecated   |                    |                  | stable-version       |
 * | api-versions/removed      |                    |                  | stable-version       |
 */

/** The checks of each external linter that one exemption covers (check ids as each tool spells them). */
export interface ExternalChecks {
  readonly polaris?: string | readonly string[];
  readonly kubeLinter?: string | readonly string[];
  readonly kubeScore?: string | readonly string[];
}

const EXTERNAL_CHECKS: Readonly<Record<string, ExternalChecks>> = {
  'network/default-deny': { kubeLinter: 'non-isolated-pod', kubeScore: 'pod-networkpolicy' },
  'ingress/tls': { polaris: 'tlsSettingsMissing' },
  'cronjob/starting-deadline': { kubeScore: 'cronjob-has-deadline' },
  'api-versions/deprecated': { kubeScore: 'stable-version' },
  'api-versions/removed': { kubeScore: 'stable-version' },
};

/** kube-score reads one comma-separated list of ignored test ids from this annotation. */
export const KUBE_SCORE_IGNORE = 'kube-score/ignore';
/** Polaris: `polaris.fairwinds.com/<check>-exempt: "true"` exempts an object from one check. */
export const polarisExemptionKey = (check: string): string => `polaris.fairwinds.com/${check}-exempt`;
/** kube-linter: `ignore-check.kube-linter.io/<check>: <reason>` exempts an object from one check. */
export const kubeLinterExemptionKey = (check: string): string => `ignore-check.kube-linter.io/${check}`;

/**
 * The exemption annotations to set on an object for a suppression of `ruleId`, given the object's
 * current annotations (kube-score keeps one comma-separated list, which is extended, not replaced).
 */
export function exemptionAnnotations(ruleId: string, reason: string, current: Readonly<Record<string, string>>): Record<string, string> {
  const checks = EXTERNAL_CHECKS[ruleId];
  return checks ? linterExemptionAnnotations(checks, reason, current) : {};
}

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
