import { App, Chart, Duration, Testing } from 'cdk8s';
import { CloudEduAccessRoles, pinnedImage, Schedule, TaskManagerStack, TaskManagerStackProps } from '../../constructs';
import { ENVIRONMENTS, EnvironmentConfig } from '../../environments';
import { selectorLabels } from '../../lib/metadata';
import { looksLikeCredential } from '../../lib/credential-patterns';
import { buildEnvironmentApp, edgeFor } from '../../main';
import { synthesizeEnvironment } from '../../lib/synth/synthesize';
import { find, kinds, Manifest } from '../helpers/manifests';
import { offsiteEnvironment } from '../../lib/offsite';
import { BACKUP_OFFSITE_CREDENTIAL_FILES, dumpScript, offsiteCopyScript } from '../../lib/task-manager/scripts';

// ---------------------------------------------------------------------------------------------
// Fixtures: the real environment configs, composed the way main.ts composes them
// ---------------------------------------------------------------------------------------------

const env = (name: string): EnvironmentConfig => ENVIRONMENTS.find((e) => e.name === name)!;
const NAMESPACE = 'task-manager';

function propsFor(
  config: EnvironmentConfig, accessRoles: CloudEduAccessRoles, overrides: Partial<TaskManagerStackProps> = {},
): TaskManagerStackProps {
  const app = config.taskManager;
  const image = (ref: { repository: string; digest: string }) => pinnedImage(config.registry, ref.repository, ref.digest);
  const offsite = app.offsiteBackup;
  return {
    owner: config.owner,
    runbookUrl: `${config.runbookBaseUrl}/task-manager`,
    webImage: image(app.webImage),
    webReplicas: app.webReplicas,
    autoscaling: app.autoscaling,
    webResources: app.webResources,
    host: app.host,
    edge: edgeFor(config),
    edgeControllerNamespace: config.edge.controllerNamespace,
    mysqlImage: image(app.mysqlImage),
    mysqlResources: app.mysqlResources,
    storageClassName: config.storageClasses.readWriteOnce,
    mysqlStorageSize: app.mysqlStorageSize,
    databaseSecretName: app.databaseSecretName,
    backupImage: image(app.backupImage),
    backupSchedule: Schedule.cron(app.backupSchedule),
    timeZone: config.timeZone,
    backupStorageSize: app.backupStorageSize,
    backupKeep: app.backupKeep,
    suspendBackups: config.suspendJobs,
    backupNodePool: config.batchNodePool,
    offsiteBackup: {
      target: { endpoint: offsite.endpoint, bucket: offsite.bucket, prefix: offsite.prefix, region: offsite.region },
      credentialsSecretName: offsite.credentialsSecretName,
      egress: offsite.egress,
      uploadImage: image(app.backupUploadImage),
    },
    accessRoles,
    adminGroups: app.adminGroups,
    developerGroups: app.developerGroups,
    readsKubernetesApi: app.readsKubernetesApi,
    ...overrides,
  };
}

interface Built {
  readonly app: App;
  /** The `task-manager` chart's objects. */
  readonly objects: Manifest[];
  /** The `cluster-rbac` chart's objects. */
  readonly cluster: Manifest[];
}

function build(config: EnvironmentConfig, overrides: Partial<TaskManagerStackProps> = {}): Built {
  const app = Testing.app();
  const clusterChart = new Chart(app, 'cluster-rbac', { disableResourceNameHashes: true });
  const roles = new CloudEduAccessRoles(clusterChart, 'cloudedu-access', { owner: config.owner, runbookUrl: `${config.runbookBaseUrl}/cloudedu-access` });
  const chart = new Chart(app, 'task-manager', { namespace: NAMESPACE, disableResourceNameHashes: true });
  new TaskManagerStack(chart, 'task-manager', propsFor(config, roles, overrides));
  // What synth runs first: the cross-object checks (HPA target without spec.replicas, ...).
  const errors = app.node.findAll().flatMap((c) => c.node.validate().map((m) => `${c.node.path}: ${m}`));
  if (errors.length > 0) throw new Error(errors.join('\n'));
  return { app, objects: Testing.synth(chart), cluster: Testing.synth(clusterChart) };
}

function rejected(overrides: Partial<TaskManagerStackProps>, message: RegExp, config = env('dev')): void {
  expect(() => build(config, overrides)).toThrow(message);
}

const podSpec = (workload: Manifest) => workload.spec.template.spec;
const podLabels = (workload: Manifest): Record<string, string> => workload.spec.template.metadata.labels;
const container = (workload: Manifest, name: string) => podSpec(workload).containers.find((c: Manifest) => c.name === name);
const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);

const WEB_LABELS = selectorLabels({ name: 'task-manager', instance: 'task-manager', component: 'web' });
const DB_LABELS = selectorLabels({ name: 'task-manager', instance: 'task-manager', component: 'database' });
const BACKUP_LABELS = selectorLabels({ name: 'task-manager-backup', instance: 'task-manager-backup', component: 'backup' });

// ---------------------------------------------------------------------------------------------
// Network paths: every allowed connection, normalized, so a test can compare the exact set
// ---------------------------------------------------------------------------------------------

function describePeer(peer: Manifest): string {
  const who = (labels: Record<string, string> | undefined) => {
    if (!labels) return 'any';
    if (matches(labels, WEB_LABELS) && Object.keys(labels).length === 3) return 'web';
    if (matches(labels, DB_LABELS) && Object.keys(labels).length === 3) return 'mysql';
    if (matches(labels, BACKUP_LABELS) && Object.keys(labels).length === 3) return 'backup';
    return JSON.stringify(labels);
  };
  const ns = peer.namespaceSelector ? `ns:${peer.namespaceSelector.matchLabels['kubernetes.io/metadata.name']}` : 'same-ns';
  if (peer.ipBlock) return `cidr:${peer.ipBlock.cidr}`;
  return peer.podSelector ? `${ns}/${who(peer.podSelector.matchLabels)}` : `${ns}/any`;
}

function networkPaths(objects: readonly Manifest[]): string[] {
  const paths: string[] = [];
  for (const policy of objects.filter((o) => o.kind === 'NetworkPolicy')) {
    const selected = describePeer({ podSelector: policy.spec.podSelector }).replace('same-ns/', '');
    const ports = (rule: Manifest) => rule.ports.map((p: Manifest) => `${p.protocol}/${p.port}`).join('+');
    for (const rule of policy.spec.ingress ?? []) {
      for (const peer of rule.from) paths.push(`${describePeer(peer)} -> ${selected} ${ports(rule)}`);
    }
    for (const rule of policy.spec.egress ?? []) {
      for (const peer of rule.to) paths.push(`${selected} -> ${describePeer(peer)} ${ports(rule)}`);
    }
  }
  return [...new Set(paths)].sort();
}

