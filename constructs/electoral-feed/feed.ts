import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { KEEP_DATA_ANNOTATIONS } from '../../lib/argocd';
import { sha256Hex } from '../../lib/checksum';
import { Schedule } from '../../lib/cron';
import { feedFileNameFromUrl, feedFileNameProblem, feedUrlProblem, SCRIPT_DEFAULT_MAX_BYTES } from '../../lib/electoral/contract';
import { micrositeNginxConfig } from '../../lib/electoral/nginx-config';
import { propError } from '../../lib/errors';
import { requirePinnedImage, shortDigest } from '../../lib/image';
import { exemptFromLinters } from '../../lib/linter-exemptions';
import { stampIdentity, WorkloadIdentity } from '../../lib/metadata';
import { EgressDestination, validateEgress } from '../../lib/network';
import {
  addDashboard, addPodMonitor, addPrometheusRule, electionWindowsProblem, feedDashboard, feedFreshnessRuleGroup, requireMonitoring, routingOf,
  volumeAlertRules, workloadAlertRuleGroup,
} from '../../lib/observability';
import { OFFSITE_CREDENTIAL_KEYS, offsiteTargetProblems } from '../../lib/offsite';
import { declareSecret, mergeSecretDeclarations, SecretDeclaration, secretsDeclaredUnder } from '../../lib/secrets';
import * as kplus from '../../lib/plus';
import {
  constructName, integerProblem, requireDnsLabel, requireDnsSubdomain, requireIdentity, requireInteger, requireSeconds,
  requireSecretKeyReference, requireStorageSize, requireTimeZone, requireValid,
} from '../../lib/validate';
import { HardenedIngress } from '../hardened-ingress';
import { SecureCronJob } from '../secure-cron-job';
import { collectorJob } from './collector';
import { addMicrosite } from './microsite';
import { ELECTORAL_FEED_PATHS, ElectoralFeedProps, MICROSITE_METRICS_PORT, MICROSITE_PORT, MICROSITE_SERVICE_PORT } from './props';
import { checkElectoralFeedProps } from './validate-props';

const MAX_NAME = 42; // the CronJob name "<name>-collector" stays within 52
const MEBIBYTE = 1024 * 1024;
const MAX_ACTIVE_DEADLINE_SECONDS = 600;
const MIN_COLLECTOR_DEADLINE_SECONDS = 10;

/** The schedule as resolved: its time zone and the shortest gap between two runs. */
interface ResolvedSchedule {
  readonly schedule: Schedule;
  readonly timeZone: string;
  readonly gap: number;
}

/**
 * Signed election results fetched on a schedule, verified, published atomically with backups,
 * served read-only by an unprivileged nginx, and alerted on when anything fails.
 *
 * Objects (construct ids are public contract; names derive from `name`):
 * - `Collector` (SecureCronJob `<name>-collector`: CronJob, ServiceAccount, NetworkPolicy `-egress`),
 *   running the collector image's own command (the script is in the digest-pinned image);
 * - `PublishClaim` (PVC `<name>-publish`, ReadWriteMany), `BackupClaim` (PVC `<name>-backup`, ReadWriteOnce);
 * - `Microsite`: Deployment, ServiceAccount, Service, NetworkPolicy, ConfigMap `-nginx`,
 *   PodDisruptionBudget (all `<name>-microsite`);
 * - `Ingress` (HardenedIngress `<name>`) when `host` is set;
 * - with `monitoring`: `Alerts` (PrometheusRule `<name>-alerts`: freshness), `Collector/Alerts`
 *   (`<name>-collector-alerts`), `Microsite/Monitor` (PodMonitor `<name>-microsite`), `Dashboard`
 *   (ConfigMap `<name>-dashboard`).
 */
export class ElectoralFeed extends Construct {
  readonly name: string;
  readonly collector: SecureCronJob;
  readonly deployment: kplus.Deployment;
  readonly service: kplus.Service;
  readonly ingress?: HardenedIngress;
  readonly prometheusRule?: ApiObject;
  readonly podMonitor?: ApiObject;
  readonly dashboard?: kplus.ConfigMap;
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
  /** Published results older than this alert (with `monitoring`). */
  readonly staleAfterSeconds: number;
  /** The pinned signer fingerprints, upper case (FEED_SIGNER_FINGERPRINTS). */
  readonly signerFingerprints: readonly string[];
  /** sha256 (hex) of the microsite's nginx.conf, in the `checksum/nginx-config` pod annotation. */
  readonly nginxConfigChecksum: string;

