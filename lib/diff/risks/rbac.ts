/**
 * RBAC that widens: a Role or ClusterRole granting a verb, resource or resource name (or a `*`) its
 * previous rules did not, and a binding that gains a subject. A new role is judged against nothing.
 */
import { asArray, asObject, asString } from '../../policy/json';
import { isKind } from '../../policy/objects';
import { Manifest } from '../../policy/types';
import { RiskRule, riskOf } from './types';

const RULE = 'rbac-widens';
const RBAC_GROUP = 'rbac.authorization.k8s.io';

interface PolicyRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  /** Empty: every object of the resource. */
  readonly resourceNames: readonly string[];
  readonly nonResourceURLs: readonly string[];
}

export const rbacWidens: RiskRule = {
  id: RULE,
  summary: 'a Role or ClusterRole grants a new verb, resource or resource name (or `*`), or a binding gains a subject',
  assess(change) {
    const manifest = change.after ?? change.before!;
    if (!change.after) return [];
    if (isKind(manifest, RBAC_GROUP, 'Role') || isKind(manifest, RBAC_GROUP, 'ClusterRole')) {
      const previous = change.before ? rulesOf(change.before) : [];
      return rulesOf(change.after).flatMap((rule) => {
        const grants = uncoveredGrants(rule, previous);
        return grants.length === 0
          ? []
          : [riskOf(change, RULE, 'high', `${change.before ? 'widens' : 'is new and grants'}: ${grants.join('; ')}`)];
      });
    }
    if (isKind(manifest, RBAC_GROUP, 'RoleBinding') || isKind(manifest, RBAC_GROUP, 'ClusterRoleBinding')) {
      const previous = new Set((change.before ? subjectsOf(change.before) : []).map((subject) => JSON.stringify(subject)));
      const role = asObject(change.after.roleRef);
      return subjectsOf(change.after)
        .filter((subject) => !previous.has(JSON.stringify(subject)))
        .map((subject) =>
          riskOf(change, RULE, 'high', `widens: ${subject.kind} ${subject.name} now gets ${asString(role?.kind)} ${asString(role?.name)}`),
        );
    }
    return [];
  },
};

function rulesOf(manifest: Manifest): PolicyRule[] {
  const strings = (value: unknown): string[] => asArray(value).filter((item): item is string => typeof item === 'string');
  return asArray(manifest.rules).map((rule) => {
    const parsed = asObject(rule) ?? {};
    return {
      apiGroups: strings(parsed.apiGroups),
      resources: strings(parsed.resources),
      verbs: strings(parsed.verbs),
      resourceNames: strings(parsed.resourceNames),
      nonResourceURLs: strings(parsed.nonResourceURLs),
    };
  });
}

function subjectsOf(manifest: Manifest): { kind: string; name: string; namespace?: string }[] {
  return asArray(manifest.subjects).map((subject) => {
    const parsed = asObject(subject) ?? {};
    const namespace = asString(parsed.namespace);
    return { kind: asString(parsed.kind) ?? '?', name: asString(parsed.name) ?? '?', ...(namespace ? { namespace } : {}) };
  });
}

/** What `rule` grants that no rule of `previous` did, one phrase per verb and resource. */
function uncoveredGrants(rule: PolicyRule, previous: readonly PolicyRule[]): string[] {
  const grants: string[] = [];
  const names = rule.resourceNames.length === 0 ? [undefined] : rule.resourceNames;
  for (const group of rule.apiGroups)
    for (const resource of rule.resources)
      for (const verb of rule.verbs)
        for (const name of names) {
          if (!previous.some((old) => resourceRuleCovers(old, group, resource, verb, name))) {
            grants.push(`${verb} on ${resource}${name === undefined ? '' : ` named ${name}`} (group "${group}")`);
          }
        }
  for (const url of rule.nonResourceURLs)
    for (const verb of rule.verbs) {
      if (!previous.some((old) => matches(old.verbs, verb) && old.nonResourceURLs.some((pattern) => urlCovers(pattern, url)))) {
        grants.push(`${verb} on ${url}`);
      }
    }
  return grants;
}

function resourceRuleCovers(rule: PolicyRule, group: string, resource: string, verb: string, name: string | undefined): boolean {
  const resourceHolds = rule.resources.some((candidate) => resourceCovers(candidate, resource));
  const namesHold = rule.resourceNames.length === 0 || (name !== undefined && rule.resourceNames.includes(name));
  return matches(rule.apiGroups, group) && resourceHolds && matches(rule.verbs, verb) && namesHold;
}

/** `*` covers all; the API server also reads `pods/*` (every subresource of pods) and `*\/scale` (one subresource of all). */
function resourceCovers(pattern: string, resource: string): boolean {
  if (pattern === '*' || pattern === resource) return true;
  const [patternResource, patternSub] = pattern.split('/');
  const [resourceName, resourceSub] = resource.split('/');
  if (patternSub === undefined || resourceSub === undefined) return false;
  return (
    (patternSub === '*' && patternResource === resourceName && resourceSub !== '*') ||
    (patternResource === '*' && patternSub === resourceSub)
  );
}

function matches(list: readonly string[], value: string): boolean {
  return list.includes('*') || list.includes(value);
}

function urlCovers(pattern: string, url: string): boolean {
  return pattern === url || (pattern.endsWith('*') && url.startsWith(pattern.slice(0, -1)) && !url.endsWith('*')) || pattern === '*';
}
