/** Every pack and rule the engine knows, looked up by name (the engine, the CLI and `suppress()` use it). */
import { RULE_PACKS } from './packs';
import { schemaPack } from './schema';
import { Pack, Rule } from './types';

/** Every pack, schema first: a schema error often explains the findings of other rules. */
export const ALL_PACKS: readonly Pack[] = [schemaPack, ...RULE_PACKS];

export function packNamed(name: string): Pack | undefined {
  return ALL_PACKS.find((pack) => pack.name === name);
}

export function ruleNamed(id: string): Rule | undefined {
  return ALL_PACKS.flatMap((pack) => pack.rules).find((rule) => rule.id === id);
}
