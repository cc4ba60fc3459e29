import { Schedule, validateTimeZone } from '../lib/cron';
import { parseGoDuration } from '../lib/cron/go-duration';
import type { SyncWindowConfig } from '../lib/bootstrap/types';
import { REMOTE_STATE_KINDS } from '../lib/bootstrap/state-backends';
import { imagePinProblem, pinnedImage } from '../lib/image';
import { DnsPeer, EgressDestination, egressProblem } from '../lib/network';
import { offsiteTargetProblems } from '../lib/offsite';
import { electionWindowsProblem, prometheusScraperProblem } from '../lib/observability';
import { isAtLeast, parseK8sVersion } from '../lib/policy/k8s-version';
import { cpuMillis, memoryMebibytes } from '../lib/quantity';
import type { ImageReference, SecretKeyReference } from '../lib/references';
import type { ResourceSpec } from '../lib/resources';
import { secretsDeliveryProblems } from '../lib/secrets';
import {
  cpuProblem, dnsLabelProblem, dnsSubdomainProblem, httpsUrlProblem, integerProblem, isLabelValue, labelKeyProblem, labelValueProblem,
  memoryProblem, nonEmptyProblem, oneOfProblem, relativePathProblem, secretKeyProblem, storageSizeProblem,
} from '../lib/validate';
import { ConfigChecker } from './config-checker';
import type { EnvironmentConfig, OffsiteBackupConfig } from './types';

import { SUPPORTED_K8S_MINORS as SUPPORTED_MINORS } from '../lib/policy/k8s-version';

/** Validates one environment; throws one error listing every bad field. Returns the config. */
export function validateEnvironment(env: EnvironmentConfig): EnvironmentConfig {
  const c = new ConfigChecker(env.name);
  c.check('name', env.name, (v) => dnsLabelProblem(v, 20));
  c.check('tier', env.tier, (v) => (['development', 'staging', 'production'].includes(v) ? undefined : 'development, staging or production'));
  checkCluster(c, env);
  checkNamespaces(c, env);
  c.check('registry', env.registry, (v) => (/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/.test(v) ? undefined : 'a registry host and optional path, e.g. "registry.example.org/platform"'));
  c.check('timeZone', env.timeZone, validateTimeZone);
  c.check('owner', env.owner, (v) => (isLabelValue(v) && v !== '' ? undefined : 'a team name usable as a label value'));
  c.check('runbookBaseUrl', env.runbookBaseUrl, httpsUrlProblem);
  checkBatchPool(c, env);
  c.check('storageClasses.readWriteOnce', env.storageClasses.readWriteOnce, dnsSubdomainProblem);
  c.check('storageClasses.readWriteMany', env.storageClasses.readWriteMany, dnsSubdomainProblem);
  checkEdge(c, env);
  checkSecretRef(c, 'alerting.webhook', env.alerting.webhook);
  checkEgress(c, 'alerting.webhookEgress', env.alerting.webhookEgress);
  if (env.alerting.prometheus !== undefined) c.check('alerting.prometheus', env.alerting.prometheus, prometheusScraperProblem);
  checkCleanup(c, env);
  checkElectoralFeed(c, env);
  checkTaskManager(c, env);
  checkBootstrap(c, env);
  for (const [field, expected] of secretsDeliveryProblems(env.secrets)) c.fail(`secrets.${field}`, expected);
  if (typeof env.reloader !== 'boolean') c.fail('reloader', 'true when Stakater Reloader runs in the cluster, else false');
  c.throwIfAny();
  return env;
}

function checkCluster(c: ConfigChecker, env: EnvironmentConfig): void {
  c.check('cluster.name', env.cluster.name, (v) => dnsLabelProblem(v));
  c.check('cluster.server', env.cluster.server, httpsUrlProblem);
  c.check('cluster.kubernetesVersion', env.cluster.kubernetesVersion, (v) => {
    const match = /^1\.(\d+)$/.exec(v);
    if (!match) return 'a version as MAJOR.MINOR, e.g. "1.32"';
    const minor = Number(match[1]);
    return minor < SUPPORTED_MINORS.min || minor > SUPPORTED_MINORS.max
      ? `a version from 1.${SUPPORTED_MINORS.min} to 1.${SUPPORTED_MINORS.max}`
      : undefined;
  });
  c.check('cluster.kubeconfigPath', env.cluster.kubeconfigPath, relativePathProblem);
  c.check('cluster.kubeContext', env.cluster.kubeContext, nonEmptyProblem);
  const dns = env.cluster.dns;
  if (dns !== undefined) {
    c.check('cluster.dns.kind', dns.kind, (v) => (v === 'kube-dns' || v === 'node-local-cache' ? undefined : 'kube-dns or node-local-cache'));
    if (dns.kind === 'node-local-cache') c.check('cluster.dns.address', dns.address, (v) => DnsPeer.nodeLocalCache(v).problem());
  }
}

