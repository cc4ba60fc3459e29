import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject, Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { KEEP_DATA_ANNOTATIONS } from '../lib/argocd';
import { sha256Hex } from '../lib/checksum';
import { constructName } from '../lib/construct-names';
import { Schedule, validateTimeZone } from '../lib/cron';
import { addPodDisruptionBudget, addTopologySpread, spreadAcrossNodes, spreadAcrossZones } from '../lib/disruption';
import { feedAlertRuleGroup, longestGapSeconds } from '../lib/electoral/alert-rules';
import {
  feedFileNameFromUrl, feedFileNameProblem, feedUrlProblem, NON_RETRYABLE_EXIT_CODES, SCRIPT_DEFAULT_MAX_BYTES,
} from '../lib/electoral/contract';
import { HEALTH_PATH, micrositeNginxConfig } from '../lib/electoral/nginx-config';
import { propError } from '../lib/errors';
import { addPodSeccompDefault, DEFAULT_RUN_AS, hardenedContainerSecurityContext, hardenedPodSecurityContext, mountTmp, RunAs } from '../lib/hardening';
import { requirePinnedImage, shortDigest } from '../lib/image';
import { exemptFromLinters } from '../lib/linter-exemptions';
import { identityProblem, recommendedLabels, selectorLabels, stampIdentity, WorkloadIdentity } from '../lib/metadata';
import { dnsLabelProblem, dnsSubdomainProblem, isLabelValue } from '../lib/names';
import { addWorkloadPolicy, DnsPeer, EgressDestination, ingressFromNamespace, validateEgress } from '../lib/network';
import { NodePoolPlacement } from '../lib/placement';
import * as kplus from '../lib/plus';
import { quantityValue } from '../lib/quantity';
import { SecretKeyReference } from '../lib/references';
import { addEphemeralStorage, containerResources, ResourceSpec } from '../lib/resources';
import { Edge, HardenedIngress } from './hardened-ingress';
import { JobOwnership, SecureCronJob } from './secure-cron-job';

export interface ElectoralFeedProps extends JobOwnership {
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

const DEFAULT_SCRIPT_PATH = join(__dirname, '..', 'images', 'electoral-collector', 'collect.sh');
const DEFAULT_MICROSITE_RESOURCES: ResourceSpec = { cpuRequest: '25m', cpuLimit: '200m', memoryRequest: '32Mi', memoryLimit: '64Mi' };
const MAX_NAME = 42; // "<name>-collector-script" stays within 63, the CronJob name within 52
const MEBIBYTE = 1024 * 1024;
const MAX_SCRIPT_BYTES = 512 * 1024; // a ConfigMap holds at most 1 MiB in all
const MAX_ACTIVE_DEADLINE_SECONDS = 600;
const MIN_COLLECTOR_DEADLINE_SECONDS = 10;
const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;

/**
 * Signed election results fetched on a schedule, verified, published atomically with backups,
 * served read-only by an unprivileged nginx, and alerted on when anything fails.
 *
 * Objects (construct ids are public contract; names derive from `name`):
 * - `Collector` (SecureCronJob `<name>-collector`: CronJob, ServiceAccount, NetworkPolicy `-egress`),
 *   `CollectorScript` (ConfigMap `<name>-collector-script`);
 * - `PublishClaim` (PVC `<name>-publish`, ReadWriteMany), `BackupClaim` (PVC `<name>-backup`, ReadWriteOnce);
 * - `Microsite`: Deployment, ServiceAccount, Service, NetworkPolicy, ConfigMap `-nginx`,
 *   PodDisruptionBudget (all `<name>-microsite`);
 * - `Ingress` (HardenedIngress `<name>`) when `host` is set;
 * - `Alerts` (PrometheusRule `<name>-alerts`) when `prometheusRule` is set.
 */
export class ElectoralFeed extends Construct {
  readonly name: string;
  readonly collector: SecureCronJob;
  readonly deployment: kplus.Deployment;
  readonly service: kplus.Service;
  readonly ingress?: HardenedIngress;
  readonly prometheusRule?: ApiObject;
  readonly publishClaim: kplus.k8s.KubePersistentVolumeClaim;
  readonly backupClaim: kplus.k8s.KubePersistentVolumeClaim;

