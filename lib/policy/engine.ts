/**
 * Runs packs over manifests: the one mechanism behind the synth-time gate and the CLI. It knows
 * nothing of constructs or files; both callers hand it plain manifests with their source.
 */
import { ALL_PACKS } from './catalogue';
import { identify } from './objects';
import { SUPPRESSION_RULES, Suppression, annotationSuppressions, applySuppressions } from './suppressions';
import { Finding, ManifestEntry, Pack, Rule, RuleDescription, Violation } from './types';

export { ALL_PACKS, packNamed, ruleNamed } from './catalogue';

const KNOWN_RULE_IDS: ReadonlySet<string> = new Set(ALL_PACKS.flatMap((pack) => pack.rules.map((rule) => rule.id)));

export interface PolicyRunOptions {
  /** Target Kubernetes version, `MAJOR.MINOR`. */
  readonly k8sVersion: string;
  /** @default ALL_PACKS */
  readonly packs?: readonly Pack[];
  /**
   * Suppressions declared outside the manifests (with `suppress()` on constructs). Suppression
   * annotations on the manifests are always honoured as well.
   * @default none
   */
  readonly suppressions?: readonly Suppression[];
  /**
   * Leaves out annotation suppressions that merely mirror one of `suppressions` (the gate writes
   * those annotations for the CLI; counting them again would report them as unused).
   * @default () => false
   */
  readonly isMirrored?: (suppression: Suppression, entry: ManifestEntry) => boolean;
}

export interface PolicyResult {
  /** In run order: objects in input order, then packs and rules in catalogue order; suppression findings last. */
  readonly findings: readonly Finding[];
  /** The rules that ran, plus the engine's suppression rules: the catalogue a report lists. */
  readonly rules: readonly RuleDescription[];
  readonly objectCount: number;
}

export function runPolicy(entries: readonly ManifestEntry[], options: PolicyRunOptions): PolicyResult {
  const packs = options.packs ?? ALL_PACKS;
  const rules = packs.flatMap((pack) => pack.rules);
  const findings: Finding[] = [];
  const entryOf = new Map<Finding, ManifestEntry>();
  for (const entry of entries) {
    for (const rule of rules) {
      for (const violation of violationsOf(rule, entry, entries, options.k8sVersion)) {
        const finding = toFinding(rule, entry, violation);
        findings.push(finding);
        entryOf.set(finding, entry);
      }
    }
  }
  const isMirrored = options.isMirrored ?? (() => false);
  const suppressions = [
    ...(options.suppressions ?? []),
    ...entries.flatMap((entry) => annotationSuppressions(entry).filter((suppression) => !isMirrored(suppression, entry))),
  ];
  return {
    findings: applySuppressions(findings, suppressions, {
      entryOf,
      ranPacks: new Set(packs.map((pack) => pack.name)),
      knownRuleIds: KNOWN_RULE_IDS,
    }),
    rules: [...rules, ...SUPPRESSION_RULES],
    objectCount: entries.length,
  };
}

/** A rule that throws on odd input becomes an error finding instead of ending the whole run. */
function violationsOf(rule: Rule, entry: ManifestEntry, all: readonly ManifestEntry[], k8sVersion: string): readonly Violation[] {
  try {
    return rule.check({ entry, all, k8sVersion });
  } catch (error) {
    return [{ path: '', message: `the rule failed on this object: ${error instanceof Error ? error.message : String(error)}`, severity: 'error' }];
  }
}

function toFinding(rule: Rule, entry: ManifestEntry, violation: Violation): Finding {
  const identity = identify(entry.manifest);
  return {
    ruleId: rule.id,
    severity: violation.severity ?? rule.severity,
    kind: identity.kind,
    ...(identity.namespace ? { namespace: identity.namespace } : {}),
    name: identity.name,
    source: entry.source,
    path: violation.path,
    message: violation.message,
    fix: rule.fix,
  };
}
