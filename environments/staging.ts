import { IMAGES } from './images';
import type { EnvironmentConfig } from './types';

/** Staging: production's shape at a smaller size, behind the platform Gateway, automated sync. */
export const staging: EnvironmentConfig = {
  name: 'staging',
  tier: 'staging',
  cluster: {
    name: 'staging-eu1',
    server: 'https://staging-eu1.k8s.example.org:6443',
    kubernetesVersion: '1.32',
    kubeconfigPath: '../../../.kube/staging-eu1.yaml',
    kubeContext: 'staging-eu1',
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
    priorityClassName: 'batch-standard',
  },
  storageClasses: { readWriteOnce: 'ssd-rwo', readWriteMany: 'efs-rwx' },
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
    endpoint: 'https://uploads.staging.internal.example.org/v1/maintenance/purge',
    image: IMAGES.curl,
    resources: { cpuRequest: '10m', cpuLimit: '100m', memoryRequest: '16Mi', memoryLimit: '64Mi' },
    egress: [{ cidr: '10.40.0.15/32', port: 443 }],
    retentionDays: 7,
    apiToken: { secretName: 'uploads-maintenance', key: 'authorization-header' },
  },
  electoralFeed: {
    schedule: '*/5 * * * *',
    sourceUrl: 'https://results-staging.example.org/v1/results.json',
    sourceEgress: [{ cidr: '203.0.113.41/32', port: 443 }],
    token: { secretName: 'electoral-feed-api', key: 'token' },
    keyring: { secretName: 'electoral-feed-keyring', key: 'publisher.gpg' },
    // The publisher's primary key, confirmed out of band (an example value, like the example.org
    // hosts and TEST-NET addresses of these configs): a new signer is a reviewed change here.
    signerFingerprints: ['5C2E4A1B7D9F03E6A8B1C4D72F6E9A0B3D5C7E81'],
    collectorImage: IMAGES.electoralCollector,
    micrositeImage: IMAGES.nginxUnprivileged,
    micrositeReplicas: 2,
    jobResources: { cpuRequest: '100m', cpuLimit: '500m', memoryRequest: '64Mi', memoryLimit: '256Mi' },
    micrositeResources: { cpuRequest: '50m', cpuLimit: '250m', memoryRequest: '32Mi', memoryLimit: '128Mi' },
    publishVolumeSize: '2Gi',
    backupVolumeSize: '10Gi',
    backupKeep: 48,
    // The same bucket as the task manager's dumps, its own prefix and key pair (put and get on it only).
    offsiteBackup: {
      endpoint: 'https://objects.backup.example.org',
      bucket: 'cloudedu-backups-staging',
      prefix: 'electoral-feed/',
      region: 'eu-central-1',
      egress: [{ cidr: '203.0.113.80/29', port: 443 }],
      credentialsSecretName: 'electoral-feed-offsite',
    },
    host: 'results.staging.example.org',
  },
  taskManager: {
    webImage: IMAGES.taskManagerWeb,
    mysqlImage: IMAGES.mysql,
    backupImage: IMAGES.mysql,
    backupUploadImage: IMAGES.debianCurl,
    // An HPA like prod's, smaller: rollouts, drains and scaling are exercised before prod sees them.
    autoscaling: { minReplicas: 2, maxReplicas: 3, targetCpuUtilizationPercent: 70 },
    webResources: { cpuRequest: '100m', cpuLimit: '500m', memoryRequest: '192Mi', memoryLimit: '384Mi' },
    // Guaranteed QoS: requests equal limits (the InnoDB buffer pool is 60 % of the memory limit).
    mysqlResources: { cpuRequest: '1', cpuLimit: '1', memoryRequest: '2Gi', memoryLimit: '2Gi' },
    mysqlStorageSize: '10Gi',
    backupStorageSize: '20Gi',
    backupSchedule: '30 1 * * *',
    backupKeep: 7,
    offsiteBackup: {
      endpoint: 'https://objects.backup.example.org',
      bucket: 'cloudedu-backups-staging',
      prefix: 'task-manager/',
      region: 'eu-central-1',
      egress: [{ cidr: '203.0.113.80/29', port: 443 }],
      credentialsSecretName: 'task-manager-offsite',
    },
    host: 'tasks.staging.example.org',
    databaseSecretName: 'task-manager-db',
    mysqlExporter: { image: IMAGES.mysqldExporter, secretName: 'task-manager-mysql-exporter' },
    readsKubernetesApi: false,
    adminGroups: ['platform-admins'],
    developerGroups: ['cloudedu-developers', 'qa'],
  },
  secrets: { delivery: 'external-secrets', store: { name: 'platform-secrets', remoteKeyPrefix: 'platform/staging/' }, refreshInterval: '5m' },
  reloader: true,
  bootstrap: {
    // Outside the cluster it bootstraps, in the platform's AWS account; one bucket per environment.
    backend: {
      kind: 's3',
      bucket: 'example-platform-tfstate-staging',
      key: 'bootstrap/staging.tfstate',
      region: 'eu-west-1',
      lock: { lockfile: true },
    },
    quota: {
      requestsCpu: '8', requestsMemory: '16Gi', limitsCpu: '16', limitsMemory: '32Gi',
      pods: 80, persistentVolumeClaims: 20, requestsStorage: '200Gi',
    },
    containerDefaults: { cpuRequest: '100m', cpuLimit: '500m', memoryRequest: '128Mi', memoryLimit: '256Mi' },
    argocd: {
      namespace: 'argocd',
      repoUrl: 'https://git.example.org/platform/platform-cdk8s.git',
      targetRevision: 'main',
      automatedSync: true,
    },
  },
};
