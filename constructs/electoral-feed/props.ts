import type { Duration } from 'cdk8s';
import type { IConstruct } from 'constructs';
import type { Schedule } from '../../lib/cron';
import { DEFAULT_RUN_AS, RunAs } from '../../lib/hardening';
import type { Ownership } from '../../lib/metadata';
import type { DnsPeer, EgressDestination } from '../../lib/network';
import type { ElectionWindow, MonitoringOptions } from '../../lib/observability';
import type { OffsiteTarget } from '../../lib/offsite';
import type { NodePoolPlacement } from '../../lib/placement';
import type { SecretKeyReference } from '../../lib/references';
import type { ResourceSpec } from '../../lib/resources';
import type { Edge } from '../hardened-ingress';

/** The off-cluster copy of the feed's backups (lib/offsite, from the collector itself). */
export interface ElectoralFeedOffsiteBackup {
  /** The S3-compatible bucket and prefix the backups go to (outside the cluster's failure domain). */
  readonly target: OffsiteTarget;
  /** The existing Secret with keys `access-key-id` and `secret-access-key`; referenced by name, never read. */
  readonly credentialsSecretName: string;
  /** The endpoint's addresses and port, added to the collector's egress. At least one. */
  readonly egress: readonly EgressDestination[];
}

export interface ElectoralFeedProps extends Ownership {
  /**
   * Base name of every object (`<name>-collector`, `<name>-microsite`, `<name>-publish`, ...).
   * RFC 1123 label, at most 42 characters.
   * @default the construct id, lowercased
   */
  readonly name?: string;

  // --- Collector ---------------------------------------------------------------------------
  /** The signed results file (https). Its detached signature is expected at `signatureUrl`. */
  readonly sourceUrl: string;
  /**
   * URL of the detached OpenPGP signature of the file (https).
   * @default `<sourceUrl>.sig` (collect.sh's default)
   */
  readonly signatureUrl?: string;
  /**
   * Name the file is published under (and the backup file names).
   * @default the last path segment of `sourceUrl`
   */
  readonly fileName?: string;
  /** CIDR blocks and TCP ports of the source API (file and signature). At least one. */
  readonly sourceEgress: readonly EgressDestination[];
  /** Secret key holding the API bearer token (first line of the file). */
  readonly token: SecretKeyReference;
  /** Secret key holding the publisher's binary OpenPGP keyring (`gpg --export`, not armored). */
  readonly keyring: SecretKeyReference;
  /**
   * The pinned signers: primary-key fingerprints (40 hex digits) whose signatures are accepted.
   * A valid signature by any other key of the keyring is rejected, so adding a signer is a
   * reviewed change of the environment config, not only of the keyring Secret. At least one.
   */
  readonly signerFingerprints: readonly string[];
  /**
   * Secret key holding the Slack-compatible webhook URL the collector alerts on failure.
   * At least one alerting path is required: a webhook, or `monitoring`.
   * @default no webhook
   */
  readonly webhook?: SecretKeyReference;
  /**
   * CIDR blocks and TCP ports of the webhook. Required (non-empty) with `webhook`.
   * @default none
   */
  readonly webhookEgress?: readonly EgressDestination[];
  /**
   * Where the collector sends DNS queries (its egress policy opens port 53 to it).
   * @default DnsPeer.kubeDns() (the kube-dns pods in kube-system)
   */
  readonly dnsPeer?: DnsPeer;
  /**
   * The collector image (images/electoral-collector), pinned by digest. It carries collect.sh and
   * runs it as its entrypoint: the digest pins the whole verifier.
   */
  readonly collectorImage: string;
  /** @default Schedule.cron('*\/5 * * * *') */
  readonly schedule?: Schedule | string;
  /**
   * IANA time zone the schedule is written in.
   * @default 'Etc/UTC'
   */
  readonly timeZone?: string;
  /** @default false */
  readonly suspend?: boolean;
  /**
   * Node pool the collector runs on.
   * @default any node
   */
  readonly nodePool?: NodePoolPlacement;
  /** @default SecureCronJob's defaults (50m/250m CPU, 64Mi/256Mi memory) */
  readonly jobResources?: ResourceSpec;
  /**
   * How late a run may start before it is skipped.
   * @default a tenth of the shortest gap between runs, from 10 s to 60 s
   */
  readonly startingDeadline?: Duration;
  /**
   * How long one run may take before Kubernetes stops it (`activeDeadlineSeconds`).
   * @default the shortest gap minus the starting deadline, at most 10 minutes
   */
  readonly activeDeadline?: Duration;
  /**
   * Time kept between the collector's own deadline (FEED_DEADLINE_SECONDS) and the Job's
   * activeDeadlineSeconds, for pod start-up: the script, not the kubelet, ends a slow run and alerts.
   * @default 30 seconds
   */
  readonly deadlineMargin?: Duration;
  /**
   * Time limit of one HTTP request (FEED_TIMEOUT_SECONDS); at most the collector's deadline.
   * @default half the collector's deadline, at most 60 seconds
   */
  readonly requestTimeout?: Duration;
  /**
   * Largest file accepted (FEED_MAX_BYTES); larger is rejected (exit 2).
   * @default what the volumes can hold: the least of 256 MiB, a third of the publish volume and
   * the backup volume divided by (backupKeep + 2)
   */
  readonly maxBytes?: number;
  /**
   * Backups kept (one per published version).
   * @default 48
   */
  readonly backupKeep?: number;
  /**
   * Where every backup (data, signature, status record) is copied and read back after it is
   * published; a failed copy fails the run (exit 1, alert) and the next run sends what is missing.
   * The collector image's curl must be 7.87.0 or newer (`--aws-sigv4`).
   * @default none: the backups stay only on the backup volume, next to the published data
   */
  readonly offsiteBackup?: ElectoralFeedOffsiteBackup;

