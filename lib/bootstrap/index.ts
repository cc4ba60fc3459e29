/**
 * The cluster bootstrap (cdktf): what must exist in an environment's cluster before Argo CD can
 * sync `dist/<env>`. Output is plain Terraform JSON (`cdk.tf.json`), applied with
 * `terraform init && terraform apply` (or OpenTofu) in `dist/bootstrap/<env>/`.
 *
 * cdktf is archived upstream (December 2025); everything that depends on it stays in this folder,
 * and the output is standard Terraform JSON, so this could be replaced by plain Terraform or
 * OpenTofu without touching the constructs. See docs/bootstrap.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import type { BootstrapEnvironment } from './types';

export type { BootstrapCluster, BootstrapConfig, BootstrapEnvironment } from './types';
import { inventoryOf } from './inventory';
import { quotaProblems } from './limits';
import { bootstrapObjectsOf, formatRef, namespaceAgreement, ownershipOverlaps } from './ownership';
import { BootstrapStack } from './stack';

export {
  applicationManifest, appProjectManifest, argocdName, distPath, environmentNamespaces, primaryNamespace,
  RESOURCES_FINALIZER, SYNC_OPTIONS, SYNC_ROLE_NAME,
} from './argocd';
export type { SyncRoleConfig, SyncWindowConfig } from './types';
export { KubernetesBackend } from './backend';
export { REMOTE_STATE_KINDS } from './state-backends';
export type { StateBackendConfig } from './state-backends';
export { inventoryOf, isClusterScoped } from './inventory';
export type { DistInventory, GroupKind } from './inventory';
export { containerLimitRange, quotaHard } from './limits';
export { bootstrapObjectsOf, formatRef, namespaceAgreement, ownershipOverlaps } from './ownership';
export type { KubeObjectRef, NamespaceAgreement, OwnershipOverlap } from './ownership';
export { BootstrapStack, LIMIT_RANGE_NAME, namespaceLabels, QUOTA_NAME } from './stack';
export type { BootstrapStackProps } from './stack';

/** The file `terraform init/apply` reads in `dist/bootstrap/<env>/` (cdktf's stack output name). */
export const STACK_FILE = 'cdk.tf.json';

/** Keeps Terraform's working files (providers, local state) out of git when run in the folder. */
export const GITIGNORE = ['# Terraform working files; the state never belongs in git.', '.terraform/', '*.tfstate', '*.tfstate.*', '.terraform.tfstate.lock.info', ''].join('\n');

export interface BootstrapInput {
  readonly env: BootstrapEnvironment;
  /** The environment's cdk8s output: every manifest of `dist/<env>`. */
  readonly distManifests: readonly Record<string, any>[];
}

/**
 * Synthesizes one environment's bootstrap. Returns files relative to `dist/bootstrap/<env>/`:
 * `cdk.tf.json` and a `.gitignore` for Terraform's working files. Throws when the cdk8s output
 * and the bootstrap disagree: an object on both sides of the ownership line, objects in a namespace
 * the bootstrap does not create, a namespaced object without a namespace, or a container larger
 * than a namespace's whole quota.
 */
export function synthesizeBootstrap(env: BootstrapEnvironment, distManifests: readonly Record<string, any>[]): Map<string, string> {
  const files = synthesizeBootstraps([{ env, distManifests }]);
  return new Map([...files].map(([path, content]) => [path.slice(env.name.length + 1), content]));
}

/**
 * One cdktf app with one stack per environment (each environment is its own cluster). Returns
 * files relative to `dist/bootstrap/`: `<env>/cdk.tf.json` and `<env>/.gitignore`.
 */
export function synthesizeBootstraps(inputs: readonly BootstrapInput[]): Map<string, string> {
  // cdktf's App creates its outdir (and `stacks/` in it) on construction although nothing is
  // written there: give it a private temp folder and remove it. The JSON is taken from the stack
  // in memory, not from files, so `SYNTH_HCL_OUTPUT` and other CDKTF_* variables cannot change it.
  const outdir = mkdtempSync(join(tmpdir(), 'bootstrap-cdktf-'));
  try {
    const app = new App({ outdir, stackTraces: false });
    const stacks = inputs.map(({ env, distManifests }) => {
      const inventory = inventoryOf(distManifests);
      const problems = quotaProblems(env, inventory);
      if (problems.length > 0) throw new Error(`bootstrap ${env.name}: containers do not fit the namespace quota:\n${problems.map((p) => `  ${p}`).join('\n')}`);
      return { env, distManifests, stack: new BootstrapStack(app, env.name, { env, inventory }) };
    });
    const files = new Map<string, string>();
    for (const { env, distManifests, stack } of stacks) {
      const config = terraformConfig(stack);
      checkAgainstDist(env, bootstrapObjectsOf(config), distManifests);
      files.set(`${env.name}/${STACK_FILE}`, stableJson(config));
      files.set(`${env.name}/.gitignore`, GITIGNORE);
    }
    return files;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * What cdktf's synthesizer does for one stack, minus writing files. `prepareStack()` is skipped: it
 * only adds a default (absolute-path) backend, which every stack here sets itself, and resolves
 * cross-stack references, which the stacks do not have; it would cost a whole extra resolve pass.
 */
function terraformConfig(stack: BootstrapStack): Record<string, any> {
  stack.runAllValidations();
  const errors = stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === '@cdktf/error').map((m) => `[${c.node.path}] ${String(m.data)}`));
  if (errors.length > 0) throw new Error(`bootstrap ${stack.node.id}: ${errors.join('\n')}`);
  return stack.toTerraform();
}

function checkAgainstDist(env: BootstrapEnvironment, objects: ReturnType<typeof bootstrapObjectsOf>, distManifests: readonly Record<string, any>[]): void {
  const problems = ownershipOverlaps(objects, distManifests).map((o) => `${formatRef(o.object)} in dist/${env.name}: ${o.reason}`);
  const { notCreated } = namespaceAgreement(objects, distManifests);
  for (const namespace of notCreated) {
    problems.push(`dist/${env.name} writes objects into namespace ${namespace}, which the bootstrap does not create (namespaces: ${Object.values(env.namespaces).join(', ')}) and the AppProject does not allow`);
  }
  if (problems.length > 0) throw new Error(`bootstrap ${env.name}: the cdk8s output crosses the ownership line:\n${problems.map((p) => `  ${p}`).join('\n')}`);
}

/** JSON with keys sorted at every level, two-space indented, with a final newline. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const entry = (value as Record<string, unknown>)[key];
    if (entry !== undefined) sorted[key] = sortKeys(entry);
  }
  return sorted;
}
