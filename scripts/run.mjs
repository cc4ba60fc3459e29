// `npm run synth` / `npm run check` / `npm run seal`: runs a bundle of build/ in this same process, rebuilding it
// first only when a source changed. One Node process instead of two (build, then run) keeps the
// synth close to the cost of loading cdk8s-plus.
//   usage: node scripts/run.mjs <synth|check|seal> [args...]
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { buildIfStale, root } from './build.mjs';

const [entry] = process.argv.splice(2, 1);
if (!['synth', 'check', 'seal'].includes(entry)) {
  process.stderr.write('usage: node scripts/run.mjs <synth|check|seal> [args...]\n');
  process.exit(2);
}
await buildIfStale();
createRequire(import.meta.url)(join(root, 'build', `${entry}.js`));
