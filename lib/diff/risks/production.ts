/** Any change to an environment the config gives tier `production`. */
import { RiskRule, riskOf } from './types';

const RULE = 'production-change';

export const productionChange: RiskRule = {
  id: RULE,
  summary: 'any object added, removed or changed in a production environment',
  assess: (change, context) =>
    context.environment.production ? [riskOf(change, RULE, 'medium', `${change.action} in production (${context.environment.name})`)] : [],
};
