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
import { ExternalChecks, linterExemptionAnnotations } from '../linter-annotations';

// Re-exported for the callers that read the keys next to the rule map.
export { KUBE_SCORE_IGNORE, kubeLinterExemptionKey, linterExemptionAnnotations, polarisExemptionKey } from '../linter-annotations';
export type { ExternalChecks } from '../linter-annotations';

const EXTERNAL_CHECKS: Readonly<Record<string, ExternalChecks>> = {
  'network/default-deny': { kubeLinter: 'non-isolated-pod', kubeScore: 'pod-networkpolicy' },
  'ingress/tls': { polaris: 'tlsSettingsMissing' },
  'cronjob/starting-deadline': { kubeScore: 'cronjob-has-deadline' },
  'api-versions/deprecated': { kubeScore: 'stable-version' },
  'api-versions/removed': { kubeScore: 'stable-version' },
};

/**
 * The exemption annotations to set on an object for a suppression of `ruleId`, given the object's
 * current annotations (kube-score keeps one comma-separated list, which is extended, not replaced).
 */
export function exemptionAnnotations(ruleId: string, reason: string, current: Readonly<Record<string, string>>): Record<string, string> {
  const checks = EXTERNAL_CHECKS[ruleId];
  return checks ? linterExemptionAnnotations(checks, reason, current) : {};
}
