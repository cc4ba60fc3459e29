// CLI entry of `npm run seal` (bundled to build/seal.js); everything else is in lib/secrets/seal-cli.ts.
import { readFileSync } from 'node:fs';
import { ENVIRONMENTS } from './environments';
import { repositoryRoot } from './lib/secrets';
import { runSeal, SealEnvironment } from './lib/secrets/seal-cli';
import { declaredSecrets } from './main';

const environments: SealEnvironment[] = ENVIRONMENTS.map((env) => ({
  name: env.name,
  secrets: env.secrets,
  // Composed only for the environment the command names.
  get declared() {
    return declaredSecrets(env);
  },
}));

process.exitCode = runSeal(process.argv.slice(2), environments, {
  readStdin: () => readFileSync(0),
  stdinIsTerminal: process.stdin.isTTY === true,
  stderr: process.stderr,
}, repositoryRoot());
