/**
 * The Terraform state backend of a bootstrap stack, from `env.bootstrap.backend`. Paths stay
 * relative to the stack folder (`dist/bootstrap/<env>/`), so every machine renders the same bytes.
 */
import { LocalBackend, TerraformBackend, TerraformRemoteState } from 'cdktf';
import { Construct } from 'constructs';
import type { BootstrapEnvironment } from './types';

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
  if (backend.kind === 'local') {
    // cdktf's default is `<cwd>/terraform.<stack>.tfstate`, an absolute path: always pass one.
    return new LocalBackend(scope, { path: relativePath(env, 'bootstrap.backend.path', backend.path) });
  }
  return new KubernetesBackend(scope, {
    secretSuffix: backend.secretSuffix,
    namespace: backend.namespace,
    configPath: relativePath(env, 'cluster.kubeconfigPath', env.cluster.kubeconfigPath),
    configContext: env.cluster.kubeContext,
  });
}

/** Rejects paths that would make the output machine-specific (absolute, Windows-style, empty). */
export function relativePath(env: BootstrapEnvironment, field: string, path: string): string {
  if (path === '' || path.startsWith('/') || path.startsWith('~') || /^[A-Za-z]:/.test(path) || path.includes('\\')) {
    throw new Error(`bootstrap ${env.name}: invalid ${field} ${JSON.stringify(path)}: a relative POSIX path (relative to dist/bootstrap/${env.name}/), so every machine renders the same output`);
  }
  return path;
}