  /** The file name published (FEED_FILE_NAME). */
  readonly fileName: string;
  readonly startingDeadlineSeconds: number;
  /** The Job's `activeDeadlineSeconds`. */
  readonly activeDeadlineSeconds: number;
  /** The collector's own deadline (FEED_DEADLINE_SECONDS), below `activeDeadlineSeconds`. */
  readonly collectorDeadlineSeconds: number;
  /** One HTTP request's time limit (FEED_TIMEOUT_SECONDS). */
  readonly requestTimeoutSeconds: number;
  /** FEED_MAX_BYTES. */
  readonly maxBytes: number;
  readonly backupKeep: number;
  readonly micrositeReplicas: number;
  /** No success for this long fires the critical alert (when `prometheusRule`). */
  readonly staleAfterSeconds: number;
  /** sha256 (hex) of the collector script, in the `checksum/collector-script` pod annotation. */
  readonly scriptChecksum: string;
  /** sha256 (hex) of the microsite's nginx.conf, in the `checksum/nginx-config` pod annotation. */
  readonly nginxConfigChecksum: string;

  constructor(scope: Construct, id: string, props: ElectoralFeedProps) {
    super(scope, id);
    this.name = constructName(this, props.name, MAX_NAME);

    // --- Schedule and deadlines ----------------------------------------------------------------
    const schedule = props.schedule ?? Schedule.cron('*/5 * * * *');
    const timeZone = props.timeZone ?? 'Etc/UTC';
    const tzProblem = validateTimeZone(timeZone);
    if (tzProblem) throw propError(this, 'timeZone', timeZone, tzProblem);
    const gap = schedule.shortestGapSeconds(timeZone);
    this.startingDeadlineSeconds = this.wholeSeconds('startingDeadline', props.startingDeadline, Math.min(60, Math.max(10, Math.floor(gap / 10))));
    this.activeDeadlineSeconds = this.wholeSeconds('activeDeadline', props.activeDeadline, Math.min(MAX_ACTIVE_DEADLINE_SECONDS, gap - this.startingDeadlineSeconds));
    const margin = this.wholeSeconds('deadlineMargin', props.deadlineMargin, 30);
    if (margin < 1) throw propError(this, 'deadlineMargin', `${margin}s`, 'a positive number of seconds: the collector must stop before the Job deadline');
    this.collectorDeadlineSeconds = this.activeDeadlineSeconds - margin;
    if (this.collectorDeadlineSeconds < MIN_COLLECTOR_DEADLINE_SECONDS) {
      throw propError(this, 'deadlineMargin', `${margin}s`,
        `a margin that leaves the collector at least ${MIN_COLLECTOR_DEADLINE_SECONDS}s of the ${this.activeDeadlineSeconds}s activeDeadlineSeconds (it would have ${this.collectorDeadlineSeconds}s)`);
    }
    this.requestTimeoutSeconds = this.wholeSeconds('requestTimeout', props.requestTimeout, Math.min(60, Math.floor(this.collectorDeadlineSeconds / 2)));
    if (this.requestTimeoutSeconds < 1 || this.requestTimeoutSeconds > this.collectorDeadlineSeconds) {
      throw propError(this, 'requestTimeout', `${this.requestTimeoutSeconds}s`, `from 1s to the collector's deadline (${this.collectorDeadlineSeconds}s)`);
    }

    // --- Source, secrets, egress, alerting -----------------------------------------------------
    const urlProblem = feedUrlProblem(props.sourceUrl);
    if (urlProblem) throw propError(this, 'sourceUrl', props.sourceUrl, urlProblem);
    if (props.signatureUrl !== undefined) {
      const sigProblem = feedUrlProblem(props.signatureUrl);
      if (sigProblem) throw propError(this, 'signatureUrl', props.signatureUrl, sigProblem);
    }
    const fileName = props.fileName ?? feedFileNameFromUrl(props.sourceUrl);
    if (fileName === undefined) throw propError(this, 'fileName', fileName, 'a file name: sourceUrl has no path segment to derive it from');
    const fileProblem = feedFileNameProblem(fileName);
    if (fileProblem) throw propError(this, props.fileName === undefined ? 'fileName (from sourceUrl)' : 'fileName', fileName, fileProblem);
    this.fileName = fileName;

    this.checkSecret('token', props.token);
    this.checkSecret('keyring', props.keyring);
    if (props.webhook !== undefined) this.checkSecret('webhook', props.webhook);
    this.checkEgress('sourceEgress', props.sourceEgress, 'at least one CIDR and port of the source API');
    if (props.webhook !== undefined) {
      this.checkEgress('webhookEgress', props.webhookEgress, 'at least one CIDR and port of the webhook: without egress the failure alert cannot leave the pod');
    } else if ((props.webhookEgress ?? []).length > 0) {
      throw propError(this, 'webhookEgress', props.webhookEgress, 'no webhook egress without a webhook (it would open egress for nothing)');
    }
    if (props.webhook === undefined && !props.prometheusRule) {
      throw propError(this, 'webhook/prometheusRule', '(neither)', 'at least one alerting path: a webhook the collector calls on failure, or prometheusRule (a failing feed must never be silent)');
    }

    // --- Storage -------------------------------------------------------------------------------
    this.backupKeep = props.backupKeep ?? 48;
    if (!Number.isInteger(this.backupKeep) || this.backupKeep < 1 || this.backupKeep > 100_000) {
      throw propError(this, 'backupKeep', this.backupKeep, 'a whole number of backups from 1 to 100000');
    }
    const publishSize = props.publishVolumeSize ?? '1Gi';
    const backupSize = props.backupVolumeSize ?? '2Gi';
    const publishBytes = this.volumeBytes('publishVolumeSize', publishSize);
    const backupBytes = this.volumeBytes('backupVolumeSize', backupSize);
    this.checkStorageClass('publishStorageClass', props.publishStorageClass);
    if (props.backupStorageClass !== undefined) this.checkStorageClass('backupStorageClass', props.backupStorageClass);
    this.maxBytes = this.fileSizeBound(props.maxBytes, publishBytes, backupBytes);

    // --- Microsite and exposure ----------------------------------------------------------------
    requirePinnedImage(this, 'micrositeImage', props.micrositeImage);
    this.micrositeReplicas = props.micrositeReplicas ?? 2;
    if (!Number.isInteger(this.micrositeReplicas) || this.micrositeReplicas < 1 || this.micrositeReplicas > 50) {
      throw propError(this, 'micrositeReplicas', this.micrositeReplicas, 'a whole number of replicas from 1 to 50');
    }
    const cacheMaxAge = this.wholeSeconds('cacheMaxAge', props.cacheMaxAge, 30);
    if (cacheMaxAge < 0 || cacheMaxAge > 3600) throw propError(this, 'cacheMaxAge', `${cacheMaxAge}s`, 'from 0 to 3600 seconds: results must not be cached for long');
    if (props.host !== undefined) {
      if (props.edge === undefined) throw propError(this, 'edge', props.edge, 'an Edge (Edge.gatewayApi/traefik/nginx) to expose host on');
      if (props.ingressControllerNamespace === undefined) {
        throw propError(this, 'ingressControllerNamespace', props.ingressControllerNamespace, 'the namespace of the ingress controller or Gateway pods, the only source the microsite accepts (required with host)');
      }
    }
    if (props.ingressControllerNamespace !== undefined) {
      const nsProblem = dnsLabelProblem(props.ingressControllerNamespace);
      if (nsProblem) throw propError(this, 'ingressControllerNamespace', props.ingressControllerNamespace, `a namespace that ${nsProblem}`);
    }

    // --- Alerting window -----------------------------------------------------------------------
    this.staleAfterSeconds = this.wholeSeconds('staleAfter', props.staleAfter, 2 * longestGapSeconds(schedule, timeZone));
    if (this.staleAfterSeconds < gap + this.startingDeadlineSeconds) {
      throw propError(this, 'staleAfter', `${this.staleAfterSeconds}s`,
        `at least one interval plus the starting deadline (${gap + this.startingDeadlineSeconds}s), or a healthy feed alerts`);
    }
    const namespace = Chart.of(this).namespace;
    if (props.prometheusRule && namespace === undefined) {
      throw propError(this, 'prometheusRule', true, 'a Chart with a namespace: the alert expressions select the CronJob by namespace');
    }
    for (const [key, value] of Object.entries(props.prometheusRuleLabels ?? {})) {
      if (!isLabelValue(value) || !/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(key)) {
        throw propError(this, `prometheusRuleLabels.${key}`, value, 'a valid label key and value');
      }
    }

    // --- Objects -------------------------------------------------------------------------------
    const script = props.collectorScript ?? readFileSync(DEFAULT_SCRIPT_PATH, 'utf8');
    if (script.trim() === '' || Buffer.byteLength(script) > MAX_SCRIPT_BYTES) {
      throw propError(this, 'collectorScript', `(${Buffer.byteLength(script)} bytes)`, `a non-empty script of at most ${MAX_SCRIPT_BYTES} bytes (it ships in a ConfigMap)`);
    }
    this.scriptChecksum = sha256Hex(script);

    const storageIdentity = this.identity(props, this.name, 'storage', shortDigest(props.collectorImage));
    this.publishClaim = this.claim('PublishClaim', `${this.name}-publish`, 'ReadWriteMany', publishSize, props.publishStorageClass);
    this.backupClaim = this.claim('BackupClaim', `${this.name}-backup`, 'ReadWriteOnce', backupSize, props.backupStorageClass);
    const publishRef = kplus.PersistentVolumeClaim.fromClaimName(this, 'PublishClaimRef', `${this.name}-publish`);
    const backupRef = kplus.PersistentVolumeClaim.fromClaimName(this, 'BackupClaimRef', `${this.name}-backup`);

    this.collector = this.addCollector(props, schedule, timeZone, fileName);
    // FEED_TOKEN_FILE holds the path of the mounted token file, not the token.
    exemptFromLinters(ApiObject.of(this.collector.cronJob), 'secretFilePathEnv');
    const scriptMap = new kplus.ConfigMap(this, 'CollectorScript', {
      metadata: { name: `${this.collector.name}-script` },
      data: { 'collect.sh': script },
    });
    // 0444: sh only reads the script; nobody (not even its owner) can change it in the pod.
    const scriptVolume = kplus.Volume.fromConfigMap(this, 'CollectorScriptVolume', scriptMap, { name: 'collector-script', defaultMode: 0o444 });
    this.collector.addVolumeMount(ELECTORAL_FEED_PATHS.scriptDir, scriptVolume, { readOnly: true });
    this.collector.addVolumeMount(ELECTORAL_FEED_PATHS.publishDir, kplus.Volume.fromPersistentVolumeClaim(this, 'CollectorPublishVolume', publishRef, { name: 'publish' }), { readOnly: false });
    this.collector.addVolumeMount(ELECTORAL_FEED_PATHS.backupDir, kplus.Volume.fromPersistentVolumeClaim(this, 'CollectorBackupVolume', backupRef, { name: 'backup' }), { readOnly: false });

    const microsite = new Construct(this, 'Microsite');
    const nginxConfig = micrositeNginxConfig({ port: MICROSITE_PORT, root: ELECTORAL_FEED_PATHS.publishDir, cacheMaxAgeSeconds: cacheMaxAge });
    this.nginxConfigChecksum = sha256Hex(nginxConfig);
    const micrositeIdentity = this.identity(props, `${this.name}-microsite`, 'microsite', shortDigest(props.micrositeImage));
    ({ deployment: this.deployment, service: this.service } = this.addMicrosite(microsite, props, micrositeIdentity, nginxConfig, publishRef));

    if (props.host !== undefined) {
      this.ingress = new HardenedIngress(this, 'Ingress', {
        name: this.name,
        hosts: [props.host],
        routes: [{ path: '/', service: this.service, port: MICROSITE_SERVICE_PORT }],
        edge: props.edge!,
        partOf: props.partOf,
        owner: props.owner,
        runbookUrl: props.runbookUrl,
      });
    }

    if (props.prometheusRule) {
      this.prometheusRule = new ApiObject(this, 'Alerts', {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PrometheusRule',
        metadata: { name: `${this.name}-alerts`, labels: { ...props.prometheusRuleLabels } },
        spec: {
          groups: [feedAlertRuleGroup({
            namespace: namespace!,
            cronJobName: this.collector.name,
            staleAfterSeconds: this.staleAfterSeconds,
            suspendedByConfig: props.suspend ?? false,
            runbookUrl: props.runbookUrl,
            alertPrefix: 'ElectoralFeed',
          })],
        },
      });
      stampIdentity(this.prometheusRule, this.identity(props, this.name, 'monitoring', shortDigest(props.collectorImage)));
    }

    stampIdentity(scriptMap, this.identity(props, this.collector.name, 'collector', shortDigest(props.collectorImage)));
    stampIdentity(this.publishClaim, storageIdentity);
    stampIdentity(this.backupClaim, storageIdentity);
    stampIdentity(microsite, micrositeIdentity);
  }

