/**
 * The fresh-machine rule for suites that need a system tool, root or a private mount namespace:
 * where the requirement is met the suite runs; where it is not, the suite is skipped and recorded,
 * and `test/reporters/skipped-requirements.js` names it at the end of the run with the install
 * line. Under `CI=true` a missing requirement fails the suite instead, so CI can never go green
 * by skipping what it was meant to run.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** Something a suite needs from the machine, and how to get it. */
export interface Requirement {
  /** The executable's name, or a capability's description. */
  readonly name: string;
  /** What makes it present; by default an executable file of that name on PATH or in an sbin folder. */
  readonly present?: () => boolean;
  /** How to get it, shown in the summary and in CI's failure. */
  readonly install: string;
}

const SBIN_FOLDERS = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

/** The path of an executable file named `name` on PATH (then sbin folders), or undefined. */
export function findExecutable(name: string): string | undefined {
  const folders = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...SBIN_FOLDERS];
  for (const folder of folders) {
    const candidate = path.join(folder, name);
    try {
      if (fs.statSync(candidate).isFile()) {
        fs.accessSync(candidate, fs.constants.X_OK);
        return candidate;
      }
    } catch {
      // not here (or not executable): look further
    }
  }
  return undefined;
}

/** Like findExecutable, but for a suite that has already checked its requirements. */
export function executable(name: string): string {
  const found = findExecutable(name);
  if (!found) throw new Error(`${name} is not installed`);
  return found;
}

function canUnshareMountNamespace(): boolean {
  const unshare = findExecutable('unshare');
  if (!unshare) return false;
  try {
    execFileSync(unshare, ['-m', 'true'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/** The requirements our suites use. */
export const tool = {
  busybox: { name: 'busybox', install: 'apt-get install -y busybox' },
  nginx: { name: 'nginx', install: 'apt-get install -y nginx-light' },
  promtool: { name: 'promtool', install: 'apt-get install -y --no-install-recommends prometheus' },
  mariadb: { name: 'mariadbd', install: 'apt-get install -y --no-install-recommends mariadb-server mariadb-client' },
  openssl: { name: 'openssl', install: 'apt-get install -y openssl' },
  root: {
    name: 'root (uid 0)',
    present: () => process.getuid?.() === 0,
    install: 'run the tests as root (CI does)',
  },
  mountNamespace: {
    name: 'a private mount namespace (unshare -m)',
    present: canUnshareMountNamespace,
    install: 'run the tests as root with util-linux installed (apt-get install -y util-linux mount)',
  },
} satisfies Record<string, Requirement>;

/** The requirements of `needs` that this machine does not meet. */
export function missingRequirements(needs: readonly Requirement[]): Requirement[] {
  return needs.filter((need) => !(need.present ? need.present() : findExecutable(need.name) !== undefined));
}

/** True when a missing requirement must fail the run rather than skip (CI sets CI=true). */
export function requirementsAreMandatory(): boolean {
  return /^(1|true|yes)$/i.test(process.env.CI ?? '');
}

function recordSkip(suite: string, missing: readonly Requirement[]): void {
  const folder = process.env.SKIPPED_REQUIREMENTS_DIR;
  if (!folder) return;
  const record = { suite, missing: missing.map(({ name, install }) => ({ name, install })) };
  const file = path.join(folder, `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(record));
}

/**
 * `describe(suite, body)` when every requirement is met; otherwise a skipped suite recorded for the
 * end-of-run summary, or (under CI=true) a suite with one failing test that names what is missing.
 */
export function describeWithTools(suite: string, needs: readonly Requirement[], body: () => void): void {
  const missing = missingRequirements(needs);
  if (missing.length === 0) {
    describe(suite, body);
    return;
  }
  const list = missing.map((need) => `${need.name} (${need.install})`).join(', ');
  if (requirementsAreMandatory()) {
    describe(suite, () => {
      test('has what it needs from the machine', () => {
        throw new Error(`CI=true and this suite cannot run: missing ${list}`);
      });
    });
    return;
  }
  recordSkip(suite, missing);
  // The body is not even collected: it may start servers or build fixtures that need the tool.
  describe(suite, () => {
    test.skip(`skipped: missing ${list}`, () => undefined);
  });
}