  constructor(scope: Construct, id: string, props: ElectoralFeedProps) {
    super(scope, id);
    this.name = constructName(this, props.name, MAX_NAME);
    const schedule = this.resolveSchedule(props);
    const deadlines = this.deadlines(props, schedule);
    this.startingDeadlineSeconds = deadlines.starting;
    this.activeDeadlineSeconds = deadlines.active;
    this.collectorDeadlineSeconds = deadlines.collector;
    this.requestTimeoutSeconds = deadlines.requestTimeout;
    this.fileName = this.checkSource(props);
    this.signerFingerprints = this.checkSigners(props.signerFingerprints);
    this.backupKeep = requireInteger(this, 'backupKeep', props.backupKeep ?? 48, { min: 1, max: 100_000 }, 'a whole number of backups');
    const volumes = this.checkVolumes(props);
    this.maxBytes = this.fileSizeBound(props.maxBytes, volumes.publishBytes, volumes.backupBytes);
    this.micrositeReplicas = requireInteger(this, 'micrositeReplicas', props.micrositeReplicas ?? 2, { min: 1, max: 50 }, 'a whole number of replicas');
    const cacheMaxAge = this.checkExposure(props);
    this.staleAfterSeconds = this.checkStaleAfter(props, schedule);
    const namespace = this.checkMonitoring(props);

    const storageIdentity = this.identity(props, this.name, 'storage', shortDigest(props.collectorImage));
    this.publishClaim = this.claim('PublishClaim', `${this.name}-publish`, 'ReadWriteMany', volumes.publishSize, props.publishStorageClass);
    this.backupClaim = this.claim('BackupClaim', `${this.name}-backup`, 'ReadWriteOnce', volumes.backupSize, props.backupStorageClass);
    const publishRef = kplus.PersistentVolumeClaim.fromClaimName(this, 'PublishClaimRef', `${this.name}-publish`);
    const backupRef = kplus.PersistentVolumeClaim.fromClaimName(this, 'BackupClaimRef', `${this.name}-backup`);
    this.checkOffsiteBackup(props);
    this.collector = collectorJob(this, this, props, schedule.schedule, schedule.timeZone, this.fileName);
    this.mountCollectorVolumes(publishRef, backupRef);

    const microsite = new Construct(this, 'Microsite');
    const metrics = props.monitoring === undefined ? undefined : { port: MICROSITE_METRICS_PORT, file: ELECTORAL_FEED_PATHS.metricsFile };
    const nginxConfig = micrositeNginxConfig({
      port: MICROSITE_PORT, root: ELECTORAL_FEED_PATHS.publishDir, cacheMaxAgeSeconds: cacheMaxAge, metrics,
    });
    this.nginxConfigChecksum = sha256Hex(nginxConfig);
    const micrositeIdentity = this.identity(props, `${this.name}-microsite`, 'microsite', shortDigest(props.micrositeImage));
    ({ deployment: this.deployment, service: this.service } = addMicrosite(microsite, this, props, micrositeIdentity, nginxConfig, publishRef));
    this.ingress = this.addIngress(props);
    ({ rule: this.prometheusRule, podMonitor: this.podMonitor, dashboard: this.dashboard } = this.addMonitoring(props, namespace, microsite));

    stampIdentity(this.publishClaim, storageIdentity);
    stampIdentity(this.backupClaim, storageIdentity);
    stampIdentity(microsite, micrositeIdentity);
  }

  // -------------------------------------------------------------------------------------------
  // Checks
  // -------------------------------------------------------------------------------------------

  /** The Secrets the feed's workloads read (one per name, with every key), for the environment to deliver. */
  get secrets(): readonly SecretDeclaration[] {
    return mergeSecretDeclarations(secretsDeclaredUnder(this));
  }

  private resolveSchedule(props: ElectoralFeedProps): ResolvedSchedule {
    const schedule = checkElectoralFeedProps(this, this.name, props);
    const timeZone = requireTimeZone(this, 'timeZone', props.timeZone ?? 'Etc/UTC');
    return { schedule, timeZone, gap: schedule.shortestGapSeconds(timeZone) };
  }