  private addCollector(props: ElectoralFeedProps, schedule: Schedule, timeZone: string, fileName: string): SecureCronJob {
    const paths = ELECTORAL_FEED_PATHS;
    const env: Record<string, string> = {
      FEED_SOURCE_URL: props.sourceUrl,
      ...(props.signatureUrl !== undefined ? { FEED_SIGNATURE_URL: props.signatureUrl } : {}),
      FEED_FILE_NAME: fileName,
      FEED_TOKEN_FILE: paths.tokenFile,
      FEED_KEYRING: paths.keyringFile,
      ...(props.webhook !== undefined ? { FEED_WEBHOOK_URL_FILE: paths.webhookUrlFile } : {}),
      FEED_PUBLISH_DIR: paths.publishDir,
      FEED_BACKUP_DIR: paths.backupDir,
      FEED_BACKUP_KEEP: String(this.backupKeep),
      FEED_MAX_BYTES: String(this.maxBytes),
      FEED_TIMEOUT_SECONDS: String(this.requestTimeoutSeconds),
      FEED_DEADLINE_SECONDS: String(this.collectorDeadlineSeconds),
    };
    const secretFiles = [
      { secret: props.token, path: paths.tokenFile },
      { secret: props.keyring, path: paths.keyringFile },
      ...(props.webhook !== undefined ? [{ secret: props.webhook, path: paths.webhookUrlFile }] : []),
    ];
    return new SecureCronJob(this, 'Collector', {
      name: `${this.name}-collector`,
      schedule,
      timeZone,
      image: props.collectorImage,
      command: ['/bin/sh', paths.script],
      env,
      secretFiles,
      resources: props.jobResources,
      egress: uniqueEgress([...props.sourceEgress, ...(props.webhookEgress ?? [])]),
      dnsPeer: props.dnsPeer,
      concurrencyPolicy: kplus.ConcurrencyPolicy.FORBID,
      startingDeadline: Duration.seconds(this.startingDeadlineSeconds),
      activeDeadline: Duration.seconds(this.activeDeadlineSeconds),
      // One pod per run: the script retries its requests inside its own deadline, and a retried
      // pod would start late against the Job's activeDeadlineSeconds. The next run is the retry.
      backoffLimit: 0,
      nonRetryableExitCodes: NON_RETRYABLE_EXIT_CODES,
      suspend: props.suspend ?? false,
      nodePool: props.nodePool,
      partOf: props.partOf,
      owner: props.owner,
      runbookUrl: props.runbookUrl,
      component: 'collector',
      podAnnotations: { [COLLECTOR_SCRIPT_CHECKSUM_ANNOTATION]: this.scriptChecksum },
    });
  }

