// CLI entry of `npm run check` (bundled to build/check.js); everything else is in lib/policy/cli.ts.
import { runCli } from './lib/policy/cli';

// A closed pipe (`npm run check dist | head`) or a full disk ends the output with one line, never a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') process.stderr.write(`check: cannot write the output: ${error.message}\n`);
  process.exit(typeof process.exitCode === 'number' && process.exitCode !== 0 ? process.exitCode : 2);
});

// exitCode rather than process.exit(): a large JSON report on a pipe must be flushed before exiting.
process.exitCode = runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
