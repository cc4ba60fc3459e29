/**
 * Suppressions as the engine applies them, wherever they were declared: with `suppress()` on a
 * construct at synth, or as a `policy.platform/suppress.<pack>.<rule>: <reason>` annotation on an
 * object (hand-written YAML in the CLI). A suppression needs a reason, must match a finding, and
 * cannot cover the packs our constructs must pass; each breach is a finding of its own.
 */
import { UNSUPPRESSIBLE_PACKS } from './packs';
import { childPath } from './json';
import { annotationsOf, identify } from './objects';
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