  private addMicrosite(
    scope: Construct,
    props: ElectoralFeedProps,
    identity: WorkloadIdentity,
    nginxConfig: string,
    publishRef: kplus.IPersistentVolumeClaim,
  ): { deployment: kplus.Deployment; service: kplus.Service } {
    const name = identity.name;
    const podLabels = selectorLabels(identity);
    const serviceAccount = new kplus.ServiceAccount(scope, 'ServiceAccount', { metadata: { name }, automountToken: false });
    const deployment = new kplus.Deployment(scope, 'Deployment', {
      metadata: { name },
      replicas: this.micrositeReplicas,
      select: false,
      serviceAccount,
      automountServiceAccountToken: false,
      securityContext: hardenedPodSecurityContext(MICROSITE_RUN_AS),
      podMetadata: { labels: recommendedLabels(identity), annotations: { [NGINX_CONFIG_CHECKSUM_ANNOTATION]: this.nginxConfigChecksum } },
    });
    deployment.select(kplus.LabelSelector.of({ labels: podLabels }));

    const probe = (options: kplus.HttpGetProbeOptions) => kplus.Probe.fromHttpGet(HEALTH_PATH, { port: MICROSITE_PORT, timeoutSeconds: Duration.seconds(2), ...options });
    // Readiness asks nginx over HTTP (a pod that stops answering leaves the Service); liveness only
    // asks whether the listener is there, so a slow or overloaded pod is taken out of rotation, not
    // restarted, and the two never fail together (kube-score's pod-probes-identical).
    const liveness = kplus.Probe.fromTcpSocket({ port: MICROSITE_PORT, timeoutSeconds: Duration.seconds(2), periodSeconds: Duration.seconds(10), failureThreshold: 3 });
    const container = deployment.addContainer({
      name: 'nginx',
      image: props.micrositeImage,
      // The image's entrypoint scripts rewrite files under /etc/nginx, which a read-only root
      // refuses; nginx itself needs nothing of them with this configuration.
      command: ['nginx'],
      args: ['-p', '/tmp', '-e', 'stderr', '-c', ELECTORAL_FEED_PATHS.nginxConfig],
      ports: [{ number: MICROSITE_PORT, name: 'http', protocol: kplus.Protocol.TCP }],
      resources: containerResources(this, 'micrositeResources', props.micrositeResources ?? DEFAULT_MICROSITE_RESOURCES),
      securityContext: hardenedContainerSecurityContext(MICROSITE_RUN_AS),
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      startup: probe({ periodSeconds: Duration.seconds(2), failureThreshold: 30 }),
      readiness: probe({ periodSeconds: Duration.seconds(5), failureThreshold: 2 }),
      liveness,
    });
    mountTmp(scope, container);
    const configMap = new kplus.ConfigMap(scope, 'NginxConfig', { metadata: { name: `${name}-nginx` }, data: { 'nginx.conf': nginxConfig } });
    container.mount(ELECTORAL_FEED_PATHS.nginxConfigDir, kplus.Volume.fromConfigMap(scope, 'NginxConfigVolume', configMap, { name: 'nginx-config', defaultMode: 0o444 }), { readOnly: true });
    // readOnly on the volume itself, not only on the mount: the kubelet then skips the fsGroup
    // ownership change, so the microsite never changes the ownership of the collector's volume.
    const publish = kplus.Volume.fromPersistentVolumeClaim(scope, 'PublishVolume', publishRef, { name: 'publish', readOnly: true });
    container.mount(ELECTORAL_FEED_PATHS.publishDir, publish, { readOnly: true });

    const apiObject = ApiObject.of(deployment);
    addPodSeccompDefault(apiObject, '/spec/template/spec');
    // Replicas on different nodes (hard) and zones (best effort), each rollout revision on its own,
    // and a budget of one pod at a time. With a single replica both are harmless (a spread of one,
    // a budget that never blocks a drain) and the workload looks the same in every environment.
    addTopologySpread(apiObject, '/spec/template/spec', podLabels, [
      spreadAcrossNodes('DoNotSchedule', ['pod-template-hash']),
      spreadAcrossZones('ScheduleAnyway', ['pod-template-hash']),
    ]);
    addPodDisruptionBudget(scope, 'DisruptionBudget', { name, podLabels, budget: { maxUnavailable: 1 } });
    addEphemeralStorage(apiObject, '/spec/template/spec/containers/0');
    exemptFromLinters(apiObject, 'digestPinnedPullPolicy', 'perWorkloadNetworkPolicy', 'noPriorityClassInCluster');
    if (this.micrositeReplicas === 1) exemptFromLinters(apiObject, 'singleReplicaByConfig');

    const service = new kplus.Service(scope, 'Service', {
      metadata: { name },
      type: kplus.ServiceType.CLUSTER_IP,
      ports: [{ name: 'http', port: MICROSITE_SERVICE_PORT, targetPort: MICROSITE_PORT, protocol: kplus.Protocol.TCP }],
    });
    // By the stable selector labels, not cdk8s-plus' construct-address label (renamed with any id).
    for (const [key, value] of Object.entries(podLabels)) service.selectLabel(key, value);

    addWorkloadPolicy(scope, 'NetworkPolicy', {
      name,
      podLabels,
      ingress: props.ingressControllerNamespace === undefined ? [] : [ingressFromNamespace(props.ingressControllerNamespace, MICROSITE_PORT)],
      egress: [], // static files from a volume: no connection out, not even DNS
    });
    return { deployment, service };
  }

