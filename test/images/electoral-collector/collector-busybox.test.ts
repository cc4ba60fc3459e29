// collect.sh end to end under `busybox sh` with busybox applets first in PATH (as in the Alpine
// image), real curl, gpgv and flock. Skipped where busybox is missing (a failure under CI=true).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { describeWithTools, tool } from '../../helpers/system-tools';
import { BusyboxApplets, Keys, SCENARIO_TIMEOUT_MS, withWorld } from './helpers';
import { INTEGRITY_SCENARIOS } from './integrity-scenarios';
import { METRICS_SCENARIOS } from './metrics-scenarios';
import { OFFSITE_SCENARIOS } from './offsite-scenarios';
import { RUNTIME_SCENARIOS } from './runtime-scenarios';
import { BUSYBOX_SCENARIOS, SCENARIOS } from './scenarios';

describeWithTools('electoral collector (busybox sh)', [tool.busybox, tool.openssl], () => {
  const bb = BusyboxApplets.create();
  const keys = Keys.create();
  afterAll(() => {
    keys.dispose();
    bb.dispose();
  });

  test('the busybox applets used by the script are there', () => {
    for (const applet of ['sh', 'awk', 'sed', 'grep', 'od', 'wc', 'sha256sum', 'md5sum', 'mktemp', 'date', 'head', 'tail', 'tr', 'cut', 'cat', 'cp', 'ln', 'mv', 'rm', 'mkdir', 'chmod', 'sleep', 'base64', 'timeout', 'sort', 'ls', 'sync']) {
      expect(bb.applets).toContain(applet);
    }
  });

  test('in the busybox runs, PATH finds busybox applets, and the real curl, gpgv, flock and openssl', () => {
    const resolve = (cmd: string): string =>
      execFileSync(bb.busybox, ['sh', '-c', `readlink -f "$(command -v ${cmd})"`], {
        env: { PATH: `${bb.dir}:${process.env.PATH}` },
        encoding: 'utf8',
      }).trim();
    for (const applet of ['awk', 'sed', 'sha256sum', 'mktemp', 'ls', 'ln', 'mv']) expect(resolve(applet)).toBe(fs.realpathSync(bb.busybox));
    for (const tool of ['curl', 'gpgv', 'flock', 'openssl']) expect(resolve(tool)).not.toBe(fs.realpathSync(bb.busybox));
  });

  for (const name of BUSYBOX_SCENARIOS) {
    const scenario = SCENARIOS[name];
    if (!scenario) throw new Error(`unknown scenario ${name}`);
    test.concurrent(name, () => withWorld('busybox', keys, bb, scenario), SCENARIO_TIMEOUT_MS);
  }
  for (const [name, scenario] of Object.entries({ ...INTEGRITY_SCENARIOS, ...METRICS_SCENARIOS, ...OFFSITE_SCENARIOS, ...RUNTIME_SCENARIOS })) {
    test.concurrent(name, () => withWorld('busybox', keys, bb, scenario), SCENARIO_TIMEOUT_MS);
  }
});
