// CLI entry of `npm run diff` (bundled to build/diff.js); everything else is in lib/diff/cli.ts.
import { join } from 'node:path';
import { runDiffCli } from './lib/diff/cli';

// exitCode rather than process.exit(): a large JSON report on a pipe must be flushed before exiting.
process.exitCode = runDiffCli(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr },
  {
    root: join(__dirname, '..'),
    // Loaded on demand so that an environment config that fails validation is reported like any other error.
    load: () => {
      const { synthesizeAll } = require('./main') as typeof import('./main');
      const { ENVIRONMENTS } = require('./environments') as typeof import('./environments');
      return {
        synthesize: synthesizeAll,
        environments: ENVIRONMENTS.map((env) => ({ name: env.name, production: env.tier === 'production' })),
      };
    },
  },
);
