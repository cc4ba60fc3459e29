/**
 * The contract every policy rule implements. Rules are small typed units grouped in packs; the
 * engine runs them over plain manifests, so the same rules judge our synth and any YAML in the CLI.
 */
import type { JsonObject } from '../json-object';

/** A Kubernetes object as plain JSON (what `ApiObject.toJson()` or a YAML parser gives). */
export type Manifest = JsonObject;

export type Severity = 'error' | 'warning';

/** Where a manifest came from: a construct at synth time, a file and line in the CLI. */
export interface ManifestSource {
  readonly constructPath?: string;
  readonly file?: string;
  /** 1-based line where the document starts. */
  readonly line?: number;
}

export interface ManifestEntry {
  readonly manifest: Manifest;
  readonly source: ManifestSource;
}

/** What a rule sees: the object under check, every object of the same run, and the target version. */
export interface RuleContext {
  readonly entry: ManifestEntry;
  readonly all: readonly ManifestEntry[];
  /** Target Kubernetes version, `MAJOR.MINOR`. */
  readonly k8sVersion: string;
}

/** One problem a rule found in one object. */
export interface Violation {
  /** JSON-path-like location, e.g. `spec.template.spec.containers[0].securityContext.privileged`. */
  readonly path: string;
  readonly message: string;
  /**
   * Overrides the rule's severity for this one violation. Rules use it to downgrade to a warning
   * what they cannot verify, e.g. a reference to an object that is not part of a partial CLI run.
   */
  readonly severity?: Severity;
}

/** What reports and catalogues show about a rule; also describes findings the engine itself makes. */
export interface RuleDescription {
  /** Stable identifier, `<pack>/<name>`, used by suppressions and reports. */
  readonly id: string;
  readonly pack: string;
  readonly severity: Severity;
  /** Why the rule exists, one or two sentences. */
  readonly rationale: string;
  /** How to fix a violation. */
  readonly fix: string;
}

export interface Rule extends RuleDescription {
  /** Returns the violations of `ctx.entry` (empty when it passes or the rule does not apply). */
  check(ctx: RuleContext): readonly Violation[];
}

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly source: ManifestSource;
  readonly path: string;
  readonly message: string;
  readonly fix: string;
  /** Set when a suppression covers the finding; suppressed findings stay visible in reports. */
  readonly suppressedBecause?: string;
}

/** A named group of rules, selectable with `--pack` in the CLI. */
export interface Pack {
  readonly name: string;
  readonly description: string;
  readonly rules: readonly Rule[];
}
