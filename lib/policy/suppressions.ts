/**
 * Suppressions, the one module for them: declared with `suppress()` on a construct at synth, or as
 * a `policy.platform/suppress.<pack>.<rule>: <reason>` annotation on an object (hand-written YAML
 * in the CLI); applied to findings by the engine; written back onto the objects by the gate
 * (external linters' exemptions before the run, the suppression annotation after it). A
 * suppression needs a reason, must match a finding, and cannot cover the packs our constructs must
 * pass; each breach is a finding of its own.
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ruleNamed } from './catalogue';
import { exemptionAnnotations } from './external-linters';
import { childPath } from './json';
import { annotationsOf, identify } from './objects';
import { UNSUPPRESSIBLE_PACKS } from './packs';
import { Finding, ManifestEntry, ManifestSource, RuleDescription } from './types';

/**
 * Annotation prefix for suppressions in YAML. Annotation names may not contain `/`, so the rule id
 * `network/default-deny` is written `policy.platform/suppress.network.default-deny`.
 */
export const SUPPRESSION_ANNOTATION_PREFIX = 'policy.platform/suppress.';

/** The annotation key that suppresses `ruleId` (`<pack>/<name>`). */
export function suppressionAnnotationKey(ruleId: string): string {
  return `${SUPPRESSION_ANNOTATION_PREFIX}${ruleId.replace('/', '.')}`;
}

/**
 * The rule id an annotation key suppresses: the pack is up to the first dot (pack names have none).
 * The literal `<prefix><pack>/<rule>` form is read as well, for YAML that is never applied.
 */
function ruleIdOfAnnotationKey(key: string): string {
  const rest = key.slice(SUPPRESSION_ANNOTATION_PREFIX.length);
  const dot = rest.indexOf('.');
  return dot < 0 ? rest : `${rest.slice(0, dot)}/${rest.slice(dot + 1)}`;
}

export function packOfRule(ruleId: string): string {
  const slash = ruleId.indexOf('/');
  return slash < 0 ? ruleId : ruleId.slice(0, slash);
}

/** What a finding about a suppression itself names as its object. */
export interface SuppressionOrigin {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly source: ManifestSource;
  /** Where in the object it was declared (the annotation), empty for a construct. */
  readonly path: string;
}

export interface Suppression {
  readonly ruleId: string;
  readonly reason: string;
  readonly origin: SuppressionOrigin;
  /** True when the suppression applies to findings about this object. */
  covers(entry: ManifestEntry): boolean;
}

/** The suppressions an object declares in its own annotations; each covers only that object. */
export function annotationSuppressions(entry: ManifestEntry): Suppression[] {
  const identity = identify(entry.manifest);
  return Object.entries(annotationsOf(entry.manifest))
    .filter(([key]) => key.startsWith(SUPPRESSION_ANNOTATION_PREFIX))
    .map(([key, reason]) => ({
      ruleId: ruleIdOfAnnotationKey(key),
      reason,
      origin: {
        kind: identity.kind,
        name: identity.name,
        ...(identity.namespace ? { namespace: identity.namespace } : {}),
        source: entry.source,
        path: childPath('metadata.annotations', key),
      },
      covers: (candidate) => candidate === entry,
    }));
}

export function isRefusedRule(ruleId: string): boolean {
  return UNSUPPRESSIBLE_PACKS.has(packOfRule(ruleId));
}

const withoutReason: RuleDescription = {
  id: 'policy/suppression-without-reason',
  pack: 'policy',
  severity: 'error',
  rationale: 'A suppression is a decision someone must be able to review later; without a reason it cannot be.',
  fix: 'Give the suppression a reason that says why the rule does not apply here.',
};

const unused: RuleDescription = {
  id: 'policy/unused-suppression',
  pack: 'policy',
  severity: 'warning',
  rationale: 'A suppression that matches no finding is stale (the problem was fixed) or misspelt, and would silently hide a future problem.',
  fix: 'Remove the suppression, or correct its rule id.',
};

const refused: RuleDescription = {
  id: 'policy/refused-suppression',
  pack: 'policy',
  severity: 'error',
  rationale: `The ${[...UNSUPPRESSIBLE_PACKS].join(', ')} packs state what every workload must satisfy; they cannot be suppressed.`,
  fix: 'Fix the object instead of suppressing the rule.',
};

/** The engine's own rules about suppressions, for the report's catalogue. */
export const SUPPRESSION_RULES: readonly RuleDescription[] = [withoutReason, unused, refused];

