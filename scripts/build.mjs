// Bundles our TypeScript (not node_modules) into build/ with esbuild: ~50 ms, so a synth costs
// little more than loading cdk8s-plus-28. Type-checking is `npm run typecheck`, part of `npm test`.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

await build({
  absWorkingDir: root,
  entryPoints: { synth: 'synth.ts', 'bootstrap-worker': 'lib/synth/bootstrap-worker.ts', check: 'check.ts', 'bench-jobs': 'bench/jobs-app.ts', 'bench-gate': 'bench/gate-app.ts' },
  outdir: 'build',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
