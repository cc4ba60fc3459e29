/**
 * A NetworkPolicy that widens: a rule allowing a peer or a port the previous version did not (a
 * /16 replacing a /24 inside it widens; a removed peer does not), a policy applied to more pods,
 * a direction no longer isolated, or a policy removed whose pods no other policy isolates.
 */
import { ObjectChange } from '../compare';
import { describePorts, portSetCovers } from '../../network-graph/ports';
import { Direction, ParsedNetworkPolicy, PolicyRule, isNetworkPolicy, parseNetworkPolicy } from '../../network-graph/policies';
import { describePeer, peerCovers, selectorCovers } from './selectors';
import { Risk, RiskContext, RiskRule, riskOf } from './types';

const RULE = 'network-policy-widens';
const DIRECTIONS: readonly Direction[] = ['ingress', 'egress'];

export const networkPolicyWidens: RiskRule = {
  id: RULE,
  summary: 'a NetworkPolicy allows a new peer or port, a broader CIDR, more pods, or stops isolating them',
  assess(change, context) {
    const manifest = change.after ?? change.before!;
    if (!isNetworkPolicy(manifest)) return [];
    const before = change.before ? parseNetworkPolicy(change.before) : undefined;
    const after = change.after ? parseNetworkPolicy(change.after) : undefined;
    if (!after) return removedPolicyWidens(change, before!, context);
    const messages: string[] = [];
    if (before && !selectorCovers(before.podSelector, after.podSelector)) {
      messages.push(`applies to pods it did not select before (podSelector ${JSON.stringify(after.podSelector)})`);
    }
    for (const direction of DIRECTIONS) {
      const rules = after[direction];
      if (rules === undefined) {
        if (before?.[direction] !== undefined)
          messages.push(`no longer isolates ${direction}: its pods fall back to other policies, or to allowing everything`);
        continue;
      }
      for (const rule of rules) {
        for (const peer of rule.peers) {
          if (!isAllowedBy(before?.[direction], peer, rule, after.namespace)) {
            messages.push(`${direction} now allows ${describePeer(peer)} on ${describePorts(rule.ports).join(', ')}`);
          }
        }
      }
    }
    const verb = before ? 'widens' : 'is new and widens';
    return messages.map((message) => riskOf(change, RULE, 'high', `${verb}: ${message}`));
  },
};

function isAllowedBy(
  previous: readonly PolicyRule[] | undefined,
  peer: PolicyRule['peers'][number],
  rule: PolicyRule,
  namespace: string,
): boolean {
  return (previous ?? []).some(
    (old) => portSetCovers(old.ports, rule.ports) && old.peers.some((oldPeer) => peerCovers(oldPeer, peer, namespace)),
  );
}

/** Removing a policy narrows, unless its pods are left with no policy isolating a direction (then they accept everything). */
function removedPolicyWidens(change: ObjectChange, removed: ParsedNetworkPolicy, context: RiskContext): Risk[] {
  const remaining = [...context.head.values()]
    .filter((object) => isNetworkPolicy(object.manifest))
    .map((object) => parseNetworkPolicy(object.manifest))
    .filter((policy) => policy.namespace === removed.namespace);
  return DIRECTIONS.filter(
    (direction) =>
      removed[direction] !== undefined &&
      !remaining.some((policy) => policy[direction] !== undefined && selectorCovers(policy.podSelector, removed.podSelector)),
  ).map((direction) =>
    riskOf(
      change,
      RULE,
      'high',
      `removal widens: no remaining policy isolates ${direction} of the pods it selected, so they accept any ${direction} traffic`,
    ),
  );
}