// ---------------------------------------------------------------------------------------------
// Per environment
// ---------------------------------------------------------------------------------------------

describe.each(ENVIRONMENTS.map((e) => e.name))('TaskManagerStack in %s', (envName) => {
  const config = env(envName);
  const app = config.taskManager;
  const { objects, cluster } = build(config);
  const deployment = find(objects, 'Deployment', 'task-manager-web');
  const statefulSet = find(objects, 'StatefulSet', 'task-manager-mysql');
  const cronJob = find(objects, 'CronJob', 'task-manager-backup');
  const web = container(deployment, 'web');
  const mysql = container(statefulSet, 'mysql');

  test('emits exactly the application objects, the HPA only where autoscaling is configured', () => {
    const edge = config.edge.kind === 'gateway-api'
      ? ['HTTPRoute/task-manager', 'HTTPRoute/task-manager-http-redirect']
      : config.edge.kind === 'traefik'
        ? ['Ingress/task-manager', 'Middleware/task-manager-headers']
        : ['ConfigMap/task-manager-headers', 'Ingress/task-manager'];
    const expected = [
      'ConfigMap/task-manager-config',
      'CronJob/task-manager-backup',
      'Deployment/task-manager-web',
      ...(app.autoscaling ? ['HorizontalPodAutoscaler/task-manager-web'] : []),
      'NetworkPolicy/task-manager-backup-egress',
      'NetworkPolicy/task-manager-mysql',
      'NetworkPolicy/task-manager-web',
      'PersistentVolumeClaim/task-manager-backup',
      'PodDisruptionBudget/task-manager-mysql',
      'PodDisruptionBudget/task-manager-web',
      'RoleBinding/task-manager-cloudedu-admin',
      'RoleBinding/task-manager-cloudedu-developer',
      'Service/task-manager-mysql',
      'Service/task-manager-web',
      'ServiceAccount/task-manager-backup',
      'ServiceAccount/task-manager-mysql',
      'ServiceAccount/task-manager-web',
      'StatefulSet/task-manager-mysql',
      ...edge,
    ].sort();
    expect(kinds(objects)).toEqual(expected);
    for (const object of objects) expect(object.metadata.namespace).toBe(NAMESPACE);
  });

  test('the ClusterRoles live in their own chart, without a namespace', () => {
    expect(kinds(cluster)).toEqual(['ClusterRole/cloudedu-admin', 'ClusterRole/cloudedu-developer']);
    for (const role of cluster) expect(role.metadata.namespace).toBeUndefined();
  });

  test('replicas: fixed from the config, or left to the HPA (no spec.replicas under an HPA)', () => {
    if (app.autoscaling) {
      expect(deployment.spec).not.toHaveProperty('replicas');
      const hpa = find(objects, 'HorizontalPodAutoscaler', 'task-manager-web');
      expect(hpa.apiVersion).toBe('autoscaling/v2');
      expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'task-manager-web' });
      expect(hpa.spec.minReplicas).toBe(app.autoscaling.minReplicas);
      expect(hpa.spec.maxReplicas).toBe(app.autoscaling.maxReplicas);
      expect(hpa.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: app.autoscaling.targetCpuUtilizationPercent } } }]);
    } else {
      expect(deployment.spec.replicas).toBe(app.webReplicas);
    }
    expect(statefulSet.spec.replicas).toBe(1);
  });

  test('selectors are the stable labels, and they select the pod templates', () => {
    expect(deployment.spec.selector).toEqual({ matchLabels: WEB_LABELS });
    expect(matches(WEB_LABELS, podLabels(deployment))).toBe(true);
    expect(statefulSet.spec.selector).toEqual({ matchLabels: DB_LABELS });
    expect(matches(DB_LABELS, podLabels(statefulSet))).toBe(true);
    expect(matches(BACKUP_LABELS, cronJob.spec.jobTemplate.spec.template.metadata.labels)).toBe(true);
    // The tiers do not select each other's pods.
    expect(matches(WEB_LABELS, podLabels(statefulSet))).toBe(false);
    expect(matches(DB_LABELS, podLabels(deployment))).toBe(false);
  });

  test('Services select their tier and target the container ports', () => {
    const webService = find(objects, 'Service', 'task-manager-web');
    expect(webService.spec.type).toBe('ClusterIP');
    expect(webService.spec.selector).toEqual(WEB_LABELS);
    expect(webService.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 8000 }]);
    expect(web.ports).toEqual([{ containerPort: 8000, name: 'http' }]);

    const headless = find(objects, 'Service', 'task-manager-mysql');
    expect(headless.spec.clusterIP).toBe('None');
    expect(headless.spec.selector).toEqual(DB_LABELS);
    expect(headless.spec.ports).toEqual([{ name: 'mysql', port: 3306, targetPort: 3306 }]);
    expect(mysql.ports).toEqual([{ containerPort: 3306, name: 'mysql' }]);
    expect(statefulSet.spec.serviceName).toBe('task-manager-mysql');
  });

  test('the edge serves the host over TLS and routes to the web Service port', () => {
    if (config.edge.kind === 'gateway-api') {
      const route = find(objects, 'HTTPRoute', 'task-manager');
      expect(route.spec.hostnames).toEqual([app.host]);
      expect(route.spec.rules[0].backendRefs).toEqual([{ name: 'task-manager-web', port: 80 }]);
    } else {
      const ingress = find(objects, 'Ingress', 'task-manager');
      expect(ingress.spec.tls).toEqual([{ hosts: [app.host], secretName: 'task-manager-tls' }]);
      expect(ingress.spec.rules).toEqual([{
        host: app.host,
        http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'task-manager-web', port: { number: 80 } } } }] },
      }]);
    }
  });

  test('web container: gunicorn on 8000, startup and readiness on /healthz, liveness on the port, resources from the config, hardened', () => {
    expect(web.image).toBe(pinnedImage(config.registry, app.webImage.repository, app.webImage.digest));
    expect(web.command).toEqual(['gunicorn', '--bind', '0.0.0.0:8000', '--workers', '2', '--worker-tmp-dir', '/dev/shm', '--access-logfile', '-', 'app:app']);
    const httpGet = { path: '/healthz', port: 8000, scheme: 'HTTP' };
    expect(web.startupProbe).toEqual({ httpGet, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 24 });
    expect(web.readinessProbe).toEqual({ httpGet, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 });
    // Not the readiness probe again: an overloaded pod leaves the Service, it is not restarted.
    expect(web.livenessProbe).toEqual({ tcpSocket: { port: 8000 }, periodSeconds: 20, timeoutSeconds: 2, failureThreshold: 3 });
    expect(web.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String), 'ephemeral-storage': '64Mi' });
    expect(web.resources.limits['ephemeral-storage']).toBe('256Mi');
    expect(web.resources.limits.memory).toBe(app.webResources.memoryLimit);
    expect(web.securityContext).toEqual({
      allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: true,
      runAsGroup: 10001, runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(podSpec(deployment).securityContext).toEqual({
      fsGroup: 10001, fsGroupChangePolicy: 'OnRootMismatch', runAsGroup: 10001, runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(podSpec(deployment).automountServiceAccountToken).toBe(false);
    expect(podSpec(deployment).serviceAccountName).toBe('task-manager-web');
    // Drain: the kubelet's sleep action keeps the pod serving while it leaves the endpoints, inside the grace period.
    expect(web.lifecycle).toEqual({ preStop: { sleep: { seconds: 10 } } });
    expect(podSpec(deployment).terminationGracePeriodSeconds).toBe(45);
    expect(find(objects, 'ServiceAccount', 'task-manager-web').automountServiceAccountToken).toBe(false);
  });

  test('web settings come from the ConfigMap; credentials only as files, passed by path', () => {
    expect(find(objects, 'ConfigMap', 'task-manager-config').data).toEqual({ DB_HOST: 'task-manager-mysql', DB_PORT: '3306', DB_NAME: 'tasks', LOG_LEVEL: 'INFO' });
    expect(web.envFrom).toEqual([{ configMapRef: { name: 'task-manager-config' } }]);
    expect(web.env).toEqual([
      { name: 'DB_USER_FILE', value: '/var/run/secrets/db/username' },
      { name: 'DB_PASSWORD_FILE', value: '/var/run/secrets/db/password' },
    ]);
    expect(web.volumeMounts).toEqual([
      { mountPath: '/tmp', name: 'tmp' },
      { mountPath: '/var/run/secrets/db', name: 'db-credentials', readOnly: true },
    ]);
    const credentials = podSpec(deployment).volumes.find((v: Manifest) => v.name === 'db-credentials');
    // The root password never reaches the web tier.
    expect(credentials.secret).toEqual({
      secretName: app.databaseSecretName, defaultMode: 0o440,
      items: [{ key: 'password', path: 'password' }, { key: 'username', path: 'username' }],
    });
    expect(podSpec(deployment).template?.metadata?.annotations).toBeUndefined();
    expect(deployment.spec.template.metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]{12}$/);
  });

  test('web pods spread over nodes (hard) and zones (soft), and a PDB keeps drains possible', () => {
    const constraints = podSpec(deployment).topologySpreadConstraints;
    expect(constraints.map((c: Manifest) => [c.topologyKey, c.whenUnsatisfiable, c.maxSkew, c.nodeTaintsPolicy])).toEqual([
      ['kubernetes.io/hostname', 'DoNotSchedule', 1, 'Honor'],
      ['topology.kubernetes.io/zone', 'ScheduleAnyway', 1, 'Honor'],
    ]);
    for (const c of constraints) {
      expect(matches(c.labelSelector.matchLabels, podLabels(deployment))).toBe(true);
      expect(c.matchLabelKeys).toEqual(['pod-template-hash']);
    }
    const budget = find(objects, 'PodDisruptionBudget', 'task-manager-web');
    expect(budget.apiVersion).toBe('policy/v1');
    expect(budget.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: WEB_LABELS }, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
    expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
  });

  test('MySQL: the data claim template (size, class, Argo CD protection), retained claims, mounted data', () => {
    expect(statefulSet.spec.volumeClaimTemplates).toEqual([{
      metadata: {
        name: 'data',
        labels: DB_LABELS,
        annotations: { 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false' },
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName: config.storageClasses.readWriteOnce,
        resources: { requests: { storage: app.mysqlStorageSize } },
      },
    }]);
    expect(statefulSet.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(mysql.volumeMounts).toEqual([
      { mountPath: '/tmp', name: 'tmp' },
      { mountPath: '/var/run/secrets/db', name: 'db-credentials', readOnly: true },
      { mountPath: '/var/run/mysql-client', name: 'mysql-client', readOnly: true },
      { mountPath: '/var/run/mysqld', name: 'mysqld-run' },
      { mountPath: '/var/lib/mysql', name: 'data' },
    ]);
    // The data mount names the claim template; no pod volume shadows it.
    expect(podSpec(statefulSet).volumes.map((v: Manifest) => v.name).sort()).toEqual(['db-credentials', 'mysql-client', 'mysqld-run', 'tmp']);
  });

  test('MySQL: non-root 999 with fsGroup, read-only root, credentials by *_FILE, bounded shutdown', () => {
    expect(podSpec(statefulSet).securityContext).toEqual({
      fsGroup: 999, fsGroupChangePolicy: 'OnRootMismatch', runAsGroup: 999, runAsNonRoot: true, runAsUser: 999, seccompProfile: { type: 'RuntimeDefault' },
    });
    for (const c of [mysql, podSpec(statefulSet).initContainers[0]]) {
      expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsUser: 999 });
      expect(c.image).toBe(pinnedImage(config.registry, app.mysqlImage.repository, app.mysqlImage.digest));
    }
    expect(mysql.env).toEqual([
      { name: 'MYSQL_ROOT_PASSWORD_FILE', value: '/var/run/secrets/db/root-password' },
      { name: 'MYSQL_ROOT_HOST', value: 'localhost' },
      { name: 'MYSQL_USER_FILE', value: '/var/run/secrets/db/username' },
      { name: 'MYSQL_PASSWORD_FILE', value: '/var/run/secrets/db/password' },
      { name: 'MYSQL_DATABASE', value: 'tasks' },
    ]);
    expect(mysql.args.slice(0, 5)).toEqual(['mysqld', '--datadir=/var/lib/mysql/data', '--disable-log-bin', '--skip-name-resolve', '--skip-mysqlx']);
    expect(podSpec(statefulSet).terminationGracePeriodSeconds).toBe(60);
    expect(podSpec(statefulSet).automountServiceAccountToken).toBe(false);
    expect(podSpec(statefulSet).serviceAccountName).toBe('task-manager-mysql');
    const tmp = podSpec(statefulSet).volumes.find((v: Manifest) => v.name === 'tmp');
    expect(tmp.emptyDir).toEqual({ sizeLimit: '1024Mi' });
    expect(podSpec(statefulSet).volumes.find((v: Manifest) => v.name === 'mysqld-run').emptyDir).toEqual({ medium: 'Memory', sizeLimit: '1Mi' });
    // The 1Gi /tmp counts against the pod's ephemeral storage: the limit holds it plus logs.
    expect(mysql.resources.limits['ephemeral-storage']).toBe('1216Mi');
    expect(mysql.resources.requests['ephemeral-storage']).toBe('64Mi');
    // 999 is kept on purpose (it owns the data volumes): kube-score is told, with the README's reason.
    expect(statefulSet.metadata.annotations['kube-score/ignore'].split(',')).toContain('container-security-context-user-group-id');
  });

  test('MySQL above UID 10000 (mysqlRunAs) needs no kube-score exemption', () => {
    const { objects: custom } = build(env('dev'), { mysqlRunAs: { user: 10999, group: 10999 } });
    const annotations = find(custom, 'StatefulSet', 'task-manager-mysql').metadata.annotations;
    expect(annotations['kube-score/ignore'].split(',')).not.toContain('container-security-context-user-group-id');
  });

  test('MySQL probes log in with a client option file, never with a password argument', () => {
    const ping = { exec: { command: ['mysqladmin', '--defaults-extra-file=/var/run/mysql-client/client.cnf', 'ping'] } };
    expect(mysql.startupProbe).toEqual({ ...ping, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 60 });
    expect(mysql.livenessProbe).toEqual({ ...ping, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 3 });
    expect(mysql.readinessProbe).toEqual({
      exec: { command: ['mysql', '--defaults-extra-file=/var/run/mysql-client/client.cnf', '--batch', '--skip-column-names', '--execute=SELECT 1'] },
      periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3,
    });
    const init = podSpec(statefulSet).initContainers[0];
    expect(init.name).toBe('client-config');
    expect(init.command.slice(0, 2)).toEqual(['bash', '-c']);
    expect(init.command[2]).toContain("write_client_config /var/run/mysql-client/client.cnf 'socket=/var/run/mysqld/mysqld.sock' '[mysql]' 'database=tasks'");
    expect(init.resources.limits).toEqual({ cpu: '50m', memory: '32Mi', 'ephemeral-storage': '192Mi' });
    const allArgs = JSON.stringify([mysql.args, mysql.command, init.command, cronJob.spec.jobTemplate.spec.template.spec.containers[0].command]);
    // No -p<password>, --password=... or MYSQL_PWD in any argument or script line.
    expect(allArgs).not.toMatch(/(["\s])(-p\S|--password\b)|MYSQL_PWD/);
  });

  test('MySQL: one pod, a budget that lets a drain move it, spread constraint on nodes', () => {
    const budget = find(objects, 'PodDisruptionBudget', 'task-manager-mysql');
    expect(budget.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: DB_LABELS }, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
    expect(budget.spec).not.toHaveProperty('minAvailable');
    const [spread] = podSpec(statefulSet).topologySpreadConstraints;
    expect(spread).toMatchObject({ topologyKey: 'kubernetes.io/hostname', maxSkew: 1, labelSelector: { matchLabels: DB_LABELS } });
  });

  test('backup: a SecureCronJob that dumps to a protected volume (init container), then copies every dump off the cluster', () => {
    expect(cronJob.spec.schedule).toBe(app.backupSchedule);
    expect(cronJob.spec.timeZone).toBe(config.timeZone);
    expect(cronJob.spec.concurrencyPolicy).toBe('Forbid');
    const pod = cronJob.spec.jobTemplate.spec.template.spec;
    const hardened = { runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };

    // Step 1: the dump, in the MySQL image, with the database credentials and the client option file.
    expect(pod.initContainers.map((c: Manifest) => c.name)).toEqual(['dump']);
    const [dump] = pod.initContainers;
    expect(dump.image).toBe(pinnedImage(config.registry, app.backupImage.repository, app.backupImage.digest));
    expect(dump.command).toEqual(['bash', '-c', dumpScript({ database: 'tasks', host: 'task-manager-mysql' })]);
    expect(dump.command[2]).toContain('mysqldump --defaults-extra-file="$config" --single-transaction --set-gtid-purged=OFF --quick');
    expect(dump.command[2]).toContain("'host=task-manager-mysql' 'port=3306'");
    expect(dump.volumeMounts).toEqual([
      { mountPath: '/backup', name: 'backup' },
      { mountPath: '/var/run/mysql-client', name: 'mysql-client' },
      { mountPath: '/var/run/secrets/db', name: 'db-credentials', readOnly: true },
    ]);
    expect(dump.securityContext).toMatchObject(hardened);
    expect(dump.resources.limits).toHaveProperty('ephemeral-storage');
    expect(pod.volumes.find((v: Manifest) => v.name === 'db-credentials').secret).toEqual({
      secretName: app.databaseSecretName, defaultMode: 0o440, items: [{ key: 'password', path: 'password' }, { key: 'username', path: 'username' }],
    });
    expect(pod.volumes.find((v: Manifest) => v.name === 'mysql-client').emptyDir).toEqual({ medium: 'Memory', sizeLimit: '1Mi' });

    // Step 2: the off-cluster copy, in the upload image, with the bucket's key pair and nothing of the database's.
    expect(pod.containers).toHaveLength(1);
    const [upload] = pod.containers;
    expect(upload.image).toBe(pinnedImage(config.registry, app.backupUploadImage.repository, app.backupUploadImage.digest));
    expect(upload.command).toEqual(['sh', '-c', offsiteCopyScript({ database: 'tasks', keep: app.backupKeep })]);
    const { endpoint, bucket, prefix, region } = app.offsiteBackup;
    expect(upload.env).toEqual(Object.entries(offsiteEnvironment({ endpoint, bucket, prefix, region }, BACKUP_OFFSITE_CREDENTIAL_FILES))
      .map(([name, value]) => ({ name, value })));
    expect(upload.volumeMounts).toEqual([
      { mountPath: '/tmp', name: 'tmp' },
      { mountPath: '/var/run/secrets/offsite/access-key-id', name: 'secret-task-manager-offsite', readOnly: true, subPath: 'access-key-id' },
      { mountPath: '/var/run/secrets/offsite/secret-access-key', name: 'secret-task-manager-offsite', readOnly: true, subPath: 'secret-access-key' },
      { mountPath: '/backup', name: 'backup', readOnly: false },
    ]);
    expect(upload.securityContext).toMatchObject(hardened);
    const offsiteSecret = pod.volumes.find((v: Manifest) => v.name === 'secret-task-manager-offsite').secret;
    expect(offsiteSecret.secretName).toBe(app.offsiteBackup.credentialsSecretName);
    expect(pod.volumes.find((v: Manifest) => v.name === 'backup').persistentVolumeClaim).toEqual({ claimName: 'task-manager-backup', readOnly: false });

    // Not the server's 999: the job shares no files with MySQL, and its volume goes to its fsGroup.
    expect(pod.securityContext).toMatchObject({ runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 });
    const deadlines = cronJob.spec.startingDeadlineSeconds + cronJob.spec.jobTemplate.spec.activeDeadlineSeconds;
    expect(deadlines).toBeLessThanOrEqual(Schedule.cron(app.backupSchedule).shortestGapSeconds(config.timeZone));
    expect(find(objects, 'PersistentVolumeClaim', 'task-manager-backup').spec).toEqual({
      accessModes: ['ReadWriteOnce'], storageClassName: config.storageClasses.readWriteOnce, resources: { requests: { storage: app.backupStorageSize } },
    });
    expect(find(objects, 'PersistentVolumeClaim', 'task-manager-backup').metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
  });

  test('MySQL writes no binary logs (nothing reads them; the dumps are the backups)', () => {
    expect(podSpec(statefulSet).containers[0].args).toContain('--disable-log-bin');
  });

  test('NetworkPolicies allow exactly: edge → web:8000, web → DNS + MySQL, backup → DNS + MySQL + the bucket; MySQL opens nothing', () => {
    expect(networkPaths(objects)).toEqual([
      'backup -> ns:kube-system/{"k8s-app":"kube-dns"} UDP/53+TCP/53',
      'backup -> same-ns/mysql TCP/3306',
      ...app.offsiteBackup.egress.map((d) => `backup -> cidr:${d.cidr} TCP/${d.port}`),
      `ns:${config.edge.controllerNamespace}/any -> web TCP/8000`,
      'same-ns/backup -> mysql TCP/3306',
      'same-ns/web -> mysql TCP/3306',
      'web -> ns:kube-system/{"k8s-app":"kube-dns"} UDP/53+TCP/53',
      'web -> same-ns/mysql TCP/3306',
    ].sort());
    const policy = (name: string) => find(objects, 'NetworkPolicy', name).spec;
    expect(policy('task-manager-web').policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy('task-manager-mysql').policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy('task-manager-mysql').egress).toEqual([]);
    // The backup's path to MySQL is part of its own egress policy (SecureCronJob.allowEgressTo), which opens no ingress.
    expect(policy('task-manager-backup-egress').policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy('task-manager-backup-egress').ingress).toEqual([]);
    expect(policy('task-manager-backup-egress').egress).toContainEqual({
      to: [{ podSelector: { matchLabels: DB_LABELS } }], ports: [{ protocol: 'TCP', port: 3306 }],
    });
  });

  test('people: RoleBindings in the namespace bind the env groups to the ClusterRoles', () => {
    const binding = (name: string) => find(objects, 'RoleBinding', name);
    expect(binding('task-manager-cloudedu-admin').roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cloudedu-admin' });
    expect(binding('task-manager-cloudedu-admin').subjects).toEqual(app.adminGroups.map((name) => ({ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name })));
    expect(binding('task-manager-cloudedu-developer').roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cloudedu-developer' });
    expect(binding('task-manager-cloudedu-developer').subjects).toEqual(app.developerGroups.map((name) => ({ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name })));
    // The app's own ServiceAccount has no permissions at all.
    expect(objects.filter((o) => o.kind === 'Role')).toEqual([]);
    expect(objects.filter((o) => o.kind === 'RoleBinding').flatMap((b) => b.subjects).filter((s: Manifest) => s.kind === 'ServiceAccount')).toEqual([]);
  });

  test('no secret values anywhere: no Secret objects, no credential-looking env values', () => {
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    const containers = [
      ...podSpec(deployment).containers, ...podSpec(statefulSet).containers, ...podSpec(statefulSet).initContainers,
      ...cronJob.spec.jobTemplate.spec.template.spec.containers,
    ];
    for (const c of containers) {
      for (const variable of c.env ?? []) expect({ name: variable.name, problem: looksLikeCredential(variable.name, variable.value ?? '') }).toEqual({ name: variable.name, problem: undefined });
    }
    expect(JSON.stringify(objects)).not.toMatch(/MYSQL_(ROOT_)?PASSWORD"|secretKeyRef|stringData/);
  });

  test('labels and owner/runbook annotations on every object', () => {
    for (const object of [...objects, ...cluster]) {
      expect(object.metadata.labels['app.kubernetes.io/managed-by']).toBe('cdk8s');
      expect(object.metadata.labels['app.kubernetes.io/part-of']).toBe('cloudedu');
      expect(object.metadata.annotations['platform.example.org/owner']).toBe(config.owner);
      expect(object.metadata.annotations['platform.example.org/runbook']).toMatch(/^https:\/\//);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// RBAC, exact
// ---------------------------------------------------------------------------------------------

describe('CloudEduAccessRoles', () => {
  const { cluster } = build(env('dev'));
  const rules = (name: string) => find(cluster, 'ClusterRole', name).rules;
  const read = ['get', 'list', 'watch'];
  const manage = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

  test('cloudedu-admin: manages the application, reads policies and claims, no Secrets, no RBAC', () => {
    expect(rules('cloudedu-admin')).toEqual([
      { apiGroups: [''], resources: ['configmaps', 'services'], verbs: manage },
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'create', 'delete'] },
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods/exec'], verbs: ['get', 'create'] },
      { apiGroups: [''], resources: ['endpoints', 'events', 'persistentvolumeclaims', 'serviceaccounts'], verbs: read },
      { apiGroups: ['apps'], resources: ['deployments', 'statefulsets'], verbs: manage },
      { apiGroups: ['apps'], resources: ['deployments/scale', 'statefulsets/scale'], verbs: ['get', 'update', 'patch'] },
      { apiGroups: ['apps'], resources: ['controllerrevisions', 'replicasets'], verbs: read },
      { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: manage },
      { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: manage },
      { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: manage },
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: manage },
      { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: read },
      { apiGroups: ['gateway.networking.k8s.io'], resources: ['httproutes'], verbs: manage },
      { apiGroups: ['traefik.io'], resources: ['middlewares'], verbs: read },
    ]);
  });

  test('cloudedu-developer: read-only, pod logs, no Secrets, no exec', () => {
    expect(rules('cloudedu-developer')).toEqual([
      { apiGroups: [''], resources: ['configmaps', 'endpoints', 'events', 'persistentvolumeclaims', 'pods', 'serviceaccounts', 'services'], verbs: read },
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
      { apiGroups: ['apps'], resources: ['controllerrevisions', 'deployments', 'replicasets', 'statefulsets'], verbs: read },
      { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: read },
      { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: read },
      { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: read },
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'networkpolicies'], verbs: read },
      { apiGroups: ['gateway.networking.k8s.io'], resources: ['httproutes'], verbs: read },
      { apiGroups: ['traefik.io'], resources: ['middlewares'], verbs: read },
    ]);
  });

  test('neither role touches Secrets, RBAC, cluster-scoped kinds or wildcard/escalation verbs', () => {
    for (const role of cluster) {
      for (const rule of role.rules) {
        expect(rule.resources).not.toContain('secrets');
        expect(rule.resources.some((r: string) => ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings', 'namespaces', 'nodes', 'persistentvolumes', '*'].includes(r))).toBe(false);
        expect(rule.verbs.some((v: string) => ['*', 'escalate', 'bind', 'impersonate', 'deletecollection'].includes(v))).toBe(false);
        expect(rule.apiGroups).not.toContain('rbac.authorization.k8s.io');
        expect(rule.apiGroups).not.toContain('*');
      }
    }
  });

  test('is refused in a namespaced chart (cdk8s would namespace the ClusterRoles)', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'namespaced', { namespace: 'task-manager' });
    expect(() => new CloudEduAccessRoles(chart, 'roles', { owner: 'platform-team', runbookUrl: 'https://runbooks.example.org/x' }))
      .toThrow('namespaced/roles: invalid scope "Chart namespaced (namespace task-manager)": a Chart without a namespace: ClusterRoles are cluster-scoped');
  });
});

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

describe('TaskManagerStack options', () => {
  test('readsKubernetesApi: a Role that can only get the ConfigMap and the Secret, and an expiring projected token', () => {
    const { objects } = build(env('staging'), { readsKubernetesApi: true, kubernetesApiAudience: 'https://kubernetes.default.svc' });
    const role = find(objects, 'Role', 'task-manager-web-api-reader');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['task-manager-config'], verbs: ['get'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['task-manager-db'], verbs: ['get'] },
    ]);
    const binding = find(objects, 'RoleBinding', 'task-manager-web-api-reader');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'task-manager-web-api-reader' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'task-manager-web', namespace: NAMESPACE }]);
    const deployment = find(objects, 'Deployment', 'task-manager-web');
    expect(podSpec(deployment).automountServiceAccountToken).toBe(false);
    const projected = podSpec(deployment).volumes.find((v: Manifest) => v.name === 'kube-api-access').projected;
    expect(projected).toEqual({
      defaultMode: 0o440,
      sources: [
        { serviceAccountToken: { path: 'token', expirationSeconds: 3600, audience: 'https://kubernetes.default.svc' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    });
    expect(container(deployment, 'web').volumeMounts).toContainEqual({ name: 'kube-api-access', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true });
  });

  test('webDrainDelay and webShutdownGracePeriod reach the preStop sleep and the pod', () => {
    const { objects } = build(env('staging'), { webDrainDelay: Duration.seconds(15), webShutdownGracePeriod: Duration.seconds(60) });
    const deployment = find(objects, 'Deployment', 'task-manager-web');
    expect(container(deployment, 'web').lifecycle).toEqual({ preStop: { sleep: { seconds: 15 } } });
    expect(podSpec(deployment).terminationGracePeriodSeconds).toBe(60);
  });

  test('webMinAvailable: a minAvailable budget below the replica count', () => {
    const { objects } = build(env('prod'), { webMinAvailable: 1 });
    expect(find(objects, 'PodDisruptionBudget', 'task-manager-web').spec).toEqual({
      minAvailable: 1, selector: { matchLabels: WEB_LABELS }, unhealthyPodEvictionPolicy: 'AlwaysAllow',
    });
  });

  test('settings, port, workers and health path reach the ConfigMap, command and probes', () => {
    const { objects } = build(env('dev'), { settings: { FEATURE_FLAGS: 'beta' }, webPort: 8080, webWorkers: 4, healthPath: '/livez', logLevel: 'DEBUG' });
    expect(find(objects, 'ConfigMap', 'task-manager-config').data).toEqual({ DB_HOST: 'task-manager-mysql', DB_PORT: '3306', DB_NAME: 'tasks', LOG_LEVEL: 'DEBUG', FEATURE_FLAGS: 'beta' });
    const deployment = find(objects, 'Deployment', 'task-manager-web');
    const web = container(deployment, 'web');
    expect(web.command.slice(0, 5)).toEqual(['gunicorn', '--bind', '0.0.0.0:8080', '--workers', '4']);
    expect(web.readinessProbe.httpGet).toEqual({ path: '/livez', port: 8080, scheme: 'HTTP' });
    expect(find(objects, 'Service', 'task-manager-web').spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 8080 }]);
    expect(find(objects, 'NetworkPolicy', 'task-manager-web').spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 8080 }]);
  });

  test('a changed setting changes the pod template (the pods roll)', () => {
    const checksum = (settings: Record<string, string>) => find(build(env('dev'), { settings }).objects, 'Deployment', 'task-manager-web').spec.template.metadata.annotations['checksum/config'];
    expect(checksum({ A: '1' })).not.toBe(checksum({ A: '2' }));
  });

  test('groups: an empty list emits no binding', () => {
    const { objects } = build(env('dev'), { developerGroups: [] });
    expect(objects.filter((o) => o.kind === 'RoleBinding').map((o) => o.metadata.name)).toEqual(['task-manager-cloudedu-admin']);
  });
});

// ---------------------------------------------------------------------------------------------
// Rejections: every bad prop names the construct path, the prop, the value and what is accepted
// ---------------------------------------------------------------------------------------------

describe('TaskManagerStack rejects', () => {
  const at = 'task-manager/task-manager: invalid';

  test('replicas below the PDB minimum (and a minimum equal to the replicas, which blocks drains)', () => {
    rejected({ autoscaling: undefined, webReplicas: 2, webMinAvailable: 3 }, new RegExp(`${at} webMinAvailable 3: minAvailable must be below the replica count \\(2\\), at most 1`), env('staging'));
    rejected({ autoscaling: undefined, webReplicas: 2, webMinAvailable: 2 }, /invalid webMinAvailable 2: minAvailable must be below the replica count \(2\)/, env('staging'));
    rejected({ webMinAvailable: 1 }, /invalid webMinAvailable 1: minAvailable must be below the replica count \(1\), at most 0/);
    rejected({ webMinAvailable: 2 }, /invalid webMinAvailable 2: minAvailable must be below the replica count \(2\)/, env('prod'));
    rejected({ webMinAvailable: 0 }, /invalid webMinAvailable 0: minAvailable must be a positive integer/, env('staging'));
  });

  test('an HPA maximum below its minimum, and webReplicas together with autoscaling (or neither)', () => {
    rejected({ autoscaling: { minReplicas: 4, maxReplicas: 3, targetCpuUtilizationPercent: 70 }, webReplicas: undefined },
      new RegExp(`${at} autoscaling.maxReplicas 3: an integer from minReplicas \\(4\\) to 1000`));
    rejected({ autoscaling: { minReplicas: 0, maxReplicas: 3, targetCpuUtilizationPercent: 70 }, webReplicas: undefined },
      /invalid autoscaling.minReplicas 0: an integer from 1 to 100/);
    rejected({ autoscaling: { minReplicas: 2, maxReplicas: 5, targetCpuUtilizationPercent: 0 }, webReplicas: undefined },
      /invalid autoscaling.targetCpuUtilizationPercent 0: an integer from 1 to 100/);
    // Both: the fixed count would be silently ignored under the HPA, so it is refused, even inside the range.
    rejected({ autoscaling: { minReplicas: 2, maxReplicas: 5, targetCpuUtilizationPercent: 70 }, webReplicas: 3 },
      new RegExp(`${at} webReplicas 3: unset when autoscaling is set: the HPA owns the replica count`));
    rejected({ webReplicas: 2 }, /invalid webReplicas 2: unset when autoscaling is set/, env('prod'));
    rejected({ webReplicas: undefined }, /invalid webReplicas \(missing\): a replica count, or autoscaling/);
    rejected({ webReplicas: 0 }, /invalid webReplicas 0: an integer from 1 to 100/);
  });

  test('a drain delay that does not end strictly inside the grace period, with time left for the server to stop', () => {
    rejected({ webDrainDelay: Duration.seconds(41) }, new RegExp(`${at} webDrainDelay "41s": at most webShutdownGracePeriod \\(45s\\) minus 5s`));
    rejected({ webDrainDelay: Duration.seconds(15), webShutdownGracePeriod: Duration.seconds(15) }, /invalid webDrainDelay "15s": at most webShutdownGracePeriod \(15s\)/);
    rejected({ webDrainDelay: Duration.seconds(0) }, /invalid webDrainDelay "0s": a whole number of seconds from 1 to 120/);
    rejected({ webDrainDelay: Duration.millis(1500) }, /invalid webDrainDelay "1.5s"/);
    rejected({ webShutdownGracePeriod: Duration.seconds(5) }, /invalid webShutdownGracePeriod "5s": a whole number of seconds from 10 to 600/);
    expect(() => build(env('dev'), { webDrainDelay: Duration.seconds(40) })).not.toThrow();
  });

  test('a storage size that is not a quantity', () => {
    rejected({ mysqlStorageSize: '10 gigs' }, new RegExp(`${at} mysqlStorageSize "10 gigs": a storage quantity of at least 1Mi with a unit, e.g. "10Gi"`));
    rejected({ backupStorageSize: '1024' }, /invalid backupStorageSize "1024": a storage quantity/);
    rejected({ mysqlStorageSize: '10gi' }, /invalid mysqlStorageSize "10gi"/);
  });

  test('a bad port', () => {
    rejected({ webPort: 80 }, new RegExp(`${at} webPort 80: a non-privileged TCP port from 1024 to 65535`));
    rejected({ webPort: 70000 }, /invalid webPort 70000: a non-privileged TCP port/);
    rejected({ webPort: 8000.5 }, /invalid webPort 8000.5/);
  });

  test('empty or duplicate group names', () => {
    rejected({ adminGroups: ['platform-admins', ''] }, new RegExp(`${at} adminGroups\\[1\\] "": a group name: not empty, no leading or trailing spaces`));
    rejected({ developerGroups: [' qa'] }, /invalid developerGroups\[0\] " qa": a group name/);
    rejected({ developerGroups: ['qa', 'qa'] }, /invalid developerGroups\[1\] "qa": a group not already listed/);
  });

  test('names, images and references the API server or MySQL would refuse', () => {
    rejected({ name: 'Task_Manager' }, /task-manager\/task-manager: invalid name "Task_Manager": a name that must be an RFC 1123 label/);
    rejected({ name: 'a'.repeat(41) }, /invalid name "a{41}": a name that must be at most 40 characters/);
    rejected({ webImage: 'registry.example.org/platform/task-manager-web:1.0' }, /invalid webImage "registry.example.org\/platform\/task-manager-web:1.0": an image must be pinned by digest/);
    rejected({ mysqlImage: 'mysql:8.4' }, /invalid mysqlImage "mysql:8.4": an image must be pinned by digest/);
    rejected({ databaseName: 'tasks-db' }, /invalid databaseName "tasks-db": a MySQL schema name/);
    rejected({ databaseSecretName: 'Task_DB' }, /invalid databaseSecretName "Task_DB": a Secret name that must be an RFC 1123 subdomain/);
    rejected({ storageClassName: '' }, /invalid storageClassName "": a StorageClass name/);
    rejected({ edgeControllerNamespace: 'Traefik' }, /invalid edgeControllerNamespace "Traefik"/);
    rejected({ databaseSecretKeys: { username: 'user', password: 'user' } }, /invalid databaseSecretKeys .*: three different keys/);
  });

  test('an off-cluster copy that cannot work or would leak', () => {
    const offsite = (changes: Record<string, unknown>) => {
      const roles = new CloudEduAccessRoles(new Chart(Testing.app(), 'x'), 'roles', { owner: 'o', runbookUrl: 'https://r.example.org' });
      const base = propsFor(env('dev'), roles).offsiteBackup;
      return { offsiteBackup: { ...base, ...changes, target: { ...base.target, ...(changes.target as object) } } };
    };
    rejected(offsite({ target: { endpoint: 'http://objects.example.org' } }),
      new RegExp(`${at} offsiteBackup.target.endpoint "http://objects.example.org": https only`));
    rejected(offsite({ target: { endpoint: 'https://AKIAX:hunter2@objects.example.org' } }),
      /invalid offsiteBackup.target.endpoint "https:\/\/\(credentials hidden\)@objects.example.org": no credentials in the URL/);
    expect(() => build(env('dev'), offsite({ target: { endpoint: 'https://AKIAX:hunter2@objects.example.org' } }))).not.toThrow(/hunter2/);
    rejected(offsite({ target: { prefix: 'dumps' } }), /invalid offsiteBackup.target.prefix "dumps": empty, or "\/"-terminated segments/);
    rejected(offsite({ credentialsSecretName: 'S3 keys' }), /invalid offsiteBackup.credentialsSecretName "S3 keys": a Secret name/);
    rejected(offsite({ egress: [] }), /invalid offsiteBackup.egress \[\]: at least one CIDR and port/);
    rejected(offsite({ uploadImage: 'buildpack-deps:bookworm-curl' }),
      /invalid offsiteBackup.uploadImage "buildpack-deps:bookworm-curl": an image must be pinned by digest/);
    rejected({ offsiteBackup: undefined }, /invalid offsiteBackup \(missing\): where the dumps are copied off the cluster/);
  });

  test('settings that carry a secret or shadow the construct\'s own keys', () => {
    rejected({ settings: { API_TOKEN: 'abc123' } }, /invalid settings.API_TOKEN "\(value hidden\)": no secrets in a ConfigMap/);
    rejected({ settings: { DB_HOST: 'elsewhere' } }, /invalid settings.DB_HOST "DB_HOST": a key other than DB_HOST, DB_PORT, DB_NAME, LOG_LEVEL/);
    rejected({ settings: { 'bad-key': 'x' } }, /invalid settings "bad-key": a variable name/);
    expect(() => build(env('dev'), { settings: { API_TOKEN: 'abc123' } })).not.toThrow(/abc123/);
  });

  test('other out-of-range values', () => {
    rejected({ webWorkers: 0 }, /invalid webWorkers 0: an integer from 1 to 64/);
    rejected({ healthPath: 'healthz' }, /invalid healthPath "healthz": an absolute URL path/);
    rejected({ webCommand: [] }, /invalid webCommand \[\]: a non-empty command/);
    rejected({ backupKeep: 0 }, /invalid backupKeep 0: an integer from 1 to 1000/);
    rejected({ mysqlShutdownGracePeriod: Duration.seconds(5) }, /invalid mysqlShutdownGracePeriod "5s": a whole number of seconds from 10 to 600/);
    rejected({ mysqlRunAs: { user: 0, group: 999 } }, /invalid mysqlRunAs .*: a non-root UID and GID/);
    rejected({ kubernetesApiAudience: 'api' }, /invalid kubernetesApiAudience "api": unset unless readsKubernetesApi is true/);
    rejected({ timeZone: 'Mars/Olympus' }, /invalid timeZone "Mars\/Olympus"/);
    rejected({ backupTimeout: Duration.hours(30) }, /Backup: invalid startingDeadline \+ activeDeadline/);
    rejected({ mysqlResources: { cpuRequest: '1', cpuLimit: '500m', memoryRequest: '1Gi', memoryLimit: '2Gi' } }, /invalid mysqlResources.cpuLimit "500m": a limit at least the request/);
  });

  test('MySQL resources that would make the pod Burstable, or leave no room beside the buffer pool', () => {
    rejected({ mysqlResources: { cpuRequest: '250m', cpuLimit: '500m', memoryRequest: '1Gi', memoryLimit: '1Gi' } },
      new RegExp(`${at} mysqlResources.cpuRequest "250m": the CPU limit \\(500m\\): requests equal limits keep the MySQL pod Guaranteed`));
    rejected({ mysqlResources: { cpuRequest: '500m', cpuLimit: '500m', memoryRequest: '512Mi', memoryLimit: '1Gi' } },
      /invalid mysqlResources.memoryRequest "512Mi": the memory limit \(1Gi\)/);
    rejected({ mysqlResources: { cpuRequest: '500m', cpuLimit: '500m', memoryRequest: '256Mi', memoryLimit: '256Mi' } },
      /invalid mysqlResources.memoryLimit "256Mi": at least 512Mi \(60 % of it is the InnoDB buffer pool/);
  });
});

// ---------------------------------------------------------------------------------------------
// Composition: main.ts, and the policy gate
// ---------------------------------------------------------------------------------------------

describe.each(ENVIRONMENTS.map((e) => e.name))('main.ts in %s', (envName) => {
  test('composes the task-manager chart (with its default deny) and the cluster-rbac chart, and passes the policy gate', () => {
    const config = env(envName);
    const app = buildEnvironmentApp(config);
    const chart = app.node.findChild('task-manager') as Chart;
    const cluster = app.node.findChild('cluster-rbac') as Chart;
    expect(chart.namespace).toBe(config.namespaces.taskManager);
    expect(cluster.namespace).toBeUndefined();
    const deny = find(Testing.synth(chart), 'NetworkPolicy', 'default-deny-all');
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const output = synthesizeEnvironment(app, config.name, config.cluster.kubernetesVersion);
    expect([...output.files.keys()]).toEqual(expect.arrayContaining([`${envName}/task-manager.k8s.yaml`, `${envName}/cluster-rbac.k8s.yaml`]));
    const report = output.files.get(`reports/${envName}.md`)!;
    // Nothing of ours is suppressed.
    expect(report).not.toMatch(/task-manager\/task-manager[^|]*\|[^|]*suppress/i);
  });
});