  // --- Storage -------------------------------------------------------------------------------
  /** StorageClass of the publish volume; it must offer ReadWriteMany (the job writes, the microsite reads). */
  readonly publishStorageClass: string;
  /** @default '1Gi' */
  readonly publishVolumeSize?: string;
  /**
   * StorageClass of the backup volume (ReadWriteOnce: only the job mounts it).
   * @default the cluster's default StorageClass
   */
  readonly backupStorageClass?: string;
  /** @default '2Gi' */
  readonly backupVolumeSize?: string;

  // --- Microsite -----------------------------------------------------------------------------
  /** nginxinc/nginx-unprivileged pinned by digest (run as UID/GID 10001, listens on 8080). */
  readonly micrositeImage: string;
  /** @default 2 */
  readonly micrositeReplicas?: number;
  /** @default 25m/200m CPU, 32Mi/64Mi memory */
  readonly micrositeResources?: ResourceSpec;
  /**
   * `Cache-Control: max-age` of the served files (0: `no-cache`).
   * @default 30 seconds
   */
  readonly cacheMaxAge?: Duration;
  /**
   * Public host of the microsite; exposed through HardenedIngress on `edge`.
   * @default not exposed outside the cluster
   */
  readonly host?: string;
  /**
   * Where the route is rendered. Required with `host`.
   * @default none
   */
  readonly edge?: Edge;
  /**
   * Namespace of the ingress controller's (or Gateway's) pods: the only source the microsite
   * accepts connections from. Required with `host`.
   * @default no ingress at all
   */
  readonly ingressControllerNamespace?: string;

  // --- Alerting ------------------------------------------------------------------------------
  /**
   * Where the cluster runs the Prometheus operator: the feed's freshness alerts (PrometheusRule
   * `<name>-alerts`), the collector's schedule-derived alerts (`<name>-collector-alerts`), a
   * PodMonitor of the microsite's metrics port, the NetworkPolicy rule admitting Prometheus to that
   * port, and a dashboard (ConfigMap `<name>-dashboard`). See lib/observability/README.md.
   * @default none of them
   */
  readonly monitoring?: MonitoringOptions;
  /**
   * Published results older than this (by their `signed_at`) alert: critical inside an election
   * window, a warning outside.
   * @default two of the longest intervals of the schedule
   */
  readonly staleAfter?: Duration;
  /**
   * When a stale feed is critical (ISO 8601 instants with an offset, end exclusive).
   * @default none (stale results are a warning)
   */
  readonly electionWindows?: readonly ElectionWindow[];
}

export const NGINX_CONFIG_CHECKSUM_ANNOTATION = 'checksum/nginx-config';

/** Paths inside the pods (the collector's FEED_* variables point at them). */
export const ELECTORAL_FEED_PATHS = {
  publishDir: '/srv/publish',
  backupDir: '/srv/backup',
  tokenFile: '/var/run/secrets/electoral-feed/token',
  keyringFile: '/var/run/secrets/electoral-feed/keyring.gpg',
  webhookUrlFile: '/var/run/secrets/alerting/webhook-url',
  /** The off-site key pair (lib/offsite's OFFSITE_CREDENTIAL_KEYS), one file per key. */
  offsiteAccessKeyIdFile: '/var/run/secrets/offsite/access-key-id',
  offsiteSecretAccessKeyFile: '/var/run/secrets/offsite/secret-access-key',
  /** The collector's metrics (lib/observability/feed-metrics.ts), in a dot-directory the public server never serves. */
  metricsDir: '/srv/publish/.metrics',
  metricsFile: '/srv/publish/.metrics/electoral-feed.prom',
  nginxConfigDir: '/etc/nginx/electoral',
  nginxConfig: '/etc/nginx/electoral/nginx.conf',
} as const;

/** The microsite's container port (nginx-unprivileged cannot bind below 1024). */
export const MICROSITE_PORT = 8080;
/** nginx serves the collector's metrics file on this port only (no Service, Ingress or HTTPRoute routes it). */
export const MICROSITE_METRICS_PORT = 9113;
/** The microsite Service's port. */
export const MICROSITE_SERVICE_PORT = 80;
/**
 * The microsite's user and group: our default 10001, not the image's 101 (kube-score wants IDs
 * above 10000, clear of host accounts). nginx runs as any UID here: everything it writes lives under
 * the `/tmp` prefix (an emptyDir), and it only reads the publish volume (files 0644, directories
 * o+rx; mounted read-only on the claim, so its fsGroup never touches the collector's volume).
 */
export const MICROSITE_RUN_AS: RunAs = DEFAULT_RUN_AS;

/** What the collector and the microsite take from the resolved feed: ElectoralFeed itself (errors name its path). */
export interface FeedFacts extends IConstruct {
  readonly name: string;
  readonly backupKeep: number;
  readonly maxBytes: number;
  readonly requestTimeoutSeconds: number;
  readonly collectorDeadlineSeconds: number;
  readonly startingDeadlineSeconds: number;
  readonly activeDeadlineSeconds: number;
  /** The pinned signer fingerprints (upper case), FEED_SIGNER_FINGERPRINTS. */
  readonly signerFingerprints: readonly string[];
  readonly micrositeReplicas: number;
  readonly nginxConfigChecksum: string;
}