  private claim(id: string, name: string, accessMode: 'ReadWriteMany' | 'ReadWriteOnce', size: string, storageClassName: string | undefined): kplus.k8s.KubePersistentVolumeClaim {
    return new kplus.k8s.KubePersistentVolumeClaim(this, id, {
      metadata: { name, annotations: { ...KEEP_DATA_ANNOTATIONS } },
      spec: {
        accessModes: [accessMode],
        volumeMode: 'Filesystem',
        storageClassName,
        resources: { requests: { storage: kplus.k8s.Quantity.fromString(size) } },
      },
    });
  }

  private identity(props: ElectoralFeedProps, name: string, component: string, version: string): WorkloadIdentity {
    const identity: WorkloadIdentity = { name, instance: name, component, partOf: props.partOf, version, owner: props.owner, runbookUrl: props.runbookUrl };
    const problem = identityProblem(identity);
    if (problem) throw propError(this, 'partOf/owner/runbookUrl', identity, problem);
    return identity;
  }

  /** FEED_MAX_BYTES: what the volumes can hold, or the given bound when it fits. */
  private fileSizeBound(given: number | undefined, publishBytes: number, backupBytes: number): number {
    // The publish volume holds the live file and a complete temp copy (plus a killed run's
    // leftover); the backup volume holds backupKeep versions, the new one and a leftover stage.
    const publishBound = Math.floor(publishBytes / 3);
    const backupBound = Math.floor(backupBytes / (this.backupKeep + 2));
    const fits = Math.min(publishBound, backupBound);
    if (given === undefined) {
      if (fits < MEBIBYTE) {
        throw propError(this, 'backupVolumeSize', `${backupBytes} bytes`,
          `room for backupKeep (${this.backupKeep}) + 2 versions of at least 1 MiB each (and a publish volume of at least 3 MiB): enlarge the volumes or keep fewer backups`);
      }
      return Math.min(SCRIPT_DEFAULT_MAX_BYTES, fits);
    }
    if (!Number.isInteger(given) || given < 1 || given > fits) {
      throw propError(this, 'maxBytes', given,
        `a whole number of bytes from 1 to ${fits}: a third of the publish volume (${publishBound}) and the backup volume over backupKeep + 2 (${backupBound})`);
    }
    return given;
  }

