/**
 * What the bootstrap needs to know about one environment: its own input type, so that lib/bootstrap
 * depends on nothing above it. main.ts fills it from the environment's configuration.
 */
import type { ResourceSpec } from '../resources';
import type { StateBackendConfig } from './state-backends';

/** What the bootstrap (cdktf) creates before Argo CD syncs. */
export interface BootstrapConfig {
  /**
   * Where Terraform keeps the bootstrap's state. A local file (relative path) or the cluster's own
   * Secret only in development; a remote store outside the cluster (s3, gcs, azurerm) otherwise.
   */
  readonly backend: StateBackendConfig;
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
    /**
     * The git revision the Application follows: `main` in development and staging; in production a
     * release branch or tag (never `main` or `HEAD`), so a merge to main reaches prod only when promoted.
     */
    readonly targetRevision: string;
    /** Automated sync with prune and self-heal; false means a human syncs. */
    readonly automatedSync: boolean;
    /** When syncs may happen (required in production). @default none: syncs at any time */
    readonly syncWindows?: readonly SyncWindowConfig[];
    /** Who may sync the Application (required in production). @default no project role: Argo CD's global RBAC decides */
    readonly syncRole?: SyncRoleConfig;
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

/**
 * A sync window of the environment's AppProject. With any `allow` window, Argo CD syncs only
 * while one is open; a `deny` window blocks syncs while it is open.
 */
export interface SyncWindowConfig {
  readonly kind: 'allow' | 'deny';
  /** When the window opens: a five-field cron expression in `timeZone`, e.g. `0 9 * * 1-4`. */
  readonly schedule: string;
  /** How long it stays open: a Go duration, e.g. `7h`. */
  readonly duration: string;
  /** IANA time zone of `schedule`. */
  readonly timeZone: string;
  /**
   * Whether a manual sync may override the window (sync outside an allow window, or inside a deny
   * window). Where only humans sync, `true` on an allow window would restrict nothing.
   * @default false
   */
  readonly manualSync?: boolean;
  /** Shown in the Argo CD UI. */
  readonly description?: string;
}

/** The project role that may see and sync the environment's Application. */
export interface SyncRoleConfig {
  /** SSO groups (as Argo CD receives them in the `groups` claim) whose members may sync. */
  readonly groups: readonly string[];
}
