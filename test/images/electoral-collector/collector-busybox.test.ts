// collect.sh end to end under `busybox sh` with busybox applets first in PATH (as in the Alpine
// image), real curl, gpgv and flock. busybox must be installed: without it these tests fail.
import { BusyboxApplets, Keys, withWorld } from './helpers';
import { BUSYBOX_SCENARIOS, SCENARIOS } from './scenarios';

describe('electoral collector (busybox sh)', () => {
  const bb = BusyboxApplets.create();
  const keys = Keys.create();
  afterAll(() => {
    keys.dispose();
    bb.dispose();
  });

  test('the busybox applets used by the script are there', () => {
    for (const applet of ['sh', 'awk', 'sed', 'grep', 'od', 'wc', 'sha256sum', 'mktemp', 'date', 'head', 'tail', 'tr', 'cut', 'cat', 'cp', 'ln', 'mv', 'rm', 'mkdir', 'chmod', 'sleep']) {
      expect(bb.applets).toContain(applet);
    }
  });

  for (const name of BUSYBOX_SCENARIOS) {
    const scenario = SCENARIOS[name];
    if (!scenario) throw new Error(`unknown scenario ${name}`);
    test.concurrent(name, () => withWorld('busybox', keys, bb, scenario));
  }
});