  private volumeBytes(prop: string, size: string): number {
    const bytes = typeof size === 'string' ? quantityValue(size) : undefined;
    if (bytes === undefined || bytes < MEBIBYTE || !Number.isInteger(bytes)) {
      throw propError(this, prop, size, 'a storage quantity of at least 1Mi, e.g. "1Gi" or "500Mi"');
    }
    return bytes;
  }

  private checkStorageClass(prop: string, name: string): void {
    const problem = typeof name === 'string' ? dnsSubdomainProblem(name) : 'must be a string';
    if (problem) throw propError(this, prop, name, `a StorageClass name that ${problem}`);
  }

  private checkSecret(prop: string, ref: SecretKeyReference): void {
    const nameProblem = dnsSubdomainProblem(ref?.secretName ?? '');
    if (nameProblem) throw propError(this, `${prop}.secretName`, ref?.secretName, `a Secret name that ${nameProblem}`);
    if (!SECRET_KEY.test(ref.key ?? '')) throw propError(this, `${prop}.key`, ref.key, 'a Secret key of letters, digits, "-", "_" and "."');
  }

  private checkEgress(prop: string, destinations: readonly EgressDestination[] | undefined, expected: string): void {
    if (destinations === undefined || destinations.length === 0) throw propError(this, prop, destinations, expected);
    validateEgress(this, prop, destinations);
  }

  private wholeSeconds(prop: string, value: Duration | undefined, fallback: number): number {
    if (value === undefined) return fallback;
    const seconds = value.toSeconds();
    if (!Number.isInteger(seconds) || seconds < 0) throw propError(this, prop, `${seconds}s`, 'a whole number of seconds');
    return seconds;
  }
}


function uniqueEgress(destinations: readonly EgressDestination[]): EgressDestination[] {
  const seen = new Map<string, EgressDestination>();
  for (const d of destinations) seen.set(`${d.cidr}:${d.port}`, { cidr: d.cidr, port: d.port });
  return [...seen.values()];
}

