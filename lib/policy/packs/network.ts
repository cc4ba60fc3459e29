/**
 * The `network` pack: pods accept and open only the connections a NetworkPolicy allows, which holds
 * only if each namespace starts from a default-deny policy.
 */
import { asArray, asObject } from '../json';
import { effectiveNamespace, isKind } from '../objects';
import { perRun } from '../per-run';
import { podSpecsOf } from '../pod-specs';
import { Manifest, ManifestEntry, Pack, Rule } from '../types';

/** Empty podSelector (all pods), both policy types, and no rule that lets anything through. */
function isDefaultDeny(policy: Manifest): boolean {
  const spec = asObject(policy.spec);
  const selector = asObject(spec?.podSelector);
  if (!selector) return false;
  const selectsAll = Object.keys(asObject(selector.matchLabels) ?? {}).length === 0 && asArray(selector.matchExpressions).length === 0;
  const types = asArray(spec?.policyTypes);
  return selectsAll && types.includes('Ingress') && types.includes('Egress') && asArray(spec?.ingress).length === 0 && asArray(spec?.egress).length === 0;
}

function namespacesWithDefaultDeny(all: readonly ManifestEntry[]): ReadonlySet<string> {
  return new Set(
    all
      .map(({ manifest }) => manifest)
      .filter((manifest) => isKind(manifest, ['networking.k8s.io', 'extensions'], 'NetworkPolicy') && isDefaultDeny(manifest))
      .map(effectiveNamespace),
  );
}

const defaultDeny: Rule = {
  id: 'network/default-deny',
  pack: 'network',
  severity: 'error',
  rationale:
    'Kubernetes allows all traffic to and from a pod that no NetworkPolicy selects; a default-deny policy per namespace makes every allowed connection an explicit, reviewed policy.',
  fix: 'Add to the namespace a NetworkPolicy with podSelector: {}, policyTypes: [Ingress, Egress] and no ingress or egress rules, then allow what the pods need in further policies.',
  check: ({ entry, all }) => {
    if (podSpecsOf(entry.manifest).length === 0) return [];
    const namespace = effectiveNamespace(entry.manifest);
    if (perRun(all, namespacesWithDefaultDeny).has(namespace)) return [];
    return [{ path: 'metadata.namespace', message: `namespace ${namespace} runs pods but has no default-deny NetworkPolicy among the checked objects` }];
  },
};

export const networkPack: Pack = {
  name: 'network',
  description: 'Every namespace that runs pods has a default-deny NetworkPolicy.',
  rules: [defaultDeny],
};
