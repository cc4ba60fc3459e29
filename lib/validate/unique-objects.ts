import type { IConstruct } from 'constructs';
import { propError } from '../errors';

/** Object names claimed per app (the construct tree's root): `<kind>/<namespace>/<name>` -> construct path. */
const CLAIMED = new WeakMap<IConstruct, Map<string, string>>();

/**
 * Two objects of one kind and name in one namespace (or, `namespace` undefined, cluster-wide) are
 * one object to the API server: the second overwrites the first. Refused at construction, naming
 * the construct path that already has the name; the policy gate's identity rule is the backstop.
 */
export function claimObjectName(scope: IConstruct, prop: string, kind: string, namespace: string | undefined, name: string): void {
  const root = scope.node.root;
  const claimed = CLAIMED.get(root) ?? new Map<string, string>();
  CLAIMED.set(root, claimed);
  const key = `${kind}/${namespace ?? ''}/${name}`;
  const other = claimed.get(key);
  if (other !== undefined && other !== scope.node.path) {
    const where = namespace === undefined ? 'in the cluster' : `in namespace "${namespace}"`;
    throw propError(scope, prop, name, `a name no other ${kind} uses ${where} (${other} has it)`);
  }
  claimed.set(key, scope.node.path);
}