function checkNamespaces(c: ConfigChecker, env: EnvironmentConfig): void {
  const names = Object.entries(env.namespaces);
  for (const [key, value] of names) c.check(`namespaces.${key}`, value, (v) => dnsLabelProblem(v));
  const distinct = new Set(names.map(([, v]) => v));
  if (distinct.size !== names.length) c.fail('namespaces', 'each workload gets its own namespace; two entries share one');
}

function checkBatchPool(c: ConfigChecker, env: EnvironmentConfig): void {
  const pool = env.batchNodePool;
  c.check('batchNodePool.nodeLabelKey', pool.nodeLabelKey, labelKeyProblem);
  c.check('batchNodePool.nodeLabelValue', pool.nodeLabelValue, labelValueProblem);
  c.check('batchNodePool.taintKey', pool.taintKey, labelKeyProblem);
  c.check('batchNodePool.taintValue', pool.taintValue, labelValueProblem);
  c.check('batchNodePool.taintEffect', pool.taintEffect, (v) => oneOfProblem(v, ['NoSchedule', 'PreferNoSchedule', 'NoExecute']));
  if (pool.priorityClassName !== undefined) c.check('batchNodePool.priorityClassName', pool.priorityClassName, dnsSubdomainProblem);
}

function checkEdge(c: ConfigChecker, env: EnvironmentConfig): void {
  const edge = env.edge;
  c.check('edge.kind', edge.kind, (v) => oneOfProblem(v, ['gateway-api', 'traefik', 'nginx']));
  c.check('edge.controllerNamespace', edge.controllerNamespace, (v) => dnsLabelProblem(v));
  if (edge.kind === 'gateway-api') {
    if (!edge.gateway) {
      c.fail('edge.gateway', 'the gateway-api edge needs the Gateway name, namespace and listener names');
    } else {
      c.check('edge.gateway.name', edge.gateway.name, dnsSubdomainProblem);
      c.check('edge.gateway.namespace', edge.gateway.namespace, (v) => dnsLabelProblem(v));
      c.check('edge.gateway.httpsListener', edge.gateway.httpsListener, (v) => dnsLabelProblem(v));
      c.check('edge.gateway.httpListener', edge.gateway.httpListener, (v) => dnsLabelProblem(v));
    }
  } else {
    c.check('edge.ingressClassName', edge.ingressClassName, (v) => (v === undefined ? `the ${edge.kind} edge needs an IngressClass name` : dnsSubdomainProblem(v)));
  }
  if (edge.clusterIssuer !== undefined) c.check('edge.clusterIssuer', edge.clusterIssuer, dnsSubdomainProblem);
}

function checkCleanup(c: ConfigChecker, env: EnvironmentConfig): void {
  const job = env.cleanup;
  c.check('cleanup.schedule', job.schedule, scheduleProblem);
  c.check('cleanup.endpoint', job.endpoint, httpsUrlProblem);
  checkImage(c, 'cleanup.image', env.registry, job.image);
  checkResources(c, 'cleanup.resources', job.resources);
  checkEgress(c, 'cleanup.egress', job.egress);
  c.check('cleanup.retentionDays', job.retentionDays, (v) => positiveInteger(v, 365));
  checkSecretRef(c, 'cleanup.apiToken', job.apiToken);
}

