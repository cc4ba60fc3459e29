import type { Duration } from 'cdk8s';
import type { IConstruct } from 'constructs';
import type { Schedule } from '../../lib/cron';
import { DEFAULT_RUN_AS, RunAs } from '../../lib/hardening';
import type { Ownership } from '../../lib/metadata';
import type { DnsPeer, EgressDestination } from '../../lib/network';
import type { NodePoolPlacement } from '../../lib/placement';
import type { SecretKeyReference } from '../../lib/references';
import type { ResourceSpec } from '../../lib/resources';
import type { Edge } from '../hardened-ingress';

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
   * Secret key holding the Slack-compatible webhook URL the collector alerts on failure.
   * At least one alerting path is required: a webhook, or `prometheusRule`.
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
  /** The collector image, pinned by digest (curl, gpgv, flock, POSIX sh). */
  readonly collectorImage: string;
  /**
   * The collector script shipped in a ConfigMap and run with `/bin/sh`.
   * @default the text of images/electoral-collector/collect.sh, read at synth time
   */
  readonly collectorScript?: string;
  /** @default Schedule.cron('*\/5 * * * *') */
  readonly schedule?: Schedule;
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
   * Emit a PrometheusRule (`monitoring.coreos.com/v1`): the cluster runs the Prometheus operator.
   * @default false
   */
  readonly prometheusRule?: boolean;
  /**
   * Labels the Prometheus operator's `ruleSelector` picks rules by (e.g. `release: kube-prometheus`).
   * @default none
   */
  readonly prometheusRuleLabels?: Readonly<Record<string, string>>;
  /**
   * No successful run for this long is a critical alert.
   * @default two of the longest intervals of the schedule
   */
  readonly staleAfter?: Duration;
}

export const COLLECTOR_SCRIPT_CHECKSUM_ANNOTATION = 'checksum/collector-script';
export const NGINX_CONFIG_CHECKSUM_ANNOTATION = 'checksum/nginx-config';

/** Paths inside the pods (the collector's FEED_* variables point at them). */
export const ELECTORAL_FEED_PATHS = {
  scriptDir: '/opt/collector',
  script: '/opt/collector/collect.sh',
  publishDir: '/srv/publish',
  backupDir: '/srv/backup',
  tokenFile: '/var/run/secrets/electoral-feed/token',
  keyringFile: '/var/run/secrets/electoral-feed/keyring.gpg',
  webhookUrlFile: '/var/run/secrets/alerting/webhook-url',
  nginxConfigDir: '/etc/nginx/electoral',
  nginxConfig: '/etc/nginx/electoral/nginx.conf',
} as const;

/** The microsite's container port (nginx-unprivileged cannot bind below 1024). */
export const MICROSITE_PORT = 8080;
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
  readonly scriptChecksum: string;
  readonly micrositeReplicas: number;
  readonly nginxConfigChecksum: string;
}
