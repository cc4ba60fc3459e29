/**
 * Every rule pack by name, in the order reports list them. The `schema` pack is not here: the
 * engine adds it (see ../engine.ts), since it needs the schema loaders rather than plain rules.
 */
import { Pack } from '../types';
import { apiVersionsPack } from './api-versions';
import { cronJobPack } from './cronjob';
import { identityPack } from './identity';
import { ingressPack } from './ingress';
import { networkPack } from './network';
import { pssBaselinePack, pssRestrictedPack } from './pss';
import { secretsPack } from './secrets';
import { workloadPack } from './workload';

export const RULE_PACKS: readonly Pack[] = [
  identityPack,
  pssBaselinePack,
  pssRestrictedPack,
  workloadPack,
  cronJobPack,
  networkPack,
  ingressPack,
  secretsPack,
  apiVersionsPack,
];

/**
 * Packs our constructs must pass without exception: suppressing one of their rules is refused, at
 * synth (`suppress()` throws) and in the CLI (the annotation is reported as an error).
 */
export const UNSUPPRESSIBLE_PACKS: ReadonlySet<string> = new Set(['identity', 'pss-baseline', 'pss-restricted', 'workload', 'secrets']);
