/**
 * `suppress(scope, ruleId, reason)`: the one way a construct declares that a policy rule does not
 * apply to it (after cdk-nag's NagSuppressions). The suppression is stored in the construct's
 * metadata and covers every ApiObject at or under `scope`; the gate reads it back.
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ruleNamed } from './engine';
import { Suppression, isRefusedRule, packOfRule } from './suppressions';

const METADATA_TYPE = 'policy.platform/suppression';

interface SuppressionMetadata {
  readonly ruleId: string;
  readonly reason: string;
}

/**
 * Suppresses `ruleId` for every ApiObject at or under `scope`. Findings stay visible in reports,
 * marked with `reason`. An empty reason, or a suppression that matches no finding, is reported by
 * the gate.
 *
 * @throws Error when `ruleId` is not a rule, or belongs to a pack that cannot be suppressed
 * (pss-baseline, pss-restricted, workload, secrets).
 */
export function suppress(scope: IConstruct, ruleId: string, reason: string): void {
  if (!ruleNamed(ruleId)) {
    throw new Error(`${scope.node.path}: cannot suppress "${ruleId}": there is no such rule (rule ids are <pack>/<name>, listed in lib/policy/README.md)`);
  }
  if (isRefusedRule(ruleId)) {
    throw new Error(
      `${scope.node.path}: suppressing "${ruleId}" is refused: the ${packOfRule(ruleId)} pack cannot be suppressed; change the object so it passes`,
    );
  }
  const data: SuppressionMetadata = { ruleId, reason };
  scope.node.addMetadata(METADATA_TYPE, data);
}

/** A `suppress()` call found in a construct tree, with the scope it was made on. */
export interface ScopedSuppression extends Suppression {
  readonly scope: IConstruct;
  /** The ApiObjects the suppression covers. */
  readonly apiObjects: readonly ApiObject[];
}

/** Every suppression declared on the given constructs, their ancestors or their descendants. */
export function suppressionsIn(roots: readonly IConstruct[]): ScopedSuppression[] {
  const scopes = new Set<IConstruct>();
  for (const root of roots) {
    for (const construct of [...root.node.scopes, ...root.node.findAll()]) scopes.add(construct);
  }
  return [...scopes].flatMap((scope) =>
    scope.node.metadata
      .filter((entry) => entry.type === METADATA_TYPE)
      .map((entry) => toSuppression(scope, entry.data as SuppressionMetadata)),
  );
}

function toSuppression(scope: IConstruct, { ruleId, reason }: SuppressionMetadata): ScopedSuppression {
  const scopePath = scope.node.path;
  return {
    ruleId,
    reason,
    scope,
    apiObjects: scope.node.findAll().filter((construct): construct is ApiObject => ApiObject.isApiObject(construct)),
    origin: { kind: 'Construct', name: scope.node.id || '(app)', source: { constructPath: scopePath }, path: '' },
    covers: (entry) => {
      const path = entry.source.constructPath;
      return path !== undefined && (scopePath === '' || path === scopePath || path.startsWith(`${scopePath}/`));
    },
  };
}