function checkElectoralFeed(c: ConfigChecker, env: EnvironmentConfig): void {
  const feed = env.electoralFeed;
  c.check('electoralFeed.schedule', feed.schedule, scheduleProblem);
  c.check('electoralFeed.sourceUrl', feed.sourceUrl, httpsUrlProblem);
  if (feed.electionWindows !== undefined) c.check('electoralFeed.electionWindows', feed.electionWindows, electionWindowsProblem);
  checkEgress(c, 'electoralFeed.sourceEgress', feed.sourceEgress);
  checkSecretRef(c, 'electoralFeed.token', feed.token);
  checkSecretRef(c, 'electoralFeed.keyring', feed.keyring);
  c.check('electoralFeed.signerFingerprints', feed.signerFingerprints, (v) =>
    (v.length > 0 && v.every((f) => /^[0-9A-Fa-f]{40}$/.test(f)) ? undefined : 'at least one primary-key fingerprint of 40 hex digits'));
  checkImage(c, 'electoralFeed.collectorImage', env.registry, feed.collectorImage);
  checkImage(c, 'electoralFeed.micrositeImage', env.registry, feed.micrositeImage);
  c.check('electoralFeed.micrositeReplicas', feed.micrositeReplicas, (v) => positiveInteger(v, 50));
  checkResources(c, 'electoralFeed.jobResources', feed.jobResources);
  checkResources(c, 'electoralFeed.micrositeResources', feed.micrositeResources);
  c.check('electoralFeed.publishVolumeSize', feed.publishVolumeSize, storageSizeProblem);
  c.check('electoralFeed.backupVolumeSize', feed.backupVolumeSize, storageSizeProblem);
  c.check('electoralFeed.backupKeep', feed.backupKeep, (v) => positiveInteger(v, 10000));
  checkOffsiteBackup(c, 'electoralFeed.offsiteBackup', feed.offsiteBackup);
  if (feed.host !== undefined) {
    c.check('electoralFeed.host', feed.host, dnsSubdomainProblem);
    // The collector sends its bearer token to the source host: never to our own edge.
    c.check('electoralFeed.sourceUrl', feed.sourceUrl, (url) =>
      (hostOf(url) === feed.host!.toLowerCase() ? `a host other than the microsite's host (${feed.host})` : undefined));
  }
}

function checkTaskManager(c: ConfigChecker, env: EnvironmentConfig): void {
  const app = env.taskManager;
  checkImage(c, 'taskManager.webImage', env.registry, app.webImage);
  checkImage(c, 'taskManager.mysqlImage', env.registry, app.mysqlImage);
  checkImage(c, 'taskManager.backupImage', env.registry, app.backupImage);
  checkWebReplicas(c, env);
  checkDrainSupport(c, env);
  if (app.autoscaling) {
    const { minReplicas, maxReplicas, targetCpuUtilizationPercent } = app.autoscaling;
    c.check('taskManager.autoscaling.minReplicas', minReplicas, (v) => positiveInteger(v, 100) ?? atLeastTwoOutsideDevelopment(env, v));
    c.check('taskManager.autoscaling.maxReplicas', maxReplicas, (v) => (v >= minReplicas ? positiveInteger(v, 1000) : `at least minReplicas (${minReplicas})`));
    c.check('taskManager.autoscaling.targetCpuUtilizationPercent', targetCpuUtilizationPercent, (v) => positiveInteger(v, 100));
  }
  checkResources(c, 'taskManager.webResources', app.webResources);
  checkResources(c, 'taskManager.mysqlResources', app.mysqlResources);
  checkGuaranteed(c, 'taskManager.mysqlResources', app.mysqlResources);
  c.check('taskManager.mysqlStorageSize', app.mysqlStorageSize, storageSizeProblem);
  c.check('taskManager.backupStorageSize', app.backupStorageSize, storageSizeProblem);
  c.check('taskManager.backupSchedule', app.backupSchedule, scheduleProblem);
  c.check('taskManager.backupKeep', app.backupKeep, (v) => positiveInteger(v, 1000));
  checkImage(c, 'taskManager.backupUploadImage', env.registry, app.backupUploadImage);
  checkOffsiteBackup(c, 'taskManager.offsiteBackup', app.offsiteBackup);
  c.check('taskManager.host', app.host, dnsSubdomainProblem);
  c.check('taskManager.databaseSecretName', app.databaseSecretName, dnsSubdomainProblem);
  if (app.mysqlExporter) {
    checkImage(c, 'taskManager.mysqlExporter.image', env.registry, app.mysqlExporter.image);
    c.check('taskManager.mysqlExporter.secretName', app.mysqlExporter.secretName,
      (v) => dnsSubdomainProblem(v) ?? (v === app.databaseSecretName ? 'a Secret of its own, not databaseSecretName' : undefined));
  }
  app.adminGroups.forEach((g, i) => c.check(`taskManager.adminGroups[${i}]`, g, nonEmptyProblem));
  app.developerGroups.forEach((g, i) => c.check(`taskManager.developerGroups[${i}]`, g, nonEmptyProblem));
}

function checkOffsiteBackup(c: ConfigChecker, field: string, offsite: OffsiteBackupConfig): void {
  for (const { field: name, value, problem } of offsiteTargetProblems(offsite)) c.check(`${field}.${name}`, value, () => problem);
  checkEgress(c, `${field}.egress`, offsite.egress);
  c.check(`${field}.credentialsSecretName`, offsite.credentialsSecretName, dnsSubdomainProblem);
}

