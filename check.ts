// CLI entry of `npm run check` (bundled to build/check.js); everything else is in lib/policy/cli.ts.
import { runCli } from './lib/policy/cli';

// exitCode rather than process.exit(): a large JSON report on a pipe must be flushed before exiting.
process.exitCode = runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
