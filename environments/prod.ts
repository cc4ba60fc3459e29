import { IMAGES } from './images';
import type { EnvironmentConfig } from './types';

/** Production: larger, autoscaled, alerting through Prometheus, synced by a human. */
export const prod: EnvironmentConfig = {
  name: 'prod',
  tier: 'production',
  cluster: {
    name: 'prod-eu1',
    server: 'https://prod-eu1.k8s.example.org:6443',
    kubernetesVersion: '1.32',
    kubeconfigPath: '../../../.kube/prod-eu1.yaml',
    kubeContext: 'prod-eu1',
  },
  namespaces: { platform: 'platform-jobs', electoral: 'electoral', taskManager: 'task-manager' },
  registry: 'registry.example.org/platform',
  timeZone: 'Europe/Madrid',
  suspendJobs: false,
  owner: 'platform-team',
  runbookBaseUrl: 'https://runbooks.example.org/platform',
  batchNodePool: {
    nodeLabelKey: 'node.example.org/pool',
    nodeLabelValue: 'batch',
    taintKey: 'node.example.org/dedicated',
    taintValue: 'batch',
    taintEffect: 'NoSchedule',
    priorityClassName: 'batch-critical',
  },
  storageClasses: { readWriteOnce: 'ssd-rwo-retain', readWriteMany: 'efs-rwx-retain' },
  edge: {
    kind: 'gateway-api',
    gateway: { name: 'public', namespace: 'gateway-system', httpsListener: 'https', httpListener: 'http' },
    controllerNamespace: 'gateway-system',
  },
  alerting: {
    webhook: { secretName: 'alerting-webhook', key: 'url' },
    webhookEgress: [{ cidr: '198.51.100.20/32', port: 443 }],
    prometheus: { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } },
  },
  cleanup: {
    schedule: '15 3 * * *',
    endpoint: 'https://uploads.internal.example.org/v1/maintenance/purge',
    image: IMAGES.curl,
    resources: { cpuRequest: '20m', cpuLimit: '200m', memoryRequest: '32Mi', memoryLimit: '64Mi' },
    egress: [{ cidr: '10.60.0.15/32', port: 443 }],
    retentionDays: 30,
    apiToken: { secretName: 'uploads-maintenance', key: 'authorization-header' },
  },
  electoralFeed: {
    schedule: '*/5 * * * *',
    // The results provider's API: never the microsite's own host below (the token would go to our edge).
    sourceUrl: 'https://results-api.example.org/v1/results.json',
    sourceEgress: [{ cidr: '203.0.113.42/32', port: 443 }, { cidr: '203.0.113.43/32', port: 443 }],
    token: { secretName: 'electoral-feed-api', key: 'token' },
    keyring: { secretName: 'electoral-feed-keyring', key: 'publisher.gpg' },
    // The publisher's primary key, confirmed out of band (an example value, like the example.org
    // hosts and TEST-NET addresses of these configs): a new signer is a reviewed change here.
    signerFingerprints: ['9F41B2C6E8D0A3F5172B4C6D8E0F1A2B3C4D5E6F'],
    collectorImage: IMAGES.electoralCollector,
    micrositeImage: IMAGES.nginxUnprivileged,
    micrositeReplicas: 3,
    jobResources: { cpuRequest: '250m', cpuLimit: '1', memoryRequest: '128Mi', memoryLimit: '512Mi' },
    micrositeResources: { cpuRequest: '100m', cpuLimit: '500m', memoryRequest: '64Mi', memoryLimit: '128Mi' },
    publishVolumeSize: '5Gi',
    backupVolumeSize: '50Gi',
    backupKeep: 288,
    // The same bucket as the task manager's dumps, its own prefix and key pair (put and get on it only).
    offsiteBackup: {
      endpoint: 'https://objects.backup-dr.example.org',
      bucket: 'cloudedu-backups-prod',
      prefix: 'electoral-feed/',
      region: 'eu-west-1',
      egress: [{ cidr: '203.0.113.96/28', port: 443 }],
      credentialsSecretName: 'electoral-feed-offsite',
    },
    host: 'results.example.org',
    // Election night: polls open to the morning after the count (Madrid time, like the schedules).
    electionWindows: [{ start: '2027-05-23T09:00:00+02:00', end: '2027-05-24T09:00:00+02:00' }],
  },
  taskManager: {
    webImage: IMAGES.taskManagerWeb,
    mysqlImage: IMAGES.mysql,
    backupImage: IMAGES.mysql,
    backupUploadImage: IMAGES.debianCurl,
    autoscaling: { minReplicas: 2, maxReplicas: 10, targetCpuUtilizationPercent: 70 },
    webResources: { cpuRequest: '250m', cpuLimit: '1', memoryRequest: '256Mi', memoryLimit: '512Mi' },
    // Guaranteed QoS: requests equal limits (the InnoDB buffer pool is 60 % of the memory limit).
    mysqlResources: { cpuRequest: '2', cpuLimit: '2', memoryRequest: '4Gi', memoryLimit: '4Gi' },
    mysqlStorageSize: '100Gi',
    backupStorageSize: '200Gi',
    backupSchedule: '30 1 * * *',
    backupKeep: 14,
    offsiteBackup: {
      endpoint: 'https://objects.backup-dr.example.org',
      bucket: 'cloudedu-backups-prod',
      prefix: 'task-manager/',
      region: 'eu-west-1',
      egress: [{ cidr: '203.0.113.96/28', port: 443 }],
      credentialsSecretName: 'task-manager-offsite',
    },
    host: 'tasks.example.org',
    databaseSecretName: 'task-manager-db',
    mysqlExporter: { image: IMAGES.mysqldExporter, secretName: 'task-manager-mysql-exporter' },
    readsKubernetesApi: false,
    adminGroups: ['platform-admins'],
    developerGroups: ['cloudedu-developers'],
  },
  secrets: { delivery: 'external-secrets', store: { name: 'platform-secrets', remoteKeyPrefix: 'platform/prod/' }, refreshInterval: '15m' },
  reloader: true,
  bootstrap: {
    // Outside the cluster it bootstraps: a versioned bucket of its own, encrypted with the state key.
    backend: {
      kind: 's3',
      bucket: 'example-platform-tfstate-prod',
      key: 'bootstrap/prod.tfstate',
      region: 'eu-west-1',
      lock: { lockfile: true },
      kmsKeyId: 'alias/platform-tfstate-prod',
    },
    quota: {
      requestsCpu: '32', requestsMemory: '64Gi', limitsCpu: '64', limitsMemory: '128Gi',
      pods: 200, persistentVolumeClaims: 40, requestsStorage: '2Ti',
    },
    containerDefaults: { cpuRequest: '100m', cpuLimit: '1', memoryRequest: '128Mi', memoryLimit: '512Mi' },
    argocd: {
      namespace: 'argocd',
      repoUrl: 'https://git.example.org/platform/platform-cdk8s.git',
      // Promotion: a release is a fast-forward of release/prod to a commit of main that staging ran.
      targetRevision: 'release/prod',
      automatedSync: false,
      // Changes reach prod Monday to Thursday, 09:00-16:00 Madrid time, never on a Friday or at night.
      syncWindows: [{
        kind: 'allow',
        schedule: '0 9 * * 1-4',
        duration: '7h',
        timeZone: 'Europe/Madrid',
        manualSync: false,
        description: 'Production changes: Monday to Thursday, 09:00-16:00 Europe/Madrid',
      }],
      syncRole: { groups: ['platform-release-managers'] },
    },
  },
};
