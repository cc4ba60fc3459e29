import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BootstrapInput } from '../bootstrap';

/**
 * The bootstrap synthesized in a worker thread. Loading cdktf costs about as much as loading cdk8s;
 * on two cores the two loads overlap instead of adding up. Import this module first in the entry
 * point: the worker starts when the module loads, before the main thread requires cdk8s.
 */
const worker = new Worker(join(__dirname, 'bootstrap-worker.js'));

/** Sends the inputs to the worker and resolves with the files relative to `dist/bootstrap/`. */
export function synthesizeBootstrapsInWorker(inputs: BootstrapInput[]): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (reply: { files?: [string, string][]; error?: string }) => {
      void worker.terminate();
      if (reply.error !== undefined) reject(new Error(reply.error));
      else resolve(new Map(reply.files));
    });
    worker.postMessage(inputs);
  });
}
