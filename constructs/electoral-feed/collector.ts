import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import type { Schedule } from '../../lib/cron';
import { NON_RETRYABLE_EXIT_CODES } from '../../lib/electoral/contract';
import type { EgressDestination } from '../../lib/network';
import { OFFSITE_CREDENTIAL_KEYS, offsiteEnvironment } from '../../lib/offsite';
import * as kplus from '../../lib/plus';
import { SecureCronJob } from '../secure-cron-job';
import { ELECTORAL_FEED_PATHS, ElectoralFeedProps, FeedFacts } from './props';

/**
 * The collector: a SecureCronJob running the collector image's own command (collect.sh, baked
 * into the digest-pinned image) with its FEED_* settings and Secret files.
 */
export function collectorJob(
  scope: Construct, feed: FeedFacts, props: ElectoralFeedProps, schedule: Schedule, timeZone: string, fileName: string,
): SecureCronJob {
  const paths = ELECTORAL_FEED_PATHS;
  const offsite = props.offsiteBackup;
  const offsiteFiles = { accessKeyIdFile: paths.offsiteAccessKeyIdFile, secretAccessKeyFile: paths.offsiteSecretAccessKeyFile };
  const env: Record<string, string> = {
    FEED_SOURCE_URL: props.sourceUrl,
    ...(props.signatureUrl !== undefined ? { FEED_SIGNATURE_URL: props.signatureUrl } : {}),
    FEED_FILE_NAME: fileName,
    FEED_TOKEN_FILE: paths.tokenFile,
    FEED_KEYRING: paths.keyringFile,
    FEED_SIGNER_FINGERPRINTS: feed.signerFingerprints.join(','),
    ...(props.webhook !== undefined ? { FEED_WEBHOOK_URL_FILE: paths.webhookUrlFile } : {}),
    FEED_PUBLISH_DIR: paths.publishDir,
    FEED_BACKUP_DIR: paths.backupDir,
    FEED_BACKUP_KEEP: String(feed.backupKeep),
    FEED_MAX_BYTES: String(feed.maxBytes),
    FEED_TIMEOUT_SECONDS: String(feed.requestTimeoutSeconds),
    FEED_DEADLINE_SECONDS: String(feed.collectorDeadlineSeconds),
    // Where the collector keeps its metrics (lib/observability/feed-metrics.ts); nginx serves them on the metrics port.
    ...(props.monitoring !== undefined ? { FEED_METRICS_FILE: paths.metricsFile } : {}),
    // The off-cluster copy of every backup (OFFSITE_*: paths of the key files, never the keys).
    ...(offsite !== undefined ? offsiteEnvironment(offsite.target, offsiteFiles) : {}),
  };
  const secretFiles = [
    { secret: props.token, path: paths.tokenFile },
    { secret: props.keyring, path: paths.keyringFile },
    ...(props.webhook !== undefined ? [{ secret: props.webhook, path: paths.webhookUrlFile }] : []),
    ...(offsite !== undefined ? [
      { secret: { secretName: offsite.credentialsSecretName, key: OFFSITE_CREDENTIAL_KEYS.accessKeyId }, path: offsiteFiles.accessKeyIdFile },
      { secret: { secretName: offsite.credentialsSecretName, key: OFFSITE_CREDENTIAL_KEYS.secretAccessKey }, path: offsiteFiles.secretAccessKeyFile },
    ] : []),
  ];
  return new SecureCronJob(scope, 'Collector', {
    name: `${feed.name}-collector`,
    schedule,
    timeZone,
    image: props.collectorImage,
    env,
    secretFiles,
    resources: props.jobResources,
    egress: uniqueEgress([...props.sourceEgress, ...(props.webhookEgress ?? []), ...(offsite?.egress ?? [])]),
    dnsPeer: props.dnsPeer,
    concurrencyPolicy: kplus.ConcurrencyPolicy.FORBID,
    startingDeadline: Duration.seconds(feed.startingDeadlineSeconds),
    activeDeadline: Duration.seconds(feed.activeDeadlineSeconds),
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
    monitoring: props.monitoring,
  });
}

function uniqueEgress(destinations: readonly EgressDestination[]): EgressDestination[] {
  const seen = new Map<string, EgressDestination>();
  for (const d of destinations) seen.set(`${d.cidr}:${d.port}`, { cidr: d.cidr, port: d.port });
  return [...seen.values()];
}

