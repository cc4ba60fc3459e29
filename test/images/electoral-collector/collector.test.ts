// collect.sh end to end under dash (Debian's /bin/sh): every scenario that needs neither root nor
// a mount namespace (those are in collector-mounts.test.ts).
import { describeWithTools, tool } from '../../helpers/system-tools';
import { Keys, SCENARIO_TIMEOUT_MS, withWorld } from './helpers';
import { INTEGRITY_SCENARIOS } from './integrity-scenarios';
import { METRICS_SCENARIOS } from './metrics-scenarios';
import { OFFSITE_SCENARIOS } from './offsite-scenarios';
import { RUNTIME_SCENARIOS } from './runtime-scenarios';
import { SCENARIOS } from './scenarios';

describeWithTools('electoral collector (dash)', [tool.openssl], () => {
  const keys = Keys.create();
  afterAll(() => keys.dispose());

  const all = { ...SCENARIOS, ...INTEGRITY_SCENARIOS, ...METRICS_SCENARIOS, ...OFFSITE_SCENARIOS, ...RUNTIME_SCENARIOS };
  for (const [name, scenario] of Object.entries(all)) {
    test.concurrent(name, () => withWorld('dash', keys, undefined, scenario), SCENARIO_TIMEOUT_MS);
  }
});