/** What the engine knows about the run when it judges suppressions. */
export interface SuppressionContext {
  /** The object each finding is about. */
  readonly entryOf: ReadonlyMap<Finding, ManifestEntry>;
  /** Packs that ran: a suppression for a pack left out with `--pack` is not unused. */
  readonly ranPacks: ReadonlySet<string>;
  /** Every rule id there is, to tell a misspelt rule id from an unused suppression. */
  readonly knownRuleIds: ReadonlySet<string>;
}

/**
 * Marks the findings that a valid suppression covers and adds findings about the suppressions that
 * have no reason, are refused, name no rule, or match nothing.
 */
export function applySuppressions(findings: readonly Finding[], suppressions: readonly Suppression[], context: SuppressionContext): Finding[] {
  const { entryOf, ranPacks, knownRuleIds } = context;
  // Indexed by rule: a CLI run can carry a suppression annotation on every object.
  const validByRule = new Map<string, Suppression[]>();
  for (const suppression of suppressions) {
    if (suppression.reason.trim() === '' || isRefusedRule(suppression.ruleId)) continue;
    validByRule.set(suppression.ruleId, [...(validByRule.get(suppression.ruleId) ?? []), suppression]);
  }
  const used = new Set<Suppression>();
  const marked = findings.map((finding) => {
    const entry = entryOf.get(finding);
    const suppression = entry && validByRule.get(finding.ruleId)?.find((candidate) => candidate.covers(entry));
    if (!suppression) return finding;
    used.add(suppression);
    return { ...finding, suppressedBecause: suppression.reason.trim() };
  });
  const about = (rule: RuleDescription, suppression: Suppression, message: string): Finding => ({
    ruleId: rule.id,
    severity: rule.severity,
    kind: suppression.origin.kind,
    name: suppression.origin.name,
    ...(suppression.origin.namespace ? { namespace: suppression.origin.namespace } : {}),
    source: suppression.origin.source,
    path: suppression.origin.path,
    message,
    fix: rule.fix,
  });
  const problems = suppressions.flatMap((suppression): Finding[] => {
    if (isRefusedRule(suppression.ruleId)) {
      return [about(refused, suppression, `suppressing ${suppression.ruleId} is refused: the ${packOfRule(suppression.ruleId)} pack cannot be suppressed`)];
    }
    if (suppression.reason.trim() === '') return [about(withoutReason, suppression, `the suppression of ${suppression.ruleId} has no reason`)];
    if (!knownRuleIds.has(suppression.ruleId)) return [about(unused, suppression, `the suppression names ${suppression.ruleId}, which is not a rule`)];
    if (!used.has(suppression) && ranPacks.has(packOfRule(suppression.ruleId))) {
      return [about(unused, suppression, `the suppression of ${suppression.ruleId} matches no finding`)];
    }
    return [];
  });
  return [...marked, ...problems];
}

// ---------------------------------------------------------------------------------------------
// suppress(): declared on constructs
// ---------------------------------------------------------------------------------------------

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

/**
 * Before the run: the external linters' exemption annotations for each suppression with a reason,
 * on every object it covers (so Polaris, kube-linter and kube-score agree with the gate).
 */
export function writeLinterExemptions(suppressions: readonly ScopedSuppression[]): void {
  for (const suppression of suppressions) {
    if (suppression.reason.trim() === '') continue;
    for (const apiObject of suppression.apiObjects) {
      const current = annotationsOf({ metadata: apiObject.metadata.toJson() });
      const annotations = exemptionAnnotations(suppression.ruleId, suppression.reason.trim(), current);
      for (const [key, value] of Object.entries(annotations)) apiObject.metadata.addAnnotation(key, value);
    }
  }
}

/**
 * After the run: the suppression annotation on each object where a `suppress()` actually
 * suppressed a finding, so that `npm run check` on dist/ agrees with the gate.
 */
export function mirrorSuppressions(findings: readonly Finding[], suppressions: readonly ScopedSuppression[]): void {
  const byPath = new Map<string, ApiObject>(suppressions.flatMap((suppression) => suppression.apiObjects.map((o) => [o.node.path, o] as const)));
  for (const finding of findings) {
    const path = finding.source.constructPath;
    const apiObject = path === undefined ? undefined : byPath.get(path);
    if (finding.suppressedBecause === undefined || !apiObject) continue;
    const declared = suppressions.some((suppression) => suppression.ruleId === finding.ruleId && suppression.apiObjects.includes(apiObject));
    if (declared) apiObject.metadata.addAnnotation(suppressionAnnotationKey(finding.ruleId), finding.suppressedBecause);
  }
}
