// collect.sh end to end with read-only and full volumes: needs root and a private mount namespace
// (unshare -m, nsenter), under dash and under busybox sh. Skipped where those are missing (a
// failure under CI=true), so that a non-root run skips only these.
import { describeWithTools, tool } from '../../helpers/system-tools';
import { BusyboxApplets, Keys, SCENARIO_TIMEOUT_MS, withWorld } from './helpers';
import { MOUNT_SCENARIOS } from './mount-scenarios';

describeWithTools('electoral collector, read-only and full volumes (dash)', [tool.openssl, tool.root, tool.mountNamespace], () => {
  const keys = Keys.create();
  afterAll(() => keys.dispose());
  for (const [name, scenario] of Object.entries(MOUNT_SCENARIOS)) {
    test.concurrent(name, () => withWorld('dash', keys, undefined, scenario), SCENARIO_TIMEOUT_MS);
  }
});

describeWithTools('electoral collector, read-only and full volumes (busybox sh)', [tool.busybox, tool.openssl, tool.root, tool.mountNamespace], () => {
  const bb = BusyboxApplets.create();
  const keys = Keys.create();
  afterAll(() => {
    keys.dispose();
    bb.dispose();
  });
  for (const [name, scenario] of Object.entries(MOUNT_SCENARIOS)) {
    test.concurrent(name, () => withWorld('busybox', keys, bb, scenario), SCENARIO_TIMEOUT_MS);
  }
});
