/**
 * Environments checked against each other: each is its own cluster, Terraform state and Argo CD
 * Application, so two that share one of them would deploy over each other (a copy of staging.ts
 * with only its name changed would sync into staging's cluster and share its state).
 */
import { posix } from 'node:path';
import type { EnvironmentConfig } from './types';

interface IdentifyingField {
  /** The field path named in the error. */
  readonly field: string;
  /** What must differ, normalised so that two spellings of one thing compare equal. */
  readonly value: (env: EnvironmentConfig) => string;
}

const IDENTIFYING_FIELDS: readonly IdentifyingField[] = [
  { field: 'cluster.name', value: (env) => env.cluster.name },
  { field: 'cluster.server', value: (env) => apiServer(env.cluster.server) },
  { field: 'cluster.kubeContext', value: (env) => env.cluster.kubeContext },
  { field: 'bootstrap.backend', value: terraformState },
  // lib/bootstrap/argocd.ts names the AppProject and Application `platform-<name>` in the Argo CD namespace.
  { field: 'name', value: (env) => `${env.bootstrap.argocd.namespace}/platform-${env.name}` },
];

/** Throws one error naming every pair of environments that share an identifying field; returns `envs`. */
export function refuseCollisions(envs: readonly EnvironmentConfig[]): readonly EnvironmentConfig[] {
  const problems: string[] = [];
  for (const { field, value } of IDENTIFYING_FIELDS) {
    const firstWith = new Map<string, EnvironmentConfig>();
    for (const env of envs) {
      const key = value(env);
      const first = firstWith.get(key);
      if (first === undefined) firstWith.set(key, env);
      else problems.push(`  environments "${first.name}" and "${env.name}" share ${describe(field, key)}`);
    }
  }
  if (problems.length > 0) {
    throw new Error(`environments collide (each must be its own cluster, Terraform state and Argo CD Application):\n${problems.join('\n')}`);
  }
  return envs;
}

function describe(field: string, key: string): string {
  if (field === 'name') return `the Argo CD Application ${key} (from name)`;
  if (field === 'bootstrap.backend') return `the Terraform state ${key} (bootstrap.backend)`;
  return `${field} ${JSON.stringify(key)}`;
}

/** `https://Staging-EU1.example.org:443/` and `https://staging-eu1.example.org` are one API server. */
function apiServer(server: string): string {
  try {
    const url = new URL(server);
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return server; // validateEnvironment has already reported it
  }
}

/**
 * Where the state lives, written so that two environments pointing at the same state compare equal:
 * a local path resolved from the stack folder, a Secret behind a kube context, or a remote object.
 */
function terraformState(env: EnvironmentConfig): string {
  const backend = env.bootstrap.backend;
  switch (backend.kind) {
    case 'local':
      return posix.normalize(posix.join('dist/bootstrap', env.name, backend.path));
    case 'kubernetes':
      return `Secret ${backend.namespace}/tfstate-default-${backend.secretSuffix} in kube context ${env.cluster.kubeContext}`;
    case 's3':
      return `s3://${backend.bucket}/${posix.normalize(backend.key)}`;
    case 'gcs':
      return `gs://${backend.bucket}/${posix.normalize(backend.prefix)}`;
    case 'azurerm':
      return `azurerm ${backend.storageAccountName}/${backend.containerName}/${posix.normalize(backend.key)}`;
  }
}
