import { ApiObject, Duration, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { shortHash } from '../../lib/checksum';
import { looksLikeCredential } from '../../lib/credential-patterns';
import { addPodDisruptionBudget, addTopologySpread, DisruptionBudget, disruptionBudgetProblem, spreadAcrossNodes, spreadAcrossZones } from '../../lib/disruption';
import { propError } from '../../lib/errors';
import { addPodSeccompDefault, DEFAULT_RUN_AS, hardenedContainerSecurityContext, hardenedPodSecurityContext, mountTmp } from '../../lib/hardening';
import { addLatePatch } from '../../lib/late-patch';
import { exemptFromLinters } from '../../lib/linter-exemptions';
import { recommendedLabels, WorkloadIdentity } from '../../lib/metadata';
import * as kplus from '../../lib/plus';
import { addEphemeralStorage, containerResources } from '../../lib/resources';
import { MYSQL_PORT, TASK_MANAGER_PATHS } from '../../lib/task-manager/paths';
import {
  envVarNameProblem, integerProblem, nonEmptyProblem, oneOfProblem, requireInteger, requirePort, requireSeconds, requireValid, urlPathProblem,
} from '../../lib/validate';
import { TaskManagerStackProps, WEB_SERVICE_PORT } from './props';
import { databaseCredentials, POD_SPEC, TaskManagerContext } from './shared';

/*
 * The web tier: gunicorn behind a ClusterIP Service, its settings in a ConfigMap, the database
 * credentials as files, spread over nodes, with a budget, an optional HPA and optional API read access.
 */

const CONFIG_KEYS = ['DB_HOST', 'DB_PORT', 'DB_NAME', 'LOG_LEVEL'] as const;
const LOG_LEVELS: readonly string[] = ['DEBUG', 'INFO', 'WARNING', 'ERROR'];

export function webTier(ctx: TaskManagerContext, scope: Construct, props: TaskManagerStackProps, identity: WorkloadIdentity) {
  const webPort = requirePort(ctx.stack, 'webPort', props.webPort ?? 8000, { unprivileged: true });
  const workers = requireInteger(ctx.stack, 'webWorkers', props.webWorkers ?? 2, { min: 1, max: 64 });
  const command = props.webCommand ?? ['gunicorn', '--bind', `0.0.0.0:${webPort}`, '--workers', String(workers), '--worker-tmp-dir', '/dev/shm', '--access-logfile', '-', 'app:app'];
  if (command.length === 0 || command.some((part) => part === '')) throw propError(ctx.stack, 'webCommand', command, 'a non-empty command without empty arguments');
  const healthPath = requireValid(ctx.stack, 'healthPath', props.healthPath ?? '/healthz', urlPathProblem);
  const replicas = checkReplicas(ctx, props);
  const resources = containerResources(ctx.stack, 'webResources', props.webResources);
  const shutdown = checkShutdown(ctx, props);

  const configMap = new kplus.ConfigMap(scope, 'ConfigMap', { metadata: { name: `${ctx.name}-config` }, data: settings(ctx, props) });
  const serviceAccount = new kplus.ServiceAccount(scope, 'ServiceAccount', { metadata: { name: `${ctx.name}-web` }, automountToken: false });

  const deployment = new kplus.Deployment(scope, 'Deployment', {
    metadata: { name: `${ctx.name}-web` },
    // With an HPA, cdk8s-plus leaves spec.replicas out (the autoscaler owns it).
    replicas,
    select: false,
    podMetadata: {
      labels: recommendedLabels(identity),
      // A changed ConfigMap changes the template, so the pods roll and read it.
      annotations: { 'checksum/config': shortHash(configMap.data) },
    },
    serviceAccount,
    automountServiceAccountToken: false,
    securityContext: hardenedPodSecurityContext(DEFAULT_RUN_AS),
    strategy: kplus.DeploymentStrategy.rollingUpdate({
      maxSurge: kplus.PercentOrAbsolute.absolute(1), maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
    }),
    terminationGracePeriod: Duration.seconds(shutdown.gracePeriod),
  });
  deployment.select(kplus.LabelSelector.of({ labels: ctx.webPodLabels }));

  const probe = (options: { period: number; failures: number }) => kplus.Probe.fromHttpGet(healthPath, {
    port: webPort,
    periodSeconds: Duration.seconds(options.period),
    timeoutSeconds: Duration.seconds(2),
    failureThreshold: options.failures,
  });
  // Liveness differs from readiness on purpose (kube-score's pod-probes-identical): it restarts a
  // container whose server is gone, while an overloaded one only leaves the Service for a while.
  const liveness = kplus.Probe.fromTcpSocket({
    port: webPort, periodSeconds: Duration.seconds(20), timeoutSeconds: Duration.seconds(2), failureThreshold: 3,
  });
  const container = deployment.addContainer({
    name: 'web',
    image: props.webImage,
    command: [...command],
    ports: [{ number: webPort, name: 'http' }],
    envFrom: [kplus.Env.fromConfigMap(configMap)],
    envVariables: {
      DB_USER_FILE: kplus.EnvValue.fromValue(`${TASK_MANAGER_PATHS.dbSecretDir}/username`),
      DB_PASSWORD_FILE: kplus.EnvValue.fromValue(`${TASK_MANAGER_PATHS.dbSecretDir}/password`),
    },
    resources,
    securityContext: hardenedContainerSecurityContext(DEFAULT_RUN_AS),
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    // Startup: up to 2 minutes to boot; then readiness decides traffic and liveness restarts a dead server.
    startup: probe({ period: 5, failures: 24 }),
    readiness: probe({ period: 10, failures: 3 }),
    liveness,
  });
  mountTmp(scope, container);
  // Only the application's own credentials: the root password stays with MySQL.
  const credentials = databaseCredentials(ctx, scope, [ctx.secretKeys.username, ctx.secretKeys.password]);
  container.mount(TASK_MANAGER_PATHS.dbSecretDir, credentials, { readOnly: true });

  const apiObject = ApiObject.of(deployment);
  addPodSeccompDefault(apiObject, POD_SPEC);
  // Hard spread over nodes (two replicas on one node fail together), soft over zones (clusters may have one).
  addTopologySpread(apiObject, POD_SPEC, ctx.webPodLabels, [
    spreadAcrossNodes('DoNotSchedule', ['pod-template-hash']),
    spreadAcrossZones('ScheduleAnyway', ['pod-template-hash']),
  ]);
  addEphemeralStorage(apiObject, `${POD_SPEC}/containers/0`);
  // Drain: a stopping pod leaves the Service's endpoints while the edge and kube-proxy still send
  // it requests for a few seconds; it keeps serving them through this sleep, and only then gets
  // SIGTERM. The kubelet's own sleep action (Kubernetes 1.30+, on by default): no `sleep` binary
  // needed in the image, no process started. cdk8s-plus-28 (the 1.28 API) knows no sleep handler.
  addLatePatch(apiObject, JsonPatch.add(`${POD_SPEC}/containers/0/lifecycle`, { preStop: { sleep: { seconds: shutdown.drainDelay } } }));
  exemptFromLinters(apiObject, 'digestPinnedPullPolicy', 'perWorkloadNetworkPolicy', 'noPriorityClassInCluster', 'secretFilePathEnv', 'sharedInstanceLabel');
  if (props.autoscaling) exemptFromLinters(apiObject, 'autoscaledReplicas');
  else if (replicas === 1) exemptFromLinters(apiObject, 'singleReplicaByConfig');

  const service = new kplus.Service(scope, 'Service', {
    metadata: { name: `${ctx.name}-web` },
    type: kplus.ServiceType.CLUSTER_IP,
    ports: [{ name: 'http', port: WEB_SERVICE_PORT, targetPort: webPort }],
  });
  for (const [key, value] of Object.entries(ctx.webPodLabels)) service.selectLabel(key, value);

  let autoscaler: kplus.HorizontalPodAutoscaler | undefined;
  if (props.autoscaling) {
    autoscaler = new kplus.HorizontalPodAutoscaler(scope, 'Autoscaler', {
      metadata: { name: `${ctx.name}-web` },
      target: deployment,
      minReplicas: props.autoscaling.minReplicas,
      maxReplicas: props.autoscaling.maxReplicas,
      metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(props.autoscaling.targetCpuUtilizationPercent))],
    });
  }

  const budget: DisruptionBudget = props.webMinAvailable === undefined ? { maxUnavailable: 1 } : { minAvailable: props.webMinAvailable };
  const minReplicas = props.autoscaling?.minReplicas ?? replicas!;
  const budgetProblem = disruptionBudgetProblem(budget, minReplicas);
  if (budgetProblem) throw propError(ctx.stack, 'webMinAvailable', props.webMinAvailable, budgetProblem);
  addPodDisruptionBudget(scope, 'DisruptionBudget', { name: `${ctx.name}-web`, podLabels: ctx.webPodLabels, budget });

  if (props.readsKubernetesApi) grantApiRead(ctx, scope, props, serviceAccount, configMap, apiObject);
  else if (props.kubernetesApiAudience !== undefined) {
    throw propError(ctx.stack, 'kubernetesApiAudience', props.kubernetesApiAudience, 'unset unless readsKubernetesApi is true (without it the pod gets no token)');
  }
  return { deployment, service, autoscaler, webPort };
}

