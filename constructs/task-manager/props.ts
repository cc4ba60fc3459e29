import type { Duration } from 'cdk8s';
import type { Schedule } from '../../lib/cron';
import type { Ownership } from '../../lib/metadata';
import type { DnsPeer, EgressDestination } from '../../lib/network';
import type { OffsiteTarget } from '../../lib/offsite';
import type { NodePoolPlacement } from '../../lib/placement';
import type { RunAs } from '../../lib/hardening';
import type { ResourceSpec } from '../../lib/resources';
import type { CloudEduAccessRoles } from '../cloudedu-access-roles';
import type { Edge, SecurityHeaders } from '../hardened-ingress';
import type { MonitoringOptions } from '../../lib/observability';

/** Autoscaling of the web tier on CPU utilization (autoscaling/v2). */
export interface TaskManagerAutoscaling {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Average CPU utilization, in percent of the CPU request, that the HPA keeps the pods at. */
  readonly targetCpuUtilizationPercent: number;
}

/** Keys of the database Secret. */
export interface DatabaseSecretKeys {
  /** @default 'username' */
  readonly username?: string;
  /** @default 'password' */
  readonly password?: string;
  /** MySQL's root password (used only at initialization and by `kubectl exec` as root over the socket). @default 'root-password' */
  readonly rootPassword?: string;
}

/** The off-cluster copy of the dumps (lib/offsite). */
export interface TaskManagerOffsiteBackup {
  /** The S3-compatible bucket and prefix the dumps go to. */
  readonly target: OffsiteTarget;
  /** The existing Secret with keys `access-key-id` and `secret-access-key`; referenced by name, never read. */
  readonly credentialsSecretName: string;
  /** The endpoint's addresses and port: the backup pods' only egress besides DNS and MySQL. */
  readonly egress: readonly EgressDestination[];
  /** The upload step's image (curl 7.87.0 or newer and a POSIX sh), pinned by digest. */
  readonly uploadImage: string;
}

/** The mysqld_exporter sidecar of the MySQL pod: its image, its Secret and its resources. */
export interface MysqlExporterProps {
  /** prom/mysqld-exporter (0.16 or newer: MySQL 8.4), pinned by digest. */
  readonly image: string;
  /**
   * The existing Secret with the exporter's MySQL password (16-128 characters of A-Z a-z 0-9 . _ ~ + / = -);
   * referenced by name, never read. The user `exporter` is created from it on a new volume.
   */
  readonly secretName: string;
  /** @default 'password' */
  readonly secretKey?: string;
  /** Requests must equal limits (the pod stays Guaranteed). @default 100m CPU, 64Mi memory */
  readonly resources?: ResourceSpec;
}

export interface TaskManagerStackProps extends Omit<Ownership, 'partOf'> {
  // --- identity ------------------------------------------------------------------------------
  /**
   * Prefix of every object name (`<name>-web`, `<name>-mysql`, `<name>-backup`, ...), and the
   * `app.kubernetes.io/name` of the web and database tiers. RFC 1123 label, at most 40 characters.
   * @default the construct id, lowercased
   */
  readonly name?: string;
  /** @default 'cloudedu' */
  readonly partOf?: string;
  /**
   * Namespace of the application (RoleBinding subjects and the edge objects name it).
   * @default the Chart's namespace; one of the two is required
   */
  readonly namespace?: string;

  // --- web tier ------------------------------------------------------------------------------
  /** The Flask application image, pinned by digest. */
  readonly webImage: string;
  /**
   * A fixed number of web pods (1-100). Exactly one of `webReplicas` and `autoscaling`: with an HPA
   * the autoscaler owns the count and `spec.replicas` is left out, so both together are refused.
   */
  readonly webReplicas?: number;
  /** An HPA for the web tier instead of `webReplicas`. @default none (a fixed replica count) */
  readonly autoscaling?: TaskManagerAutoscaling;
  /**
   * How long a stopping web pod keeps serving before it gets SIGTERM (the `preStop` sleep): the time
   * the edge and kube-proxy take to stop sending it requests once it has left the endpoints.
   * @default Duration.seconds(10)
   */
  readonly webDrainDelay?: Duration;
  /**
   * The web pods' termination grace period: the drain delay plus the server's own graceful stop
   * (gunicorn's 30 s by default). The drain delay must end at least 5 s before it.
   * @default Duration.seconds(45)
   */
  readonly webShutdownGracePeriod?: Duration;
  readonly webResources: ResourceSpec;
  /**
   * The port gunicorn listens on (non-privileged: 1024-65535).
   * @default 8000
   */
  readonly webPort?: number;
  /**
   * gunicorn worker processes (used by the default command).
   * @default 2
   */
  readonly webWorkers?: number;
  /**
   * The container command.
   * @default gunicorn --bind 0.0.0.0:<webPort> --workers <webWorkers> --worker-tmp-dir /dev/shm --access-logfile - app:app
   */
  readonly webCommand?: readonly string[];
  /**
   * HTTP path of the startup and readiness probes. It should answer 200 while the process can
   * serve, without failing when the database is down. The liveness probe only checks that `webPort`
   * accepts connections: gunicorn's master already replaces a hung worker (its heartbeat files are
   * in /dev/shm), so the kubelet restarts the container only when the server is gone, never because
   * it is slow (readiness takes a slow pod out of rotation instead).
   * @default '/healthz'
   */
  readonly healthPath?: string;
  /**
   * Application log level (ConfigMap `LOG_LEVEL`).
   * @default 'INFO'
   */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';
  /**
   * Further non-secret settings for the ConfigMap. A value that looks like a credential is
   * rejected, and so is a key the construct sets itself (DB_HOST, DB_PORT, DB_NAME, LOG_LEVEL).
   * @default none
   */
  readonly settings?: Readonly<Record<string, string>>;
  /**
   * The PodDisruptionBudget of the web tier as a minimum of available pods (below the replica count).
   * @default maxUnavailable 1: one pod at a time, never blocking a drain
   */
  readonly webMinAvailable?: number;