  /** The Job's deadlines and, inside them, the collector's own deadline and request timeout. */
  private deadlines(props: ElectoralFeedProps, { gap }: ResolvedSchedule) {
    const starting = requireSeconds(this, 'startingDeadline', props.startingDeadline, Math.min(60, Math.max(10, Math.floor(gap / 10))));
    const active = requireSeconds(this, 'activeDeadline', props.activeDeadline, Math.min(MAX_ACTIVE_DEADLINE_SECONDS, gap - starting));
    const margin = requireSeconds(this, 'deadlineMargin', props.deadlineMargin, 30);
    if (margin < 1) throw propError(this, 'deadlineMargin', `${margin}s`, 'a positive number of seconds: the collector must stop before the Job deadline');
    const collector = active - margin;
    if (collector < MIN_COLLECTOR_DEADLINE_SECONDS) {
      throw propError(this, 'deadlineMargin', `${margin}s`, `a margin that leaves the collector at least ${MIN_COLLECTOR_DEADLINE_SECONDS}s `
        + `of the ${active}s activeDeadlineSeconds (it would have ${collector}s)`);
    }
    const requestTimeout = requireSeconds(this, 'requestTimeout', props.requestTimeout, Math.min(60, Math.floor(collector / 2)));
    if (requestTimeout < 1 || requestTimeout > collector) {
      throw propError(this, 'requestTimeout', `${requestTimeout}s`, `from 1s to the collector's deadline (${collector}s)`);
    }
    return { starting, active, collector, requestTimeout };
  }

  /** The source URLs, the published file name, the Secrets, egress and the alerting paths; returns the file name. */
  private checkSource(props: ElectoralFeedProps): string {
    requireValid(this, 'sourceUrl', props.sourceUrl, feedUrlProblem);
    if (props.signatureUrl !== undefined) requireValid(this, 'signatureUrl', props.signatureUrl, feedUrlProblem);
    const fileName = props.fileName ?? feedFileNameFromUrl(props.sourceUrl);
    if (fileName === undefined) throw propError(this, 'fileName', fileName, 'a file name: sourceUrl has no path segment to derive it from');
    requireValid(this, props.fileName === undefined ? 'fileName (from sourceUrl)' : 'fileName', fileName, feedFileNameProblem);

    requireSecretKeyReference(this, 'token', props.token);
    requireSecretKeyReference(this, 'keyring', props.keyring);
    if (props.webhook !== undefined) requireSecretKeyReference(this, 'webhook', props.webhook);
    declareSecret(this, { name: props.token.secretName, purpose: 'bearer token for the results API', keys: [{ key: props.token.key }] });
    declareSecret(this, {
      name: props.keyring.secretName,
      purpose: "the publisher's OpenPGP keyring that verifies the results signature",
      keys: [{ key: props.keyring.key, binary: true }],
    });
    if (props.webhook !== undefined) {
      declareSecret(this, { name: props.webhook.secretName, purpose: 'webhook URL the collector alerts on failure', keys: [{ key: props.webhook.key }] });
    }
    this.checkEgress('sourceEgress', props.sourceEgress, 'at least one CIDR and port of the source API');
    if (props.webhook !== undefined) {
      this.checkEgress('webhookEgress', props.webhookEgress,
        'at least one CIDR and port of the webhook: without egress the failure alert cannot leave the pod');
    } else if ((props.webhookEgress ?? []).length > 0) {
      throw propError(this, 'webhookEgress', props.webhookEgress, 'no webhook egress without a webhook (it would open egress for nothing)');
    }
    if (props.webhook === undefined && props.monitoring === undefined) {
      throw propError(this, 'webhook/monitoring', '(neither)',
        'at least one alerting path: a webhook the collector calls on failure, or monitoring (a failing feed must never be silent)');
    }
    return fileName;
  }

  /** The off-cluster copy: a usable target, its credentials Secret (declared for delivery) and egress. */
  private checkOffsiteBackup(props: ElectoralFeedProps): void {
    const offsite = props.offsiteBackup;
    if (offsite === undefined) return;
    for (const { field, value, problem } of offsiteTargetProblems(offsite.target)) {
      throw propError(this, `offsiteBackup.target.${field}`, value, problem);
    }
    requireDnsSubdomain(this, 'offsiteBackup.credentialsSecretName', offsite.credentialsSecretName, 'a Secret name');
    this.checkEgress('offsiteBackup.egress', offsite.egress, "at least one CIDR and port: the endpoint's addresses");
    declareSecret(this, {
      name: offsite.credentialsSecretName,
      purpose: "the bucket key pair the collector copies the feed's backups with (put and get on its prefix only)",
      keys: [{ key: OFFSITE_CREDENTIAL_KEYS.accessKeyId }, { key: OFFSITE_CREDENTIAL_KEYS.secretAccessKey }],
    });
  }