/** Exactly one of a fixed count and an HPA: with both, the fixed count would be silently ignored. */
function checkWebReplicas(c: ConfigChecker, env: EnvironmentConfig): void {
  const app = env.taskManager;
  if (app.webReplicas !== undefined && app.autoscaling) {
    c.fail('taskManager.webReplicas', `set together with taskManager.autoscaling (${app.autoscaling.minReplicas}-${app.autoscaling.maxReplicas}); `
      + 'the HPA owns the replica count, so remove webReplicas (or autoscaling, for a fixed count)');
  } else if (app.webReplicas === undefined && !app.autoscaling) {
    c.fail('taskManager.webReplicas', 'a fixed replica count, or taskManager.autoscaling');
  } else if (app.webReplicas !== undefined) {
    c.check('taskManager.webReplicas', app.webReplicas, (v) => positiveInteger(v, 100) ?? atLeastTwoOutsideDevelopment(env, v));
  }
}

/** Two web pods at least outside development: one pod is an outage at every rollout or node drain. */
function atLeastTwoOutsideDevelopment(env: EnvironmentConfig, replicas: number): string | undefined {
  return env.tier !== 'development' && replicas < 2 ? `at least 2 in a ${env.tier} environment (one pod is down at every drain)` : undefined;
}

/** The web tier drains with the kubelet's preStop sleep action: beta and on by default from Kubernetes 1.30. */
const SLEEP_ACTION_SINCE = { major: 1, minor: 30 };

function checkDrainSupport(c: ConfigChecker, env: EnvironmentConfig): void {
  const version = parseK8sVersion(env.cluster.kubernetesVersion);
  if (version && !isAtLeast(version, SLEEP_ACTION_SINCE)) {
    c.fail('cluster.kubernetesVersion', `${env.cluster.kubernetesVersion} has no preStop sleep action (on by default from 1.30), `
      + 'which drains the task manager\'s web pods; upgrade the cluster first');
  }
}

function checkBootstrap(c: ConfigChecker, env: EnvironmentConfig): void {
  const b = env.bootstrap;
  checkStateBackend(c, env);
  for (const field of ['requestsCpu', 'limitsCpu'] as const) c.check(`bootstrap.quota.${field}`, b.quota[field], cpuProblem);
  for (const field of ['requestsMemory', 'limitsMemory', 'requestsStorage'] as const) c.check(`bootstrap.quota.${field}`, b.quota[field], storageSizeProblem);
  c.check('bootstrap.quota.pods', b.quota.pods, (v) => positiveInteger(v, 10000));
  c.check('bootstrap.quota.persistentVolumeClaims', b.quota.persistentVolumeClaims, (v) => positiveInteger(v, 1000));
  checkResources(c, 'bootstrap.containerDefaults', b.containerDefaults);
  c.check('bootstrap.argocd.namespace', b.argocd.namespace, (v) => dnsLabelProblem(v));
  c.check('bootstrap.argocd.repoUrl', b.argocd.repoUrl, httpsUrlProblem);
  checkPromotion(c, env);
}

/**
 * The state of a production-like environment (staging, production) must outlive its cluster and
 * the machine that ran Terraform: a remote backend. Development may keep it locally.
 */
