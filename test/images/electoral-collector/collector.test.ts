// collect.sh end to end under dash (Debian's /bin/sh): every scenario.
import { Keys, withWorld } from './helpers';
import { SCENARIOS } from './scenarios';

describe('electoral collector (dash)', () => {
  const keys = Keys.create();
  afterAll(() => keys.dispose());

  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    test.concurrent(name, () => withWorld('dash', keys, undefined, scenario));
  }
});
