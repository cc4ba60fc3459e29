import { ObjectChange } from '../compare';
import { ObjectSet } from '../objects';

/** high: can break the sync, lose data or open access; medium: worth a second look; low: for the record. */
export type RiskLevel = 'high' | 'medium' | 'low';

export interface Risk {
  readonly rule: string;
  readonly level: RiskLevel;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly message: string;
}

export interface DiffEnvironment {
  readonly name: string;
  /** From the environment config (tier `production`): every change there is flagged. */
  readonly production: boolean;
}

export interface RiskContext {
  readonly environment: DiffEnvironment;
  readonly base: ObjectSet;
  readonly head: ObjectSet;
}

/** One risk rule: the risks one object change carries. */
export interface RiskRule {
  readonly id: string;
  /** What the rule flags, for the README and the Markdown legend. */
  readonly summary: string;
  assess(change: ObjectChange, context: RiskContext): Risk[];
}

export function riskOf(change: ObjectChange, rule: string, level: RiskLevel, message: string): Risk {
  return {
    rule,
    level,
    kind: change.kind,
    ...(change.namespace === undefined ? {} : { namespace: change.namespace }),
    name: change.name,
    message,
  };
}
