/**
 * Worker-thread entry (build/bootstrap-worker.js): loads cdktf and the provider classes as soon as
 * it starts, in parallel with the main thread loading cdk8s and building the environments, then
 * synthesizes the bootstrap for the inputs it is sent. Same function, same bytes as in-thread.
 */
import { parentPort } from 'node:worker_threads';
import { BootstrapInput, synthesizeBootstraps } from '../bootstrap';

parentPort!.once('message', (inputs: BootstrapInput[]) => {
  try {
    parentPort!.postMessage({ files: [...synthesizeBootstraps(inputs)] });
  } catch (error) {
    parentPort!.postMessage({ error: (error as Error).message });
  }
});
