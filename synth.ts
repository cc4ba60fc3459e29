/**
 * The synth entry point (`npm run synth`, `cdk8s synth`): composes every environment (main.ts)
 * and writes the whole dist/ tree. Kept apart from main.ts so that importing the composition has
 * no side effects.
 */
import { join } from 'node:path';
import { synthesizeAll } from './main';

try {
  synthesizeAll(join(__dirname, '..', 'dist'));
} catch (error) {
  process.stderr.write(`synth failed: ${(error as Error).message}\n`);
  process.exit(1);
}