/** Seconds the server keeps after SIGTERM, at least, once the drain delay has passed. */
const MIN_STOP_SECONDS = 5;

/** The drain delay and the grace period around it: the sleep ends strictly inside the grace period. */
function checkShutdown(ctx: TaskManagerContext, props: TaskManagerStackProps): { drainDelay: number; gracePeriod: number } {
  const drainDelay = requireSeconds(ctx.stack, 'webDrainDelay', props.webDrainDelay, 10, { min: 1, max: 120 });
  const gracePeriod = requireSeconds(ctx.stack, 'webShutdownGracePeriod', props.webShutdownGracePeriod, 45, { min: 10, max: 600 });
  if (drainDelay + MIN_STOP_SECONDS > gracePeriod) {
    throw propError(ctx.stack, 'webDrainDelay', `${drainDelay}s`, `at most webShutdownGracePeriod (${gracePeriod}s) minus ${MIN_STOP_SECONDS}s: `
      + 'the preStop sleep counts against the grace period, and the server needs time to stop after it');
  }
  return { drainDelay, gracePeriod };
}

/** The fixed replica count, or undefined when the HPA owns it (the two props exclude each other). */
function checkReplicas(ctx: TaskManagerContext, props: TaskManagerStackProps): number | undefined {
  const scaling = props.autoscaling;
  if (scaling && props.webReplicas !== undefined) {
    throw propError(ctx.stack, 'webReplicas', props.webReplicas,
      'unset when autoscaling is set: the HPA owns the replica count (autoscaling.minReplicas is where it starts)');
  }
  if (!scaling) {
    if (props.webReplicas === undefined) throw propError(ctx.stack, 'webReplicas', undefined, 'a replica count, or autoscaling');
    return requireInteger(ctx.stack, 'webReplicas', props.webReplicas, { min: 1, max: 100 });
  }
  const minReplicas = requireInteger(ctx.stack, 'autoscaling.minReplicas', scaling.minReplicas, { min: 1, max: 100 });
  requireValid(ctx.stack, 'autoscaling.maxReplicas', scaling.maxReplicas,
    (v) => integerProblem(v, { min: minReplicas, max: 1000 }) && `an integer from minReplicas (${minReplicas}) to 1000`);
  requireInteger(ctx.stack, 'autoscaling.targetCpuUtilizationPercent', scaling.targetCpuUtilizationPercent, { min: 1, max: 100 });
  return undefined;
}

