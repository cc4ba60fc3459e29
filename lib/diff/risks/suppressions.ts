/**
 * A suppression added or removed: the policy gate's own annotation and the external linters'
 * exemptions (Polaris, kube-linter, each kube-score id). Added ones silence a check; removed ones
 * bring it back (for the record).
 */
import { KUBE_SCORE_IGNORE } from '../../policy/external-linters';
import { annotationsOf } from '../../policy/objects';
import { SUPPRESSION_ANNOTATION_PREFIX } from '../../policy/suppressions';
import { Manifest } from '../../policy/types';
import { Risk, RiskRule, riskOf } from './types';

const ADDED = 'suppression-added';
const REMOVED = 'suppression-removed';

export const suppressionAdded: RiskRule = {
  id: ADDED,
  summary: 'a policy suppression or an external linter exemption is added',
  assess: (change) => differences(change.after, change.before).map((entry) => riskOf(change, ADDED, 'medium', `adds ${entry}`)),
};

export const suppressionRemoved: RiskRule = {
  id: REMOVED,
  summary: 'a policy suppression or an external linter exemption is removed from an object that stays',
  assess: (change): Risk[] =>
    change.action !== 'changed'
      ? []
      : differences(change.before, change.after).map((entry) => riskOf(change, REMOVED, 'low', `removes ${entry}`)),
};

/** Suppressions in `manifest` that `other` lacks (or has with another reason). */
function differences(manifest: Manifest | undefined, other: Manifest | undefined): string[] {
  const theirs = new Set(suppressionsOf(other));
  return suppressionsOf(manifest).filter((entry) => !theirs.has(entry));
}

function suppressionsOf(manifest: Manifest | undefined): string[] {
  if (!manifest) return [];
  const entries: string[] = [];
  for (const [key, value] of Object.entries(annotationsOf(manifest))) {
    if (key === KUBE_SCORE_IGNORE)
      entries.push(
        ...value
          .split(',')
          .map((id) => id.trim())
          .filter((id) => id !== '')
          .map((id) => `kube-score exemption ${id}`),
      );
    else if (key.startsWith(SUPPRESSION_ANNOTATION_PREFIX)) entries.push(`suppression ${key}: ${JSON.stringify(value)}`);
    else if (/^polaris\.fairwinds\.com\/.+-exempt$/.test(key) && value === 'true') entries.push(`Polaris exemption ${key}`);
    else if (key.startsWith('ignore-check.kube-linter.io/')) entries.push(`kube-linter exemption ${key}: ${JSON.stringify(value)}`);
  }
  return entries.sort();
}
