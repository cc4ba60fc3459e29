/**
 * The synth entry point (`npm run synth`, `cdk8s synth`): composes every environment (main.ts),
 * synthesizes the bootstrap in a worker thread, and writes the whole dist/ tree. Kept apart from
 * main.ts so that importing the composition has no side effects.
 */
// First import on purpose: it starts the bootstrap worker before cdk8s loads.
import { synthesizeBootstrapsInWorker } from './lib/synth/bootstrap-in-worker';
import { join } from 'node:path';
import { synthesizeEnvironments, withBootstrap } from './main';
import { writeOutputTree } from './lib/synth/output-tree';

async function run(): Promise<void> {
  const { files, bootstrapInputs } = synthesizeEnvironments();
  const bootstrapFiles = await synthesizeBootstrapsInWorker(bootstrapInputs);
  writeOutputTree(join(__dirname, '..', 'dist'), withBootstrap(files, bootstrapFiles));
}

run().catch((error: Error) => {
  process.stderr.write(`synth failed: ${error.message}\n`);
  process.exit(1);
});
