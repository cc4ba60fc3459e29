import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { addPodDisruptionBudget, addTopologySpread, spreadAcrossNodes, spreadAcrossZones } from '../../lib/disruption';
import { HEALTH_PATH } from '../../lib/electoral/nginx-config';
import { addPodSeccompDefault, hardenedContainerSecurityContext, hardenedPodSecurityContext, mountTmp } from '../../lib/hardening';
import { exemptFromLinters } from '../../lib/linter-exemptions';
import { recommendedLabels, selectorLabels, WorkloadIdentity } from '../../lib/metadata';
import { addWorkloadPolicy, ingressFromNamespace } from '../../lib/network';
import * as kplus from '../../lib/plus';
import { addEphemeralStorage, containerResources, ResourceSpec } from '../../lib/resources';
import {
  ELECTORAL_FEED_PATHS, ElectoralFeedProps, FeedFacts, MICROSITE_PORT, MICROSITE_RUN_AS, MICROSITE_SERVICE_PORT, NGINX_CONFIG_CHECKSUM_ANNOTATION,
} from './props';

const DEFAULT_MICROSITE_RESOURCES: ResourceSpec = { cpuRequest: '25m', cpuLimit: '200m', memoryRequest: '32Mi', memoryLimit: '64Mi' };

/**
 * The microsite: nginx-unprivileged serving the publish volume read-only, spread over nodes, with
 * a budget and a NetworkPolicy that admits only the ingress controller.
 */
export function addMicrosite(
  scope: Construct,
  feed: FeedFacts,
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
    replicas: feed.micrositeReplicas,
    select: false,
    serviceAccount,
    automountServiceAccountToken: false,
    securityContext: hardenedPodSecurityContext(MICROSITE_RUN_AS),
    podMetadata: { labels: recommendedLabels(identity), annotations: { [NGINX_CONFIG_CHECKSUM_ANNOTATION]: feed.nginxConfigChecksum } },
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
    resources: containerResources(feed, 'micrositeResources', props.micrositeResources ?? DEFAULT_MICROSITE_RESOURCES),
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
  if (feed.micrositeReplicas === 1) exemptFromLinters(apiObject, 'singleReplicaByConfig');

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
