import { IMAGES } from './images';
import type { EnvironmentConfig } from './types';

/** Development: one small cluster, one replica of everything, automated sync, suspended feed. */
export const dev: EnvironmentConfig = {
  name: 'dev',
  tier: 'development',
  cluster: {
    name: 'dev-eu1',
    server: 'https://dev-eu1.k8s.example.org:6443',
    kubernetesVersion: '1.31',
    kubeconfigPath: '../../../.kube/dev-eu1.yaml',
    kubeContext: 'dev-eu1',
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
  },
  storageClasses: { readWriteOnce: 'standard-rwo', readWriteMany: 'nfs-rwx' },
  edge: { kind: 'traefik', ingressClassName: 'traefik', clusterIssuer: 'letsencrypt-staging', controllerNamespace: 'traefik' },
  alerting: {
    webhook: { secretName: 'alerting-webhook', key: 'url' },
    webhookEgress: [{ cidr: '198.51.100.20/32', port: 443 }],
  },
  cleanup: {
    schedule: '15 3 * * *',
    endpoint: 'https://uploads.dev.internal.example.org/v1/maintenance/purge',
    image: IMAGES.curl,
    resources: { cpuRequest: '10m', cpuLimit: '100m', memoryRequest: '16Mi', memoryLimit: '64Mi' },
    egress: [{ cidr: '10.20.0.15/32', port: 443 }],
    retentionDays: 3,
    apiToken: { secretName: 'uploads-maintenance', key: 'authorization-header' },
  },
  electoralFeed: {
    schedule: '*/5 * * * *',
    sourceUrl: 'https://results-sandbox.example.org/v1/results.json',
    sourceEgress: [{ cidr: '203.0.113.40/32', port: 443 }],
    token: { secretName: 'electoral-feed-api', key: 'token' },
    keyring: { secretName: 'electoral-feed-keyring', key: 'publisher.gpg' },
    // The publisher's primary key, confirmed out of band (an example value, like the example.org
    // hosts and TEST-NET addresses of these configs): a new signer is a reviewed change here.
    signerFingerprints: ['5C2E4A1B7D9F03E6A8B1C4D72F6E9A0B3D5C7E81'],
    collectorImage: IMAGES.electoralCollector,
    micrositeImage: IMAGES.nginxUnprivileged,
    micrositeReplicas: 1,
    jobResources: { cpuRequest: '50m', cpuLimit: '250m', memoryRequest: '64Mi', memoryLimit: '128Mi' },
    micrositeResources: { cpuRequest: '25m', cpuLimit: '200m', memoryRequest: '32Mi', memoryLimit: '64Mi' },
    publishVolumeSize: '1Gi',
    backupVolumeSize: '2Gi',
    backupKeep: 24,
    // The same bucket as the task manager's dumps, its own prefix and key pair (put and get on it only).
    offsiteBackup: {
      endpoint: 'https://objects.backup.example.org',
      bucket: 'cloudedu-backups-dev',
      prefix: 'electoral-feed/',
      region: 'eu-central-1',
      egress: [{ cidr: '203.0.113.80/29', port: 443 }],
      credentialsSecretName: 'electoral-feed-offsite',
    },
    host: 'results.dev.example.org',
  },
  taskManager: {
    webImage: IMAGES.taskManagerWeb,
    mysqlImage: IMAGES.mysql,
    backupImage: IMAGES.mysql,
    backupUploadImage: IMAGES.debianCurl,
    webReplicas: 1,
    webResources: { cpuRequest: '50m', cpuLimit: '500m', memoryRequest: '128Mi', memoryLimit: '256Mi' },
    // Guaranteed QoS: requests equal limits (the InnoDB buffer pool is 60 % of the memory limit).
    mysqlResources: { cpuRequest: '500m', cpuLimit: '500m', memoryRequest: '1Gi', memoryLimit: '1Gi' },
    mysqlStorageSize: '2Gi',
    backupStorageSize: '2Gi',
    backupSchedule: '30 1 * * *',
    backupKeep: 3,
    offsiteBackup: {
      endpoint: 'https://objects.backup.example.org',
      bucket: 'cloudedu-backups-dev',
      prefix: 'task-manager/',
      region: 'eu-central-1',
      egress: [{ cidr: '203.0.113.80/29', port: 443 }],
      credentialsSecretName: 'task-manager-offsite',
    },
    host: 'tasks.dev.example.org',
    databaseSecretName: 'task-manager-db',
    readsKubernetesApi: false,
    adminGroups: ['platform-admins', 'cloudedu-dev-admins'],
    developerGroups: ['cloudedu-developers'],
  },
  // Dev clusters come and go and cannot reach the shared store: values are sealed for the cluster's
  // Sealed Secrets controller and committed (npm run seal; docs/secrets.md).
  secrets: {
    delivery: 'sealed-secrets', certificateFile: 'environments/sealed/dev.pem', valuesFile: 'environments/sealed/dev.json', scope: 'strict',
  },
  reloader: false,
  bootstrap: {
    // Relative to dist/bootstrap/dev/: outside dist/, which every synth rewrites.
    backend: { kind: 'local', path: '../../../.terraform-state/dev.tfstate' },
    quota: {
      requestsCpu: '4', requestsMemory: '8Gi', limitsCpu: '8', limitsMemory: '16Gi',
      pods: 40, persistentVolumeClaims: 10, requestsStorage: '50Gi',
    },
    containerDefaults: { cpuRequest: '50m', cpuLimit: '500m', memoryRequest: '64Mi', memoryLimit: '256Mi' },
    argocd: {
      namespace: 'argocd',
      repoUrl: 'https://git.example.org/platform/platform-cdk8s.git',
      targetRevision: 'main',
      automatedSync: true,
    },
  },
};
