/**
 * Data at risk: a claim that asks for less storage (the API server refuses to shrink a bound claim),
 * and an object holding data that disappears (a claim, a StatefulSet or one of its claim templates,
 * a Secret of any flavour). An object Argo CD is told not to prune stays in the cluster: flagged lower.
 */
import { ARGOCD_SYNC_OPTIONS_ANNOTATION } from '../../argocd';
import { asArray, asObject, asString } from '../../policy/json';
import { annotationsOf, isKind } from '../../policy/objects';
import { Manifest } from '../../policy/types';
import { quantityValue } from '../../quantity';
import { RiskRule, riskOf } from './types';

const SHRINKS = 'pvc-shrinks';
const REMOVED = 'data-removed';

/** Kinds whose removal can lose data (group, kind). */
const DATA_HOLDERS: readonly (readonly [string, string])[] = [
  ['', 'PersistentVolumeClaim'],
  ['apps', 'StatefulSet'],
  ['', 'Secret'],
  ['bitnami.com', 'SealedSecret'],
  ['external-secrets.io', 'ExternalSecret'],
];

export const pvcShrinks: RiskRule = {
  id: SHRINKS,
  summary: 'a PersistentVolumeClaim (or a StatefulSet claim template) asks for less storage',
  assess(change) {
    if (change.action !== 'changed') return [];
    const before = claimsOf(change.before!);
    const risks = [];
    for (const [claim, size] of claimsOf(change.after!)) {
      const old = before.get(claim);
      const [oldBytes, newBytes] = [quantityValue(old ?? ''), quantityValue(size)];
      if (old === undefined || oldBytes === undefined || newBytes === undefined || newBytes >= oldBytes) continue;
      risks.push(
        riskOf(change, SHRINKS, 'high', `${claim} shrinks from ${old} to ${size}: a bound claim cannot shrink, the apply is rejected`),
      );
    }
    return risks;
  },
};

export const dataRemoved: RiskRule = {
  id: REMOVED,
  summary: 'an object that holds data (claim, StatefulSet or claim template, Secret, SealedSecret, ExternalSecret) disappears',
  assess(change) {
    if (change.action === 'changed') {
      const remaining = claimsOf(change.after!);
      return [...claimsOf(change.before!).keys()]
        .filter((claim) => !remaining.has(claim) && claim.startsWith('claim template'))
        .map((claim) => riskOf(change, REMOVED, 'high', `${claim} disappears: new pods no longer mount that data`));
    }
    if (change.action !== 'removed') return [];
    const before = change.before!;
    if (!DATA_HOLDERS.some(([group, kind]) => isKind(before, group, kind))) return [];
    const kept = /(^|,)\s*Prune=false\s*(,|$)/.test(annotationsOf(before)[ARGOCD_SYNC_OPTIONS_ANNOTATION] ?? '');
    return [
      kept
        ? riskOf(
            change,
            REMOVED,
            'medium',
            'disappears from dist/; Argo CD keeps it (Prune=false): delete it by hand once its data is safe',
          )
        : riskOf(change, REMOVED, 'high', 'disappears: Argo CD prunes it and the data it holds'),
    ];
  },
};

/** Requested storage by claim: `claim` for a PVC, `claim template <name>` for a StatefulSet. */
function claimsOf(manifest: Manifest): Map<string, string> {
  const claims = new Map<string, string>();
  const storageOf = (spec: unknown): string | undefined => asString(asObject(asObject(asObject(spec)?.resources)?.requests)?.storage);
  if (isKind(manifest, '', 'PersistentVolumeClaim')) claims.set('claim', storageOf(manifest.spec) ?? '');
  if (isKind(manifest, 'apps', 'StatefulSet')) {
    for (const template of asArray(asObject(manifest.spec)?.volumeClaimTemplates)) {
      const parsed = asObject(template);
      claims.set(`claim template ${asString(asObject(parsed?.metadata)?.name) ?? '?'}`, storageOf(parsed?.spec) ?? '');
    }
  }
  return claims;
}
