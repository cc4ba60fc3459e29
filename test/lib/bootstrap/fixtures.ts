/**
 * Realistic stand-ins for one environment's cdk8s output (`dist/<env>`), shaped like what the
 * constructs synthesize: a default-deny NetworkPolicy per namespace, CronJobs, Deployments, a
 * StatefulSet, RBAC with the cloudedu ClusterRoles, and the edge and alerting objects the
 * environment's config asks for. Container sizes come from the environment config.
 */
import type { EnvironmentConfig, ResourceSpec } from '../../../environments/types';

export type Manifest = Record<string, any>;

function resources(spec: ResourceSpec): Manifest {
  return {
    limits: { cpu: spec.cpuLimit, memory: spec.memoryLimit },
    requests: { cpu: spec.cpuRequest, memory: spec.memoryRequest },
  };
}

function podSpec(name: string, spec: ResourceSpec): Manifest {
  return {
    automountServiceAccountToken: false,
    securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{
      name,
      image: `registry.example.org/platform/${name}@sha256:${'0'.repeat(64)}`,
      resources: resources(spec),
      securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
    }],
  };
}

function cronJob(namespace: string, name: string, schedule: string, spec: ResourceSpec): Manifest {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace },
    spec: {
      schedule,
      concurrencyPolicy: 'Forbid',
      jobTemplate: { spec: { backoffLimit: 2, template: { spec: { ...podSpec(name, spec), restartPolicy: 'Never' } } } },
    },
  };
}

function deployment(namespace: string, name: string, replicas: number, spec: ResourceSpec): Manifest {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: podSpec(name, spec) } },
  };
}

function defaultDeny(namespace: string): Manifest {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'default-deny-all', namespace },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  };
}

function service(namespace: string, name: string, port: number): Manifest {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { selector: { app: name }, ports: [{ port, targetPort: port }] } };
}

function pvc(namespace: string, name: string, size: string, storageClassName: string): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace },
    spec: { accessModes: ['ReadWriteOnce'], storageClassName, resources: { requests: { storage: size } } },
  };
}

function route(env: EnvironmentConfig, namespace: string, name: string, host: string, port: number): Manifest[] {
  if (env.edge.kind === 'gateway-api') {
    return [{
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name, namespace },
      spec: {
        parentRefs: [{ name: env.edge.gateway!.name, namespace: env.edge.gateway!.namespace, sectionName: env.edge.gateway!.httpsListener }],
        hostnames: [host],
        rules: [{ backendRefs: [{ name, port }] }],
      },
    }];
  }
  return [
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name, namespace, annotations: { 'cert-manager.io/cluster-issuer': env.edge.clusterIssuer } },
      spec: {
        ingressClassName: env.edge.ingressClassName,
        tls: [{ hosts: [host], secretName: `${name}-tls` }],
        rules: [{ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name, port: { number: port } } } }] } }],
      },
    },
    {
      apiVersion: 'traefik.io/v1alpha1',
      kind: 'Middleware',
      metadata: { name: `${name}-headers`, namespace },
      spec: { headers: { stsSeconds: 31536000, contentTypeNosniff: true } },
    },
  ];
}

/** One environment's `dist/<env>` as the constructs would synthesize it. */
export function distFixture(env: EnvironmentConfig): Manifest[] {
  const ns = env.namespaces;
  const tm = env.taskManager;
  const feed = env.electoralFeed;
  const manifests: Manifest[] = [
    // platform jobs
    defaultDeny(ns.platform),
    cronJob(ns.platform, 'uploads-cleanup', env.cleanup.schedule, env.cleanup.resources),
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'uploads-cleanup-egress', namespace: ns.platform },
      spec: { podSelector: { matchLabels: { app: 'uploads-cleanup' } }, policyTypes: ['Egress'], egress: env.cleanup.egress.map((e) => ({ to: [{ ipBlock: { cidr: e.cidr } }], ports: [{ protocol: 'TCP', port: e.port }] })) },
    },
    // electoral feed and microsite
    defaultDeny(ns.electoral),
    cronJob(ns.electoral, 'electoral-feed', feed.schedule, feed.jobResources),
    deployment(ns.electoral, 'electoral-microsite', feed.micrositeReplicas, feed.micrositeResources),
    service(ns.electoral, 'electoral-microsite', 8080),
    pvc(ns.electoral, 'electoral-publish', feed.publishVolumeSize, env.storageClasses.readWriteMany),
    pvc(ns.electoral, 'electoral-backup', feed.backupVolumeSize, env.storageClasses.readWriteOnce),
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'electoral-microsite', namespace: ns.electoral },
      spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'electoral-microsite' } } },
    },
    ...(feed.host ? route(env, ns.electoral, 'electoral-microsite', feed.host, 8080) : []),
    // task manager
    defaultDeny(ns.taskManager),
    deployment(ns.taskManager, 'task-manager-web', tm.webReplicas ?? tm.autoscaling?.minReplicas ?? 1, tm.webResources),
    service(ns.taskManager, 'task-manager-web', 8080),
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'mysql', namespace: ns.taskManager },
      spec: {
        serviceName: 'mysql',
        replicas: 1,
        selector: { matchLabels: { app: 'mysql' } },
        template: { metadata: { labels: { app: 'mysql' } }, spec: podSpec('mysql', tm.mysqlResources) },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: env.storageClasses.readWriteOnce, resources: { requests: { storage: tm.mysqlStorageSize } } } }],
      },
    },
    service(ns.taskManager, 'mysql', 3306),
    cronJob(ns.taskManager, 'mysql-backup', tm.backupSchedule, tm.mysqlResources),
    pvc(ns.taskManager, 'mysql-backup', tm.backupStorageSize, env.storageClasses.readWriteOnce),
    ...route(env, ns.taskManager, 'task-manager-web', tm.host, 8080),
    // cdk8s writes the chart's namespace onto every object, cluster-scoped ones included.
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'cloudedu-admin', namespace: ns.taskManager }, rules: [{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch', 'delete'] }] },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'cloudedu-developer' }, rules: [{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] }] },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'cloudedu-admin', namespace: ns.taskManager },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cloudedu-admin' },
      subjects: tm.adminGroups.map((name) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name })),
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'cloudedu-developer', namespace: ns.taskManager },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cloudedu-developer' },
      subjects: tm.developerGroups.map((name) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name })),
    },
  ];
  if (tm.autoscaling) {
    manifests.push({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'task-manager-web', namespace: ns.taskManager },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'task-manager-web' },
        minReplicas: tm.autoscaling.minReplicas,
        maxReplicas: tm.autoscaling.maxReplicas,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: tm.autoscaling.targetCpuUtilizationPercent } } }],
      },
    });
  }
  if (env.alerting.prometheus !== undefined) {
    manifests.push({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'platform-jobs', namespace: ns.platform },
      spec: { groups: [{ name: 'cronjobs', rules: [{ alert: 'CronJobFailed', expr: 'kube_job_status_failed > 0', for: '5m' }] }] },
    });
  }
  return manifests;
}
