/** Containment of label selectors and NetworkPolicy peers: does the old rule already allow what the new one does? */
import { asArray, asObject, asStringMap } from '../../policy/json';
import { selectorMatches } from '../../policy/label-selector';
import { NAMESPACE_NAME_LABEL, Peer, namespaceNamedBy } from '../../network-graph/policies';
import { isDeepEqual } from '../changed-paths';
import { cidrContains } from '../ip-ranges';

/**
 * True when every object `inner` selects is also selected by `outer`, judged on the selectors'
 * text: each requirement of `outer` must be one `inner` also makes (a label it pins, or the same
 * expression). Selectors that agree in a way this cannot see count as not contained (flagged).
 */
export function selectorCovers(outer: unknown, inner: unknown): boolean {
  const [a, b] = [asObject(outer) ?? {}, asObject(inner) ?? {}];
  const innerLabels = asStringMap(b.matchLabels);
  const labelsHold = Object.entries(asStringMap(a.matchLabels)).every(([key, value]) => innerLabels[key] === value);
  const innerExpressions = asArray(b.matchExpressions);
  const expressionsHold = asArray(a.matchExpressions).every(
    (expression) =>
      innerExpressions.some((candidate) => isDeepEqual(candidate, expression)) ||
      // `key In (v, ...)` holds for a selector that pins key to one of the values.
      selectorMatches({ matchExpressions: [expression] }, innerLabels),
  );
  return labelsHold && expressionsHold;
}

/** True when `outer` (a peer of the old rule) allows every source or destination `inner` allows, in a policy of `namespace`. */
export function peerCovers(outer: Peer, inner: Peer, namespace: string): boolean {
  if (outer.type === 'all') return true;
  if (inner.type === 'all') return false;
  if (outer.type === 'ipBlock' && inner.type === 'ipBlock') return ipBlockCovers(outer, inner);
  if (outer.type !== 'pods' || inner.type !== 'pods') return false;
  const namespacesHold =
    outer.namespaceSelector === undefined
      ? inner.namespaceSelector === undefined || namespaceNamedBy(inner.namespaceSelector) === namespace
      : inner.namespaceSelector === undefined
        ? selectorMatches(outer.namespaceSelector, { [NAMESPACE_NAME_LABEL]: namespace })
        : selectorCovers(outer.namespaceSelector, inner.namespaceSelector);
  const podsHold = outer.podSelector === undefined || selectorCovers(outer.podSelector, inner.podSelector ?? {});
  return namespacesHold && podsHold;
}

/** `cidr` minus `except`: inner's addresses must lie in outer's range and outside every range outer excepts. */
function ipBlockCovers(outer: Extract<Peer, { type: 'ipBlock' }>, inner: Extract<Peer, { type: 'ipBlock' }>): boolean {
  if (!cidrContains(outer.cidr, inner.cidr)) return false;
  return outer.except.every((excluded) => {
    if (!cidrContains(excluded, inner.cidr) && !cidrContains(inner.cidr, excluded)) return true; // disjoint
    if (cidrContains(excluded, inner.cidr)) return false; // all of inner is excluded by outer
    return inner.except.some((innerExcluded) => cidrContains(innerExcluded, excluded));
  });
}

export function describePeer(peer: Peer): string {
  if (peer.type === 'all') return 'every peer';
  if (peer.type === 'ipBlock') return peer.except.length > 0 ? `${peer.cidr} except ${peer.except.join(', ')}` : peer.cidr;
  const named = peer.namespaceSelector === undefined ? undefined : namespaceNamedBy(peer.namespaceSelector);
  const namespaces =
    peer.namespaceSelector === undefined
      ? 'its namespace'
      : named !== undefined
        ? `namespace ${named}`
        : `namespaces ${JSON.stringify(peer.namespaceSelector)}`;
  return peer.podSelector === undefined ? `every pod of ${namespaces}` : `pods ${JSON.stringify(peer.podSelector)} of ${namespaces}`;
}
