/**
 * What the bootstrap needs to know about one environment: its own input type, so that lib/bootstrap
 * depends on nothing above it. main.ts fills it from the environment's configuration.
 */
import type { ResourceSpec } from '../resources';

/** What the bootstrap (cdktf) creates before Argo CD syncs. */
export interface BootstrapConfig {
  /** Terraform state: local file by default (relative path), or a shared backend. */
  readonly backend:
    | { readonly kind: 'local'; readonly path: string }
    | { readonly kind: 'kubernetes'; readonly secretSuffix: string; readonly namespace: string };
  /** ResourceQuota per namespace. */
  readonly quota: {
    readonly requestsCpu: string;
    readonly requestsMemory: string;
    readonly limitsCpu: string;
    readonly limitsMemory: string;
    readonly pods: number;
    readonly persistentVolumeClaims: number;
    readonly requestsStorage: string;
  };
  /** LimitRange defaults per container. */
  readonly containerDefaults: ResourceSpec;
  readonly argocd: {
    readonly namespace: string;
    readonly repoUrl: string;
    readonly targetRevision: string;
    /** Automated sync with prune and self-heal; false means a human syncs. */
    readonly automatedSync: boolean;
  };
}

/** The cluster the bootstrap and Argo CD deploy to. */
export interface BootstrapCluster {
  /** The API server URL Argo CD deploys to. */
  readonly server: string;
  /** `MAJOR.MINOR` (drives the Pod Security version labels of the namespaces). */
  readonly kubernetesVersion: string;
  /** Path to the kubeconfig Terraform uses, relative to the bootstrap folder. */
  readonly kubeconfigPath: string;
  readonly kubeContext: string;
}

/** One environment as the bootstrap sees it. */
export interface BootstrapEnvironment {
  /** Environment name (`dev`): names the stack, its folder and the Argo CD objects. */
  readonly name: string;
  readonly cluster: BootstrapCluster;
  /** The environment's namespaces by role (`platform`, ...): the bootstrap creates each; `platform` hosts the Application. */
  readonly namespaces: Readonly<Record<string, string>> & { readonly platform: string };
  readonly bootstrap: BootstrapConfig;
  /**
   * Stakater Reloader runs in the cluster: the Application ignores the pod-template annotation it
   * writes when it restarts a workload, so a restart is not drift for Argo CD to revert.
   * @default false
   */
  readonly reloader?: boolean;
}