  // --- edge ----------------------------------------------------------------------------------
  /** Public host name served over TLS. */
  readonly host: string;
  /** The environment's edge (Gateway API, Traefik, ingress-nginx). */
  readonly edge: Edge;
  /** Namespace of the edge controller's (or Gateway's) pods: the only source the web tier accepts. */
  readonly edgeControllerNamespace: string;
  /**
   * Where the web and backup pods send DNS queries (their egress policies open port 53 to it).
   * @default DnsPeer.kubeDns() (the kube-dns pods in kube-system)
   */
  readonly dnsPeer?: DnsPeer;
  /** @default SecurityHeaders.strict() */
  readonly securityHeaders?: SecurityHeaders;

  // --- data tier -----------------------------------------------------------------------------
  /** MySQL 8.4 image, pinned by digest (the official image: runs as UID/GID 999). */
  readonly mysqlImage: string;
  readonly mysqlResources: ResourceSpec;
  /** StorageClass of the data volume (ReadWriteOnce). */
  readonly storageClassName: string;
  /** Size of the data volume (a quantity, e.g. `10Gi`). */
  readonly mysqlStorageSize: string;
  /**
   * The application's schema (MySQL identifier: lowercase letters, digits, `_`).
   * @default 'tasks'
   */
  readonly databaseName?: string;
  /** The existing Secret holding the database credentials; referenced by name, never read. */
  readonly databaseSecretName: string;
  /** @default { username: 'username', password: 'password', rootPassword: 'root-password' } */
  readonly databaseSecretKeys?: DatabaseSecretKeys;
  /**
   * How long MySQL may take to shut down cleanly before it is killed (10 s to 10 min).
   * @default Duration.seconds(60)
   */
  readonly mysqlShutdownGracePeriod?: Duration;
  /**
   * The MySQL server's user and group (not the backup job's: it runs as DEFAULT_RUN_AS, 10001).
   * @default { user: 999, group: 999 } (the official image's `mysql` user, which owns existing data volumes)
   */
  readonly mysqlRunAs?: RunAs;
  /** A mysqld_exporter sidecar in the MySQL pod (metrics on port 9104, named `metrics`, pod only). @default none */
  readonly mysqlExporter?: MysqlExporterProps;

  // --- backups -------------------------------------------------------------------------------
  /** Image of the backup job's dump step (one with mysqldump, gzip and bash: the MySQL image), pinned by digest. */
  readonly backupImage: string;
  readonly backupSchedule: Schedule | string;
  /** @default 'Etc/UTC' */
  readonly timeZone?: string;
  /** Size of the backup volume (a quantity). */
  readonly backupStorageSize: string;
  /** How many dumps to keep (the newest). */
  readonly backupKeep: number;
  /** @default 100m/1 CPU, 128Mi/512Mi memory */
  readonly backupResources?: ResourceSpec;
  /**
   * How long one backup may run (it must end before the next run is due).
   * @default 3 hours, or less when the schedule's shortest gap between runs (minus a starting deadline) is shorter
   */
  readonly backupTimeout?: Duration;
  /** @default false */
  readonly suspendBackups?: boolean;
  /** @default any node */
  readonly backupNodePool?: NodePoolPlacement;
  /** Where every dump is copied off the cluster, and how (required: a backup inside the cluster dies with it). */
  readonly offsiteBackup: TaskManagerOffsiteBackup;

  // --- access --------------------------------------------------------------------------------
  /** The people's ClusterRoles, bound in this namespace to `adminGroups` and `developerGroups`. */
  readonly accessRoles: CloudEduAccessRoles;
  /** Groups bound to `cloudedu-admin` here (none: no binding). */
  readonly adminGroups: readonly string[];
  /** Groups bound to `cloudedu-developer` here (none: no binding). */
  readonly developerGroups: readonly string[];
  /**
   * Whether the application calls the Kubernetes API. Then its ServiceAccount gets a Role that can
   * only `get` its ConfigMap and the database Secret, and the pod a projected, expiring token.
   * @default false (no Role, no token)
   */
  readonly readsKubernetesApi?: boolean;
  /**
   * Audience of the projected token (`readsKubernetesApi`).
   * @default the API server's own audience
   */
  readonly kubernetesApiAudience?: string;

  // --- monitoring ----------------------------------------------------------------------------
  /**
   * Where the cluster runs the Prometheus operator: PrometheusRule `<n>-alerts` (both tiers, their
   * volumes, the autoscaler), the backup's schedule-derived alerts (`<n>-backup-alerts`) and a
   * dashboard (ConfigMap `<n>-dashboard`). With `mysqlExporter` also the PodMonitor `<n>-mysql`
   * (the exporter's port), the MySQL alerts and panels, and Prometheus admitted to that port
   * only. See lib/observability/README.md.
   * @default none of them
   */
  readonly monitoring?: MonitoringOptions;
}

/** Port of the web Service (the edge connects here; the pods listen on `webPort`). */
export const WEB_SERVICE_PORT = 80;