  private checkVolumes(props: ElectoralFeedProps) {
    const publishSize = props.publishVolumeSize ?? '1Gi';
    const backupSize = props.backupVolumeSize ?? '2Gi';
    const publishBytes = requireStorageSize(this, 'publishVolumeSize', publishSize);
    const backupBytes = requireStorageSize(this, 'backupVolumeSize', backupSize);
    requireDnsSubdomain(this, 'publishStorageClass', props.publishStorageClass, 'a StorageClass name');
    if (props.backupStorageClass !== undefined) requireDnsSubdomain(this, 'backupStorageClass', props.backupStorageClass, 'a StorageClass name');
    return { publishSize, backupSize, publishBytes, backupBytes };
  }

  /** The microsite image, cache lifetime and exposure props; returns the cache max-age in seconds. */
  private checkExposure(props: ElectoralFeedProps): number {
    requirePinnedImage(this, 'micrositeImage', props.micrositeImage);
    const cacheMaxAge = requireSeconds(this, 'cacheMaxAge', props.cacheMaxAge, 30);
    if (cacheMaxAge > 3600) throw propError(this, 'cacheMaxAge', `${cacheMaxAge}s`, 'from 0 to 3600 seconds: results must not be cached for long');
    if (props.host !== undefined) {
      this.checkSourceHostDiffers(props, props.host);
      if (props.edge === undefined) throw propError(this, 'edge', props.edge, 'an Edge (Edge.gatewayApi/traefik/nginx) to expose host on');
      if (props.ingressControllerNamespace === undefined) {
        throw propError(this, 'ingressControllerNamespace', props.ingressControllerNamespace,
          'the namespace of the ingress controller or Gateway pods, the only source the microsite accepts (required with host)');
      }
    }
    if (props.ingressControllerNamespace !== undefined) {
      requireDnsLabel(this, 'ingressControllerNamespace', props.ingressControllerNamespace, 'a namespace');
    }
    return cacheMaxAge;
  }

  /** The collector sends its bearer token to the source: never to our own microsite's host (our edge). */
  private checkSourceHostDiffers(props: ElectoralFeedProps, host: string): void {
    const urls: Array<[string, string | undefined]> = [['sourceUrl', props.sourceUrl], ['signatureUrl', props.signatureUrl]];
    for (const [prop, url] of urls) {
      if (url !== undefined && new URL(url).hostname.toLowerCase() === host.toLowerCase().replace(/\.$/, '')) {
        throw propError(this, prop, url,
          `a URL on a host other than the microsite's host ${host}: the collector would send its bearer token to our own edge`);
      }
    }
  }

  private checkStaleAfter(props: ElectoralFeedProps, { schedule, timeZone, gap }: ResolvedSchedule): number {
    const staleAfter = requireSeconds(this, 'staleAfter', props.staleAfter, 2 * schedule.longestGapSeconds(timeZone));
    if (staleAfter < gap + this.startingDeadlineSeconds) {
      throw propError(this, 'staleAfter', `${staleAfter}s`,
        `at least one interval plus the starting deadline (${gap + this.startingDeadlineSeconds}s), or a healthy feed alerts`);
    }
    return staleAfter;
  }

  /** The monitoring options, the election windows and the namespace (its Chart's) the alerts select; returns the namespace. */
  private checkMonitoring(props: ElectoralFeedProps): string | undefined {
    const namespace = Chart.of(this).namespace;
    if (props.electionWindows !== undefined) requireValid(this, 'electionWindows', props.electionWindows, electionWindowsProblem);
    if (props.monitoring === undefined) return namespace;
    if (namespace === undefined) {
      throw propError(this, 'monitoring', '(set)', 'a Chart with a namespace: the alert expressions select the CronJob by namespace');
    }
    requireMonitoring(this, 'monitoring', props.monitoring);
    return namespace;
  }

  /** FEED_SIGNER_FINGERPRINTS: at least one primary-key fingerprint, 40 hex digits each; upper case. */
  private checkSigners(fingerprints: readonly string[] | undefined): readonly string[] {
    if (fingerprints === undefined || fingerprints.length === 0) {
      throw propError(this, 'signerFingerprints', fingerprints, 'at least one primary-key fingerprint of the publisher (40 hex digits)');
    }
    for (const fingerprint of fingerprints) {
      if (typeof fingerprint !== 'string' || !/^[0-9A-Fa-f]{40}$/.test(fingerprint)) {
        throw propError(this, 'signerFingerprints', fingerprint,
          'a primary-key fingerprint of 40 hex digits, without spaces (gpg --with-colons --fingerprint)');
      }
    }
    return [...new Set(fingerprints.map((f) => f.toUpperCase()))];
  }

