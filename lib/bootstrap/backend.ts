/**
 * The Terraform state backend of a bootstrap stack, from `env.bootstrap.backend` (the kinds are in
 * state-backends.ts). Paths stay relative to the stack folder (`dist/bootstrap/<env>/`), so every
 * machine renders the same bytes.
 */
import { AzurermBackend, GcsBackend, LocalBackend, S3Backend, TerraformBackend, TerraformRemoteState } from 'cdktf';
import { Construct } from 'constructs';
import type { BootstrapEnvironment } from './types';
import type { S3StateBackend } from './state-backends';

export interface KubernetesBackendConfig {
  /** Suffix of the state Secret `tfstate-<workspace>-<suffix>`. */
  readonly secretSuffix: string;
  /** Namespace of the state Secret and its lock Lease; must exist before `terraform init`. */
  readonly namespace: string;
  /** Kubeconfig path, relative to the stack folder. */
  readonly configPath: string;
  readonly configContext: string;
}

/**
 * Terraform's `kubernetes` backend, which cdktf 0.21 no longer ships a class for: state in a Secret
 * of the cluster itself, locked with a Lease.
 */
export class KubernetesBackend extends TerraformBackend {
  constructor(scope: Construct, private readonly config: KubernetesBackendConfig) {
    super(scope, 'backend', 'kubernetes');
  }

  protected synthesizeAttributes(): Record<string, any> {
    return {
      secret_suffix: this.config.secretSuffix,
      namespace: this.config.namespace,
      config_path: this.config.configPath,
      config_context: this.config.configContext,
    };
  }

  public getRemoteStateDataSource(_scope: Construct, _name: string, _fromStack: string): TerraformRemoteState {
    throw new Error('KubernetesBackend: cross-stack references are not supported; each bootstrap stack stands alone');
  }
}

/** Adds the backend the environment asks for to the stack. */
export function addBackend(scope: Construct, env: BootstrapEnvironment): TerraformBackend {
  const backend = env.bootstrap.backend;
  switch (backend.kind) {
    case 'local':
      // cdktf's default is `<cwd>/terraform.<stack>.tfstate`, an absolute path: always pass one.
      return new LocalBackend(scope, { path: relativePath(env, 'bootstrap.backend.path', backend.path) });
    case 'kubernetes':
      return new KubernetesBackend(scope, {
        secretSuffix: backend.secretSuffix,
        namespace: backend.namespace,
        configPath: relativePath(env, 'cluster.kubeconfigPath', env.cluster.kubeconfigPath),
        configContext: env.cluster.kubeContext,
      });
    case 's3':
      return new LockedS3Backend(scope, backend);
    case 'gcs':
      return new GcsBackend(scope, { bucket: backend.bucket, prefix: backend.prefix });
    case 'azurerm':
      return new AzurermBackend(scope, {
        resourceGroupName: backend.resourceGroupName,
        storageAccountName: backend.storageAccountName,
        containerName: backend.containerName,
        key: backend.key,
      });
  }
}

/**
 * cdktf's S3Backend, always encrypted, plus `use_lockfile`, which cdktf 0.21 has no field for
 * (Terraform 1.10 added S3-native locking after cdktf stopped following the backends).
 */
class LockedS3Backend extends S3Backend {
  private readonly lockfile: boolean;

  constructor(scope: Construct, backend: S3StateBackend) {
    super(scope, {
      bucket: backend.bucket,
      key: backend.key,
      region: backend.region,
      encrypt: true,
      ...(backend.kmsKeyId !== undefined ? { kmsKeyId: backend.kmsKeyId } : {}),
      ...('dynamodbTable' in backend.lock ? { dynamodbTable: backend.lock.dynamodbTable } : {}),
    });
    this.lockfile = 'lockfile' in backend.lock;
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    return { ...super.synthesizeAttributes(), ...(this.lockfile ? { use_lockfile: true } : {}) };
  }
}

/** Rejects paths that would make the output machine-specific (absolute, Windows-style, empty). */
export function relativePath(env: BootstrapEnvironment, field: string, path: string): string {
  if (path === '' || path.startsWith('/') || path.startsWith('~') || /^[A-Za-z]:/.test(path) || path.includes('\\')) {
    throw new Error(`bootstrap ${env.name}: invalid ${field} ${JSON.stringify(path)}: a relative POSIX path (relative to dist/bootstrap/${env.name}/), so every machine renders the same output`);
  }
  return path;
}