function settings(ctx: TaskManagerContext, props: TaskManagerStackProps): Record<string, string> {
  const data: Record<string, string> = {
    DB_HOST: `${ctx.name}-mysql`,
    DB_PORT: String(MYSQL_PORT),
    DB_NAME: ctx.databaseName,
    LOG_LEVEL: props.logLevel ?? 'INFO',
  };
  requireValid(ctx.stack, 'logLevel', data.LOG_LEVEL, (level) => oneOfProblem(level, LOG_LEVELS), props.logLevel);
  for (const [key, value] of Object.entries(props.settings ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    requireValid(ctx.stack, 'settings', key, envVarNameProblem);
    if ((CONFIG_KEYS as readonly string[]).includes(key)) throw propError(ctx.stack, `settings.${key}`, key, `a key other than ${CONFIG_KEYS.join(', ')} (set by the construct)`);
    const credential = looksLikeCredential(key, value);
    if (credential) throw propError(ctx.stack, `settings.${key}`, '(value hidden)', `no secrets in a ConfigMap (${credential}); put it in the database Secret or another Secret`);
    data[key] = value;
  }
  return data;
}

/** The app reads its own ConfigMap and the database Secret through the API: exactly those, `get` only. */
function grantApiRead(
  ctx: TaskManagerContext, scope: Construct, props: TaskManagerStackProps, serviceAccount: kplus.ServiceAccount, configMap: kplus.ConfigMap,
  apiObject: ApiObject,
): void {
  const audience = props.kubernetesApiAudience;
  if (audience !== undefined) requireValid(ctx.stack, 'kubernetesApiAudience', audience, (a) => nonEmptyProblem(a, 'a non-empty audience'));
  const name = `${ctx.name}-web-api-reader`;
  new kplus.k8s.KubeRole(scope, 'ApiReaderRole', {
    metadata: { name },
    rules: [
      { apiGroups: [''], resources: ['configmaps'], resourceNames: [configMap.name], verbs: ['get'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: [props.databaseSecretName], verbs: ['get'] },
    ],
  });
  new kplus.k8s.KubeRoleBinding(scope, 'ApiReaderBinding', {
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    subjects: [{ kind: 'ServiceAccount', name: serviceAccount.name, namespace: ctx.namespace }],
  });
  // A bound, expiring token in place of the automounted one (still off): cdk8s-plus-28 has no
  // projected volumes, so the volume and its mount are added through the escape hatch.
  apiObject.addJsonPatch(JsonPatch.add(`${POD_SPEC}/volumes/-`, {
    name: 'kube-api-access',
    projected: {
      defaultMode: 0o440,
      sources: [
        { serviceAccountToken: { path: 'token', expirationSeconds: 3600, ...(audience !== undefined ? { audience } : {}) } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardApi: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    },
  }));
  apiObject.addJsonPatch(JsonPatch.add(`${POD_SPEC}/containers/0/volumeMounts/-`, {
    name: 'kube-api-access', mountPath: TASK_MANAGER_PATHS.serviceAccountDir, readOnly: true,
  }));
}