  // -------------------------------------------------------------------------------------------
  // Objects
  // -------------------------------------------------------------------------------------------

  /** The two volumes, mounted into the collector. */
  private mountCollectorVolumes(publishRef: kplus.IPersistentVolumeClaim, backupRef: kplus.IPersistentVolumeClaim): void {
    // FEED_TOKEN_FILE holds the path of the mounted token file, not the token.
    exemptFromLinters(ApiObject.of(this.collector.cronJob), 'secretFilePathEnv');
    const publish = kplus.Volume.fromPersistentVolumeClaim(this, 'CollectorPublishVolume', publishRef, { name: 'publish' });
    const backup = kplus.Volume.fromPersistentVolumeClaim(this, 'CollectorBackupVolume', backupRef, { name: 'backup' });
    this.collector.addVolumeMount(ELECTORAL_FEED_PATHS.publishDir, publish, { readOnly: false });
    this.collector.addVolumeMount(ELECTORAL_FEED_PATHS.backupDir, backup, { readOnly: false });
  }

  private addIngress(props: ElectoralFeedProps): HardenedIngress | undefined {
    if (props.host === undefined) return undefined;
    return new HardenedIngress(this, 'Ingress', {
      name: this.name,
      hosts: [props.host],
      routes: [{ path: '/', service: this.service, port: MICROSITE_SERVICE_PORT }],
      edge: props.edge!,
      partOf: props.partOf,
      owner: props.owner,
      runbookUrl: props.runbookUrl,
    });
  }

  /** The freshness alerts, the PodMonitor of the metrics port and the dashboard (with `monitoring`). */
  private addMonitoring(props: ElectoralFeedProps, namespace: string | undefined, microsite: Construct) {
    if (props.monitoring === undefined) return {};
    const micrositeName = this.deployment.name;
    const routing = routingOf(props);
    const claims = [{ claimName: `${this.name}-publish` }, { claimName: `${this.name}-backup` }];
    const rule = addPrometheusRule(this, 'Alerts', `${this.name}-alerts`, [
      feedFreshnessRuleGroup({
        namespace: namespace!,
        cronJobName: this.collector.name,
        micrositeName,
        maxAgeSeconds: this.staleAfterSeconds,
        electionWindows: props.electionWindows ?? [],
        routing,
      }),
      workloadAlertRuleGroup({ kind: 'Deployment', namespace: namespace!, name: micrositeName, routing }),
      {
        name: `${this.name}.volume.rules`,
        rules: volumeAlertRules({
          namespace: namespace!, claims, routing, owner: `ElectoralFeed ${namespace}/${this.name}`, labels: { cronjob: this.collector.name },
        }),
      },
    ], props.monitoring);
    stampIdentity(rule, this.identity(props, this.name, 'monitoring', shortDigest(props.collectorImage)));
    const podMonitor = addPodMonitor(microsite, 'Monitor', {
      name: micrositeName,
      selector: this.deployment.matchLabels,
      port: 'metrics',
    }, props.monitoring);
    const dashboard = addDashboard(this, 'Dashboard', feedDashboard({
      uid: this.name, namespace: namespace!, cronJobName: this.collector.name, micrositeName,
    }));
    stampIdentity(dashboard, this.identity(props, this.name, 'monitoring', shortDigest(props.collectorImage)));
    return { rule, podMonitor, dashboard };
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
    const { partOf, owner, runbookUrl } = props;
    return requireIdentity(this, { name, instance: name, component, partOf, version, owner, runbookUrl });
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
    return requireValid(this, 'maxBytes', given, (bytes) => integerProblem(bytes, { min: 1, max: fits }, 'a whole number of bytes')
      && `a whole number of bytes from 1 to ${fits}: a third of the publish volume (${publishBound}) and the backup volume over backupKeep + 2 (${backupBound})`);
  }

  private checkEgress(prop: string, destinations: readonly EgressDestination[] | undefined, expected: string): void {
    if (destinations === undefined || destinations.length === 0) throw propError(this, prop, destinations, expected);
    validateEgress(this, prop, destinations);
  }
}
