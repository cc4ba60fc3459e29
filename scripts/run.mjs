// `npm run synth` / `check` / `diff` / `seal`: runs a bundle of build/ in this same process, rebuilding it
// first only when a source changed. One Node process instead of two (build, then run) keeps the
// synth close to the cost of loading cdk8s-plus.
//   usage: node scripts/run.mjs <synth|check|diff|seal> [args...]
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { buildIfStale, root } from './build.mjs';

const [entry] = process.argv.splice(2, 1);
if (!['synth', 'check', 'diff', 'seal'].includes(entry)) {
  process.stderr.write('usage: node scripts/run.mjs <synth|check|diff|seal> [args...]\n');
  process.exit(2);
}
try {
  await buildIfStale();
} catch (error) {
  // esbuild has printed where; exit 2 (an error), never 1, which `diff` uses for "something differs".
  process.stderr.write(`${entry}: the build of the working tree failed: ${error.message.split('\n')[0]}\n`);
  process.exit(2);
}
createRequire(import.meta.url)(join(root, 'build', `${entry}.js`));
