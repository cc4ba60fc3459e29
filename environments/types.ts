/**
 * The shape of one environment's configuration: plain typed data, validated by `validate.ts`.
 * Constructs never read these files; `main.ts` passes the relevant parts to them as props.
 */
import type { StateBackendConfig } from '../lib/bootstrap/state-backends';
import type { EgressDestination } from '../lib/network';
import type { BootstrapConfig, SyncRoleConfig, SyncWindowConfig } from '../lib/bootstrap/types';
import type { OffsiteTarget } from '../lib/offsite';
import type { ElectionWindow, PrometheusScraper } from '../lib/observability';
import type { NodePoolPlacement } from '../lib/placement';
import type { ImageReference, SecretKeyReference } from '../lib/references';
import type { ResourceSpec } from '../lib/resources';
import type { SecretsDeliveryConfig } from '../lib/secrets';

export type {
  BootstrapConfig, EgressDestination, ElectionWindow, ImageReference, PrometheusScraper, ResourceSpec, SecretKeyReference, SecretsDeliveryConfig,
  StateBackendConfig, SyncRoleConfig, SyncWindowConfig,
};

export interface ClusterConfig {
  /** Cluster name, also the Argo CD destination name. */
  readonly name: string;
  /** The API server URL Argo CD deploys to. */
  readonly server: string;
  /** Target Kubernetes version, `MAJOR.MINOR` (drives Pod Security version pins and the policy gate). */
  readonly kubernetesVersion: string;
  /** Path to the kubeconfig the bootstrap (Terraform) uses, relative to the bootstrap folder. */
  readonly kubeconfigPath: string;
  /** The kubeconfig context of this cluster. */
  readonly kubeContext: string;
  /**
   * Where pods send DNS queries: the kube-dns pods, or NodeLocal DNSCache on each node (at
   * `address`, default 169.254.20.10). Egress policies open port 53 to it.
   * @default { kind: 'kube-dns' }
   */
  readonly dns?: { readonly kind: 'kube-dns' } | { readonly kind: 'node-local-cache'; readonly address?: string };
}

// A type, not an interface: it then fits the bootstrap's Record of namespaces by role.
export type NamespacesConfig = {
  /** Shared platform jobs (cleanup and the like). */
  readonly platform: string;
  /** The electoral results feed and its microsite. */
  readonly electoral: string;
  /** The task manager application. */
  readonly taskManager: string;
};

/** The nodes where batch pods run: selected by a label, and tainted so nothing else lands there. */
export type BatchNodePoolConfig = NodePoolPlacement;

export interface StorageClassesConfig {
  /** For single-writer volumes (databases). */
  readonly readWriteOnce: string;
  /** For volumes shared between a writer job and readers (the microsite). */
  readonly readWriteMany: string;
}

/** How HTTP traffic reaches the cluster's apps. */
export interface EdgeConfig {
  readonly kind: 'gateway-api' | 'traefik' | 'nginx';
  /** Gateway API: the platform's Gateway and its listener names. */
  readonly gateway?: {
    readonly name: string;
    readonly namespace: string;
    readonly httpsListener: string;
    readonly httpListener: string;
  };
  /** Ingress edges: the IngressClass name. */
  readonly ingressClassName?: string;
  /** Ingress edges: cert-manager ClusterIssuer that issues the TLS certificates. */
  readonly clusterIssuer?: string;
  /** Namespace the edge controller's (or Gateway's) pods run in: NetworkPolicies admit traffic from it. */
  readonly controllerNamespace: string;
}

export interface AlertingConfig {
  /** The Secret key that holds the Slack-compatible webhook URL. */
  readonly webhook: SecretKeyReference;
  /** Egress allowed to reach the webhook. */
  readonly webhookEgress: readonly EgressDestination[];
  /**
   * The cluster's Prometheus (the operator, kube-state-metrics and cAdvisor, as kube-prometheus-stack
   * runs them): its namespace and pod labels, which NetworkPolicies admit to metrics ports. Absent:
   * no Prometheus operator, so no PrometheusRule, monitor or dashboard is emitted.
   */
  readonly prometheus?: PrometheusScraper;
}

/** Nightly purge of expired uploads through the object store's maintenance API. */
export interface CleanupJobConfig {
  readonly schedule: string;
  /** The maintenance API endpoint the job calls (https). */
  readonly endpoint: string;
  readonly image: ImageReference;
  readonly resources: ResourceSpec;
  /** Egress the cleanup job needs (e.g. the object store it prunes). */
  readonly egress: readonly EgressDestination[];
  /** Days of temporary uploads kept. */
  readonly retentionDays: number;
  readonly apiToken: SecretKeyReference;
}

