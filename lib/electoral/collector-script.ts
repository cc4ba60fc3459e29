import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

const SCRIPT = join('images', 'electoral-collector', 'collect.sh');

/**
 * Where the collector script lives in the repository. Found upward from this module, which runs
 * from lib/electoral/ under jest and from build/ in the synth bundle: a fixed `../..` fits only one.
 */
export function defaultCollectorScriptPath(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, SCRIPT);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`the electoral collector script (${SCRIPT}) is not in any folder above ${__dirname}`);
  }
}