function checkStateBackend(c: ConfigChecker, env: EnvironmentConfig): void {
  const backend = env.bootstrap.backend;
  const field = 'bootstrap.backend';
  if (env.tier !== 'development' && !REMOTE_STATE_KINDS.includes(backend.kind)) {
    c.fail(`${field}.kind`, `"${backend.kind}" keeps the state ${backend.kind === 'local' ? 'on one machine' : 'inside the cluster it bootstraps'}; `
      + `a ${env.tier} environment uses a remote backend: ${REMOTE_STATE_KINDS.join(', ')} (docs/bootstrap.md: migrating the state)`);
  }
  switch (backend.kind) {
    case 'local':
      c.check(`${field}.path`, backend.path, relativePathProblem);
      break;
    case 'kubernetes':
      c.check(`${field}.secretSuffix`, backend.secretSuffix, (v) => dnsLabelProblem(v));
      c.check(`${field}.namespace`, backend.namespace, (v) => dnsLabelProblem(v));
      break;
    case 's3':
      c.check(`${field}.bucket`, backend.bucket, bucket);
      c.check(`${field}.key`, backend.key, objectPath);
      c.check(`${field}.region`, backend.region, (v) => matches(v, /^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region, e.g. "eu-west-1"'));
      if ('dynamodbTable' in backend.lock) {
        c.check(`${field}.lock.dynamodbTable`, backend.lock.dynamodbTable, (v) => matches(v, /^[A-Za-z0-9_.-]{3,255}$/, 'a DynamoDB table name'));
      } else if (backend.lock.lockfile !== true) {
        const expected = 'either { lockfile: true } or { dynamodbTable: "<table>" }';
        c.fail(`${field}.lock`, `${expected}: state without a lock is corrupted by two concurrent runs`);
      }
      if (backend.kmsKeyId !== undefined) c.check(`${field}.kmsKeyId`, backend.kmsKeyId, nonEmptyProblem);
      break;
    case 'gcs':
      c.check(`${field}.bucket`, backend.bucket, bucket);
      c.check(`${field}.prefix`, backend.prefix, objectPath);
      break;
    case 'azurerm':
      c.check(`${field}.resourceGroupName`, backend.resourceGroupName, (v) => matches(v, /^[-\w.()]{0,89}[-\w()]$/, 'an Azure resource group name'));
      c.check(`${field}.storageAccountName`, backend.storageAccountName, (v) => matches(v, /^[a-z0-9]{3,24}$/, '3-24 lowercase letters and digits'));
      c.check(`${field}.containerName`, backend.containerName, (v) => matches(v, BLOB_CONTAINER, 'a blob container name'));
      c.check(`${field}.key`, backend.key, objectPath);
      break;
    default:
      c.fail(`${field}.kind`, `"${(backend as { kind: string }).kind}" is not one of local, kubernetes, ${REMOTE_STATE_KINDS.join(', ')}`);
  }
}

/** Azure blob container names: 3-63 lowercase letters, digits and single hyphens, not at either end. */
const BLOB_CONTAINER = /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/;

function matches(value: string, pattern: RegExp, expected: string): string | undefined {
  return pattern.test(value) ? undefined : expected;
}

function bucket(v: string): string | undefined {
  return /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(v) && !v.includes('..') ? undefined : 'a bucket name: 3-63 lowercase letters, digits, "." and "-"';
}

function objectPath(v: string): string | undefined {
  return v !== '' && !v.startsWith('/') && !v.includes('//') ? undefined : 'a path inside the bucket, e.g. "bootstrap/prod.tfstate"';
}

/**
 * Production follows a release (a branch or tag that is moved on purpose), is synced by a human
 * in the named role, and only inside its sync windows. Other tiers may follow main.
 */
function checkPromotion(c: ConfigChecker, env: EnvironmentConfig): void {
  const argocd = env.bootstrap.argocd;
  const production = env.tier === 'production';
  c.check('bootstrap.argocd.targetRevision', argocd.targetRevision, (v) => gitRefProblem(v) ?? (production ? releaseRefProblem(v) : undefined));
  const windows = argocd.syncWindows ?? [];
  windows.forEach((w, i) => checkSyncWindow(c, `bootstrap.argocd.syncWindows[${i}]`, w, argocd.automatedSync));
  if (argocd.syncRole) {
    const groups = argocd.syncRole.groups;
    if (groups.length === 0) c.fail('bootstrap.argocd.syncRole.groups', 'name at least one group that may sync');
    groups.forEach((g, i) => c.check(`bootstrap.argocd.syncRole.groups[${i}]`, g, nonEmptyProblem));
    if (new Set(groups).size !== groups.length) c.fail('bootstrap.argocd.syncRole.groups', 'each group once');
  }
  if (!production) return;
  if (argocd.automatedSync) {
    c.fail('bootstrap.argocd.automatedSync', 'production is synced by a human; automated sync is for development and staging');
  }
  if (!windows.some((w) => w.kind === 'allow')) {
    c.fail('bootstrap.argocd.syncWindows', 'production declares at least one allow window: changes only inside it');
  }
  if (!argocd.syncRole) c.fail('bootstrap.argocd.syncRole', 'production names the groups that may sync it');
}

function checkSyncWindow(c: ConfigChecker, field: string, w: SyncWindowConfig, automatedSync: boolean): void {
  c.check(`${field}.kind`, w.kind, (v) => (v === 'allow' || v === 'deny' ? undefined : 'allow or deny'));
  c.check(`${field}.schedule`, w.schedule, scheduleProblem);
  c.check(`${field}.duration`, w.duration, (v) => {
    const parsed = parseGoDuration(v);
    if (!parsed.ok) return parsed.reason;
    return parsed.nanoseconds > 0n ? undefined : 'a positive duration such as "7h"';
  });
  c.check(`${field}.timeZone`, w.timeZone, validateTimeZone);
  if (w.kind === 'allow' && w.manualSync && !automatedSync) {
    const why = 'a manual sync that may pass outside the allow window makes the window restrict nothing';
    c.fail(`${field}.manualSync`, `only humans sync this environment: ${why}`);
  }
}

/**
 * Why `ref` is not a git branch or tag name (after git check-ref-format): no spaces or control
 * characters, none of ~ ^ : ? * [ \, no "..", "@{" or "//", not starting with "-" or "/", not ending with "/", "." or ".lock".
 */
function gitRefProblem(ref: string): string | undefined {
  // git refuses control characters in ref names, so the pattern names them on purpose.
  // eslint-disable-next-line no-control-regex
  const valid = ref !== '' && !/[\s\x00-\x1f\x7f~^:?*[\\]/.test(ref) && !/\.\.|@\{|\/\//.test(ref)
    && !/^[-/]/.test(ref) && !/(\/|\.|\.lock)$/.test(ref) && ref !== '@';
  return valid ? undefined : 'a git branch or tag name, e.g. "main", "release/prod" or "v1.4.0"';
}

/** Production must follow a release: `main` (what every merge lands on) and `HEAD` (whatever is checked out) are refused. */
function releaseRefProblem(ref: string): string | undefined {
  const name = ref.replace(/^refs\/(heads|tags)\//, '');
  return name === 'main' || name.toUpperCase() === 'HEAD'
    ? 'production follows a release branch or tag (e.g. "release/prod" or "v1.4.0"), not main or HEAD'
    : undefined;
}

function checkImage(c: ConfigChecker, field: string, registry: string, image: ImageReference): void {
  c.check(field, image, (v) => imagePinProblem(pinnedImage(registry, v.repository, v.digest)));
}

function checkResources(c: ConfigChecker, field: string, spec: ResourceSpec): void {
  c.check(`${field}.cpuRequest`, spec.cpuRequest, cpuProblem);
  c.check(`${field}.cpuLimit`, spec.cpuLimit, (v) => {
    const request = cpuMillis(spec.cpuRequest);
    return cpuProblem(v) ?? (request && cpuMillis(v)! < request ? `at least the request (${spec.cpuRequest})` : undefined);
  });
  c.check(`${field}.memoryRequest`, spec.memoryRequest, memoryProblem);
  c.check(`${field}.memoryLimit`, spec.memoryLimit, (v) => {
    const request = memoryMebibytes(spec.memoryRequest);
    return memoryProblem(v) ?? (request && memoryMebibytes(v)! < request ? `at least the request (${spec.memoryRequest})` : undefined);
  });
}

/** MySQL runs Guaranteed (requests equal limits): never evicted first, never throttled by neighbours. */
function checkGuaranteed(c: ConfigChecker, field: string, spec: ResourceSpec): void {
  const why = 'requests equal limits keep the MySQL pod in the Guaranteed QoS class';
  c.check(`${field}.cpuRequest`, spec.cpuRequest,
    (v) => (cpuMillis(v) === cpuMillis(spec.cpuLimit) ? undefined : `the CPU limit (${spec.cpuLimit}): ${why}`));
  c.check(`${field}.memoryRequest`, spec.memoryRequest,
    (v) => (memoryMebibytes(v) === memoryMebibytes(spec.memoryLimit) ? undefined : `the memory limit (${spec.memoryLimit}): ${why}`));
}

function checkEgress(c: ConfigChecker, field: string, destinations: readonly EgressDestination[]): void {
  if (destinations.length === 0) c.fail(field, 'list at least one CIDR:port destination');
  destinations.forEach((d, i) => c.check(`${field}[${i}]`, d, (v) => {
    const problem = egressProblem(v);
    return problem && `${problem.field} must be ${problem.expected}`;
  }));
}

function checkSecretRef(c: ConfigChecker, field: string, ref: SecretKeyReference): void {
  c.check(`${field}.secretName`, ref.secretName, dnsSubdomainProblem);
  c.check(`${field}.key`, ref.key, secretKeyProblem);
}

function scheduleProblem(expression: string): string | undefined {
  Schedule.cron(expression);
  return undefined;
}

function positiveInteger(v: number, max: number): string | undefined {
  return integerProblem(v, { min: 1, max });
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}