export interface ElectoralFeedConfig {
  readonly schedule: string;
  readonly sourceUrl: string;
  readonly sourceEgress: readonly EgressDestination[];
  readonly token: SecretKeyReference;
  readonly keyring: SecretKeyReference;
  /** Primary-key fingerprints (40 hex digits) of the publisher keys whose signatures are accepted. */
  readonly signerFingerprints: readonly string[];
  readonly collectorImage: ImageReference;
  readonly micrositeImage: ImageReference;
  readonly micrositeReplicas: number;
  readonly jobResources: ResourceSpec;
  readonly micrositeResources: ResourceSpec;
  readonly publishVolumeSize: string;
  readonly backupVolumeSize: string;
  readonly backupKeep: number;
  /** Every published version's backup is copied here by the collector and read back. */
  readonly offsiteBackup: OffsiteBackupConfig;
  /** Public host of the microsite; no host means no exposure. */
  readonly host?: string;
  /** When stale results are critical (ISO 8601 with an offset, end exclusive); outside them a warning. @default none */
  readonly electionWindows?: readonly ElectionWindow[];
}

/**
 * Where a job's backups are copied off the cluster (lib/offsite): an S3-compatible bucket outside
 * the cluster's failure domain. The endpoint is an https origin (no path, query string or credentials).
 */
export interface OffsiteBackupConfig extends OffsiteTarget {
  /** The endpoint's addresses and port: the job's egress. */
  readonly egress: readonly EgressDestination[];
  /** The existing Secret with the keys `access-key-id` and `secret-access-key` (the secret pipeline creates it). */
  readonly credentialsSecretName: string;
}

export interface TaskManagerConfig {
  readonly webImage: ImageReference;
  readonly mysqlImage: ImageReference;
  readonly backupImage: ImageReference;
  /** The backup job's upload step: curl 7.87.0 or newer and a POSIX sh. */
  readonly backupUploadImage: ImageReference;
  /** A fixed count of web pods; exactly one of `webReplicas` and `autoscaling`. */
  readonly webReplicas?: number;
  /** Autoscaling of the web tier (an HPA owns the count); exactly one of `webReplicas` and `autoscaling`. */
  readonly autoscaling?: {
    readonly minReplicas: number;
    readonly maxReplicas: number;
    readonly targetCpuUtilizationPercent: number;
  };
  readonly webResources: ResourceSpec;
  readonly mysqlResources: ResourceSpec;
  readonly mysqlStorageSize: string;
  readonly backupStorageSize: string;
  readonly backupSchedule: string;
  readonly backupKeep: number;
  /** Every dump is copied here and verified before the backup volume (a cache) is pruned. */
  readonly offsiteBackup: OffsiteBackupConfig;
  readonly host: string;
  /** The existing Secret with the database credentials (keys: username, password, root-password). */
  readonly databaseSecretName: string;
  /** A mysqld_exporter sidecar where Prometheus scrapes; its Secret holds the exporter's MySQL password (key `password`). */
  readonly mysqlExporter?: { readonly image: ImageReference; readonly secretName: string };
  /** Whether the app reads the Kubernetes API (then it gets a narrow Role and a projected token). */
  readonly readsKubernetesApi: boolean;
  /** Groups bound to the cloudedu-admin and cloudedu-developer roles in the app's namespace. */
  readonly adminGroups: readonly string[];
  readonly developerGroups: readonly string[];
}

/**
 * How production-like an environment is. `staging` and `production` are production-like: their
 * bootstrap state lives outside the cluster; `production` also follows a release, not `main`, and
 * `npm run diff` lists it first and flags every change to it.
 */
export type EnvironmentTier = 'development' | 'staging' | 'production';

export interface EnvironmentConfig {
  readonly name: string;
  readonly tier: EnvironmentTier;
  readonly cluster: ClusterConfig;
  readonly namespaces: NamespacesConfig;
  /** Registry host and path prefix for our own images, e.g. `registry.example.org/platform`. */
  readonly registry: string;
  /** IANA time zone that schedules are written in. */
  readonly timeZone: string;
  /** Whether CronJobs are created suspended (a paused environment). */
  readonly suspendJobs: boolean;
  /** Team that owns the workloads (annotation), and where its runbooks live. */
  readonly owner: string;
  readonly runbookBaseUrl: string;
  readonly batchNodePool: BatchNodePoolConfig;
  readonly storageClasses: StorageClassesConfig;
  readonly edge: EdgeConfig;
  readonly alerting: AlertingConfig;
  readonly cleanup: CleanupJobConfig;
  readonly electoralFeed: ElectoralFeedConfig;
  readonly taskManager: TaskManagerConfig;
  readonly bootstrap: BootstrapConfig;
  /** How the Secrets the workloads read reach the cluster: an external store or sealed values (docs/secrets.md). */
  readonly secrets: SecretsDeliveryConfig;
  /**
   * Whether Stakater Reloader runs in the cluster (reloadStrategy: annotations): Deployments and
   * StatefulSets then name the Secrets they read and are restarted when one changes.
   */
  readonly reloader: boolean;
}
