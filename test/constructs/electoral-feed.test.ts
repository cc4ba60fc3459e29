import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Chart, Duration, Testing } from 'cdk8s';
import {
  ElectoralFeed, ElectoralFeedProps, NGINX_CONFIG_CHECKSUM_ANNOTATION, Schedule,
} from '../../constructs';
import { ENVIRONMENTS, EnvironmentConfig } from '../../environments';
import { ARGOCD_SYNC_OPTIONS_ANNOTATION } from '../../lib/argocd';
import { feedFileNameFromUrl } from '../../lib/electoral/contract';
import { OWNER_ANNOTATION, RUNBOOK_ANNOTATION } from '../../lib/metadata';
import { addDefaultDeny, DEFAULT_DENY_NAME } from '../../lib/network';
import { runPolicyGate } from '../../lib/policy/gate';
import { deliverSecrets } from '../../lib/secrets';
import { buildEnvironmentApp } from '../../main';
import { find, kinds, Manifest, synth } from '../helpers/manifests';
import { COLLECTOR_IMAGE, NGINX_IMAGE, SIGNER, baseFeedProps } from './electoral-feed-fixtures';

const SCRIPT_FILE = join(__dirname, '..', '..', 'images', 'electoral-collector', 'collect.sh');
const NAMESPACE = 'electoral';

const MONITORING = { prometheus: { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } } };

// Every prop given explicitly: the base feed plus a node pool, resources, volumes, replicas,
// monitoring and election windows.
function props(overrides: Partial<ElectoralFeedProps> = {}): ElectoralFeedProps {
  return baseFeedProps({
    sourceEgress: [{ cidr: '203.0.113.42/32', port: 443 }, { cidr: '203.0.113.43/32', port: 8443 }],
    timeZone: 'Europe/Madrid',
    nodePool: {
      nodeLabelKey: 'node.example.org/pool', nodeLabelValue: 'batch',
      taintKey: 'node.example.org/dedicated', taintValue: 'batch', taintEffect: 'NoSchedule', priorityClassName: 'batch-critical',
    },
    jobResources: { cpuRequest: '100m', cpuLimit: '500m', memoryRequest: '64Mi', memoryLimit: '256Mi' },
    backupKeep: 24,
    publishVolumeSize: '1Gi',
    backupStorageClass: 'ssd-rwo',
    backupVolumeSize: '2Gi',
    micrositeReplicas: 3,
    micrositeResources: { cpuRequest: '50m', cpuLimit: '250m', memoryRequest: '32Mi', memoryLimit: '128Mi' },
    monitoring: MONITORING,
    electionWindows: [{ start: '2027-05-23T09:00:00+02:00', end: '2027-05-24T09:00:00+02:00' }],
    ...overrides,
  });
}

function synthFeed(overrides: Partial<ElectoralFeedProps> = {}): Manifest[] {
  return synth((chart) => new ElectoralFeed(chart, 'electoral-feed', props(overrides)), NAMESPACE);
}

function expectRejected(overrides: Partial<ElectoralFeedProps>, message: RegExp): void {
  expect(() => synthFeed(overrides)).toThrow(message);
}

const podSpecOf = (cronJob: Manifest) => cronJob.spec.jobTemplate.spec.template.spec;
const envOf = (container: Manifest): Record<string, string> => Object.fromEntries(container.env.map((e: Manifest) => [e.name, e.value]));
const volumeNamed = (pod: Manifest, name: string) => pod.volumes.find((v: Manifest) => v.name === name);
const mountAt = (container: Manifest, path: string) => container.volumeMounts.find((m: Manifest) => m.mountPath === path);
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const egressOf = (policy: Manifest) =>
  policy.spec.egress.flatMap((rule: Manifest) => (rule.to[0].ipBlock ? [`${rule.to[0].ipBlock.cidr}:${rule.ports[0].port}/${rule.ports[0].protocol}`] : []));

describe('ElectoralFeed with explicit props', () => {
  const manifests = synthFeed();
  const cronJob = find(manifests, 'CronJob', 'electoral-feed-collector');
  const pod = podSpecOf(cronJob);
  const collector = pod.containers[0];
  const deployment = find(manifests, 'Deployment', 'electoral-feed-microsite');
  const sitePod = deployment.spec.template.spec;
  const nginx = sitePod.containers[0];
  const nginxConf: string = find(manifests, 'ConfigMap', 'electoral-feed-microsite-nginx').data['nginx.conf'];

  test('emits the collector, the volumes, the microsite, its exposure and its alerts', () => {
    expect(kinds(manifests)).toEqual([
      'ConfigMap/electoral-feed-dashboard',
      'ConfigMap/electoral-feed-microsite-nginx',
      'CronJob/electoral-feed-collector',
      'Deployment/electoral-feed-microsite',
      'Ingress/electoral-feed',
      'Middleware/electoral-feed-headers',
      'NetworkPolicy/electoral-feed-collector-egress',
      'NetworkPolicy/electoral-feed-microsite',
      'PersistentVolumeClaim/electoral-feed-backup',
      'PersistentVolumeClaim/electoral-feed-publish',
      'PodDisruptionBudget/electoral-feed-microsite',
      'PodMonitor/electoral-feed-microsite',
      'PrometheusRule/electoral-feed-alerts',
      'PrometheusRule/electoral-feed-collector-alerts',
      'Service/electoral-feed-microsite',
      'ServiceAccount/electoral-feed-collector',
      'ServiceAccount/electoral-feed-microsite',
    ]);
  });

  test('CronJob: every 5 minutes in the zone, no overlap, suspended only on request', () => {
    expect(cronJob.spec.schedule).toBe('*/5 * * * *');
    expect(cronJob.spec.timeZone).toBe('Europe/Madrid');
    expect(cronJob.spec.concurrencyPolicy).toBe('Forbid');
    expect(cronJob.spec.suspend).toBe(false);
    expect(find(synthFeed({ suspend: true }), 'CronJob', 'electoral-feed-collector').spec.suspend).toBe(true);
  });

  test('exit codes 2 (rejected content) and 3 (configuration) fail the run at once; one pod per run', () => {
    expect(cronJob.spec.jobTemplate.spec.podFailurePolicy.rules).toEqual([
      { action: 'FailJob', onExitCodes: { containerName: 'electoral-feed-collector', operator: 'In', values: [2, 3] } },
      { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
    ]);
    expect(cronJob.spec.jobTemplate.spec.backoffLimit).toBe(0);
    expect(pod.restartPolicy).toBe('Never');
  });

  test('the collector stops itself before the Job deadline, and both fit between two runs', () => {
    const active = cronJob.spec.jobTemplate.spec.activeDeadlineSeconds;
    const env = envOf(collector);
    expect(cronJob.spec.startingDeadlineSeconds).toBe(30);
    expect(active).toBe(270);
    expect(Number(env.FEED_DEADLINE_SECONDS)).toBe(240);
    expect(Number(env.FEED_DEADLINE_SECONDS)).toBeLessThan(active);
    expect(Number(env.FEED_TIMEOUT_SECONDS)).toBe(60);
    expect(Number(env.FEED_TIMEOUT_SECONDS)).toBeLessThanOrEqual(Number(env.FEED_DEADLINE_SECONDS));
    expect(cronJob.spec.startingDeadlineSeconds + active).toBeLessThanOrEqual(300);
  });

  test('the chosen values are exposed as properties', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: NAMESPACE });
    const feed = new ElectoralFeed(chart, 'electoral-feed', props({ deadlineMargin: Duration.seconds(50), requestTimeout: Duration.seconds(20) }));
    expect({
      name: feed.name, fileName: feed.fileName, starting: feed.startingDeadlineSeconds, active: feed.activeDeadlineSeconds,
      deadline: feed.collectorDeadlineSeconds, timeout: feed.requestTimeoutSeconds, keep: feed.backupKeep,
      replicas: feed.micrositeReplicas, stale: feed.staleAfterSeconds, maxBytes: feed.maxBytes,
    }).toEqual({
      name: 'electoral-feed', fileName: 'results.json', starting: 30, active: 270, deadline: 220, timeout: 20, keep: 24,
      replicas: 3, stale: 600, maxBytes: Math.floor((2 * 1024 ** 3) / 26),
    });
    expect(feed.collector.name).toBe('electoral-feed-collector');
    expect(feed.ingress).toBeDefined();
    expect(feed.prometheusRule).toBeDefined();
    expect(feed.signerFingerprints).toEqual([SIGNER]);
  });

  test('environment: the collector contract, secrets only as file paths', () => {
    expect(envOf(collector)).toEqual({
      FEED_SOURCE_URL: 'https://results-api.example.org/v1/results.json',
      FEED_FILE_NAME: 'results.json',
      FEED_TOKEN_FILE: '/var/run/secrets/electoral-feed/token',
      FEED_KEYRING: '/var/run/secrets/electoral-feed/keyring.gpg',
      FEED_SIGNER_FINGERPRINTS: SIGNER,
      FEED_WEBHOOK_URL_FILE: '/var/run/secrets/alerting/webhook-url',
      FEED_PUBLISH_DIR: '/srv/publish',
      FEED_BACKUP_DIR: '/srv/backup',
      FEED_BACKUP_KEEP: '24',
      FEED_MAX_BYTES: String(Math.floor((2 * 1024 ** 3) / 26)),
      FEED_METRICS_FILE: '/srv/publish/.metrics/electoral-feed.prom',
      FEED_TIMEOUT_SECONDS: '60',
      FEED_DEADLINE_SECONDS: '240',
    });
    expect(collector.env.every((e: Manifest) => e.valueFrom === undefined)).toBe(true);
    const withSignature = find(synthFeed({ signatureUrl: 'https://results-api.example.org/v1/results.json.asc', fileName: 'live.json' }),
      'CronJob', 'electoral-feed-collector');
    const env = envOf(podSpecOf(withSignature).containers[0]);
    expect([env.FEED_SIGNATURE_URL, env.FEED_FILE_NAME]).toEqual(['https://results-api.example.org/v1/results.json.asc', 'live.json']);
  });

  test('the token, keyring and webhook are Secret keys mounted read-only at the FEED_* paths', () => {
    const env = envOf(collector);
    const expected: [string, string, string][] = [
      [env.FEED_TOKEN_FILE, 'electoral-feed-api', 'token'],
      [env.FEED_KEYRING, 'electoral-feed-keyring', 'publisher.gpg'],
      [env.FEED_WEBHOOK_URL_FILE, 'alerting-webhook', 'url'],
    ];
    for (const [path, secretName, key] of expected) {
      const mount = mountAt(collector, path);
      expect({ path, readOnly: mount?.readOnly, subPath: mount?.subPath }).toEqual({ path, readOnly: true, subPath: key });
      expect(volumeNamed(pod, mount.name).secret).toEqual({ secretName, defaultMode: 0o440 });
    }
  });

  test('the collector runs the image\'s own command: the script is in the digest-pinned image, no ConfigMap carries it', () => {
    expect(collector.command).toBeUndefined();
    expect(collector.args).toBeUndefined();
    expect(collector.image).toBe(COLLECTOR_IMAGE);
    expect(manifests.filter((m) => m.kind === 'ConfigMap').map((m) => m.metadata.name).sort())
      .toEqual(['electoral-feed-dashboard', 'electoral-feed-microsite-nginx']);
    expect(collector.volumeMounts.map((m: Manifest) => m.mountPath).filter((p: string) => p.startsWith('/opt'))).toEqual([]);
    const annotations = find(manifests, 'CronJob', 'electoral-feed-collector').spec.jobTemplate.spec.template.metadata.annotations ?? {};
    expect(Object.keys(annotations).filter((k) => k.startsWith('checksum/'))).toEqual([]);
    // the script the image carries is the one pinned beside its digest (test/images/electoral-collector/image.test.ts)
    expect(readFileSync(SCRIPT_FILE, 'utf8')).toContain('FEED_SIGNER_FINGERPRINTS');
  });

  test('signer fingerprints: upper-cased, duplicates merged, several joined by commas', () => {
    const other = '9f41b2c6e8d0a3f5172b4c6d8e0f1a2b3c4d5e6f';
    const cron = find(synthFeed({ signerFingerprints: [SIGNER.toLowerCase(), other, SIGNER] }), 'CronJob', 'electoral-feed-collector');
    expect(envOf(podSpecOf(cron).containers[0]).FEED_SIGNER_FINGERPRINTS).toBe(`${SIGNER},${other.toUpperCase()}`);
  });

  test('the job mounts the publish and backup claims read-write', () => {
    for (const [path, claim] of [['/srv/publish', 'electoral-feed-publish'], ['/srv/backup', 'electoral-feed-backup']]) {
      const mount = mountAt(collector, path);
      expect(mount.readOnly).toBe(false);
      expect(volumeNamed(pod, mount.name).persistentVolumeClaim).toEqual({ claimName: claim, readOnly: false });
    }
  });

  test('the collector runs hardened on the batch pool, with its own ServiceAccount and no token', () => {
    expect(pod.nodeSelector).toEqual({ 'node.example.org/pool': 'batch' });
    expect(pod.priorityClassName).toBe('batch-critical');
    expect(pod.tolerations).toEqual([{ key: 'node.example.org/dedicated', operator: 'Equal', value: 'batch', effect: 'NoSchedule' }]);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe('electoral-feed-collector');
    expect(collector.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(collector.resources).toEqual({
      requests: { cpu: '100m', memory: '64Mi', 'ephemeral-storage': '64Mi' }, limits: { cpu: '500m', memory: '256Mi', 'ephemeral-storage': '256Mi' },
    });
  });

  test('both claims are kept by Argo CD (never pruned, never deleted with the app)', () => {
    const publish = find(manifests, 'PersistentVolumeClaim', 'electoral-feed-publish');
    const backup = find(manifests, 'PersistentVolumeClaim', 'electoral-feed-backup');
    expect(publish.metadata.annotations[ARGOCD_SYNC_OPTIONS_ANNOTATION]).toBe('Prune=false,Delete=false');
    expect(backup.metadata.annotations[ARGOCD_SYNC_OPTIONS_ANNOTATION]).toBe('Prune=false,Delete=false');
    expect(publish.spec).toEqual({ accessModes: ['ReadWriteMany'], volumeMode: 'Filesystem', storageClassName: 'efs-rwx', resources: { requests: { storage: '1Gi' } } });
    expect(backup.spec).toEqual({ accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem', storageClassName: 'ssd-rwo', resources: { requests: { storage: '2Gi' } } });
    const defaultClass = find(synthFeed({ backupStorageClass: undefined }), 'PersistentVolumeClaim', 'electoral-feed-backup');
    expect(defaultClass.spec.storageClassName).toBeUndefined();
  });

  test('microsite: unprivileged nginx as 10001:10001 (not the image\'s 101) on a read-only root, with its own ServiceAccount', () => {
    expect(deployment.spec.replicas).toBe(3);
    expect(nginx.image).toBe(NGINX_IMAGE);
    expect(nginx.command).toEqual(['nginx']);
    expect(nginx.args).toEqual(['-p', '/tmp', '-e', 'stderr', '-c', '/etc/nginx/electoral/nginx.conf']);
    expect(sitePod.securityContext).toEqual({
      runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, fsGroupChangePolicy: 'OnRootMismatch', seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(nginx.securityContext).toEqual({
      runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, privileged: false, readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(sitePod.automountServiceAccountToken).toBe(false);
    expect(sitePod.serviceAccountName).toBe('electoral-feed-microsite');
    expect(find(manifests, 'ServiceAccount', 'electoral-feed-microsite').automountServiceAccountToken).toBe(false);
    expect(nginx.resources).toEqual({
      requests: { cpu: '50m', memory: '32Mi', 'ephemeral-storage': '64Mi' }, limits: { cpu: '250m', memory: '128Mi', 'ephemeral-storage': '256Mi' },
    });
    expect(nginx.ports).toEqual([{ containerPort: 8080, name: 'http', protocol: 'TCP' }, { containerPort: 9113, name: 'metrics', protocol: 'TCP' }]);
  });

  test('microsite: the publish volume is read-only twice (mount and claim), /tmp is the only writable path', () => {
    const publish = mountAt(nginx, '/srv/publish');
    expect(publish.readOnly).toBe(true);
    // readOnly on the claim makes the kubelet skip the fsGroup chown: the collector keeps the volume.
    expect(volumeNamed(sitePod, publish.name).persistentVolumeClaim).toEqual({ claimName: 'electoral-feed-publish', readOnly: true });
    expect(mountAt(nginx, '/etc/nginx/electoral').readOnly).toBe(true);
    expect(volumeNamed(sitePod, 'nginx-config').configMap).toEqual({ name: 'electoral-feed-microsite-nginx', defaultMode: 0o444 });
    const writable = nginx.volumeMounts.filter((m: Manifest) => !m.readOnly).map((m: Manifest) => m.mountPath);
    expect(writable).toEqual(['/tmp']);
    expect(volumeNamed(sitePod, 'tmp').emptyDir).toEqual({ sizeLimit: '64Mi' });
  });

  test('microsite: startup and readiness on /healthz:8080, liveness only on the listener (never the same probe)', () => {
    for (const probe of [nginx.startupProbe, nginx.readinessProbe]) {
      expect(probe.httpGet).toEqual({ path: '/healthz', port: 8080, scheme: 'HTTP' });
    }
    expect(nginx.livenessProbe).toEqual({ tcpSocket: { port: 8080 }, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 });
    expect(nginx.startupProbe.failureThreshold * nginx.startupProbe.periodSeconds).toBeGreaterThanOrEqual(60);
  });

  test('nginx.conf: read-only root at the publish path, dot-files 404, healthz, no index, no version, short cache', () => {
    expect(nginxConf).toContain('listen 8080 default_server;');
    expect(nginxConf).toContain('root /srv/publish;');
    expect(nginxConf).toMatch(/location ~ \/\\\. \{\s+return 404;\s+\}/);
    expect(nginxConf).toMatch(/location = \/healthz \{[^}]*return 200 "ok\\n";/);
    expect(nginxConf).toContain('autoindex off;');
    expect(nginxConf).toContain('server_tokens off;');
    expect(nginxConf).toContain('try_files $uri =404;');
    expect(nginxConf).toContain('add_header Cache-Control "public, max-age=30";');
    expect(nginxConf).toContain('access_log /dev/stdout feed;');
    expect(nginxConf).toContain('open_file_cache off;');
    expect(nginxConf).toMatch(/limit_except GET \{\s+deny all;\s+\}/);
    // Every path nginx writes is relative to the -p prefix (/tmp): pid and temp directories.
    expect(nginxConf).toContain('pid nginx.pid;');
    for (const temp of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) expect(nginxConf).toMatch(new RegExp(`${temp}_temp_path [a-z_]+;`));
    expect(find(synthFeed({ cacheMaxAge: Duration.seconds(0) }), 'ConfigMap', 'electoral-feed-microsite-nginx').data['nginx.conf'])
      .toContain('add_header Cache-Control "no-cache";');
  });

  test('a changed nginx.conf changes the checksum annotation, so the pods roll', () => {
    const checksum = deployment.spec.template.metadata.annotations[NGINX_CONFIG_CHECKSUM_ANNOTATION];
    expect(checksum).toBe(sha256(nginxConf));
    const other = find(synthFeed({ cacheMaxAge: Duration.seconds(10) }), 'Deployment', 'electoral-feed-microsite');
    expect(other.spec.template.metadata.annotations[NGINX_CONFIG_CHECKSUM_ANNOTATION]).not.toBe(checksum);
  });

  test('replicas are spread across nodes and covered by a PodDisruptionBudget', () => {
    const podLabels = deployment.spec.template.metadata.labels;
    const selector = deployment.spec.selector.matchLabels;
    expect(Object.entries(selector).every(([k, v]) => podLabels[k] === v)).toBe(true);
    expect(selector).toEqual({
      'app.kubernetes.io/name': 'electoral-feed-microsite', 'app.kubernetes.io/instance': 'electoral-feed-microsite', 'app.kubernetes.io/component': 'microsite',
    });
    const spread = sitePod.topologySpreadConstraints;
    expect(spread.map((c: Manifest) => [c.topologyKey, c.whenUnsatisfiable, c.maxSkew])).toEqual([
      ['kubernetes.io/hostname', 'DoNotSchedule', 1],
      ['topology.kubernetes.io/zone', 'ScheduleAnyway', 1],
    ]);
    for (const c of spread) expect(c.labelSelector).toEqual({ matchLabels: selector });
    const pdb = find(manifests, 'PodDisruptionBudget', 'electoral-feed-microsite');
    expect(pdb.apiVersion).toBe('policy/v1');
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: selector }, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
  });

  test('replicas prefer different nodes (pod anti-affinity, as the external linters read it)', () => {
    expect(sitePod.affinity).toEqual({
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: deployment.spec.selector.matchLabels } } },
        ],
      },
    });
  });

  test('a single replica still gets the (never blocking) PodDisruptionBudget and spread constraints', () => {
    const single = synthFeed({ micrositeReplicas: 1 });
    expect(find(single, 'PodDisruptionBudget', 'electoral-feed-microsite').spec.maxUnavailable).toBe(1);
    expect(find(single, 'Deployment', 'electoral-feed-microsite').spec.template.spec.topologySpreadConstraints).toHaveLength(2);
  });

  test('the ClusterIP Service selects the pods by their stable labels, port 80 to 8080', () => {
    const service = find(manifests, 'Service', 'electoral-feed-microsite');
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }]);
  });

  test('collector egress: DNS plus exactly the source and webhook CIDR:port pairs', () => {
    const policy = find(manifests, 'NetworkPolicy', 'electoral-feed-collector-egress');
    expect(policy.spec.ingress).toEqual([]);
    expect(policy.spec.egress[0].ports).toEqual([{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }]);
    expect(egressOf(policy)).toEqual(['198.51.100.20/32:443/TCP', '203.0.113.42/32:443/TCP', '203.0.113.43/32:8443/TCP']);
    expect(policy.spec.podSelector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'electoral-feed-collector', 'app.kubernetes.io/instance': 'electoral-feed-collector', 'app.kubernetes.io/component': 'collector',
    });
  });

  test('a destination shared by source and webhook is allowed once', () => {
    const shared = synthFeed({ webhookEgress: [{ cidr: '203.0.113.42/32', port: 443 }] });
    expect(egressOf(find(shared, 'NetworkPolicy', 'electoral-feed-collector-egress'))).toEqual(['203.0.113.42/32:443/TCP', '203.0.113.43/32:8443/TCP']);
  });

  test('microsite: ingress only from the controller namespace on 8080 (and Prometheus on 9113), no egress at all', () => {
    const policy = find(manifests, 'NetworkPolicy', 'electoral-feed-microsite');
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.spec.podSelector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    expect(policy.spec.ingress[0]).toEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'traefik' } } }],
      ports: [{ protocol: 'TCP', port: 8080 }],
    });
    expect(policy.spec.ingress.slice(1).map((rule: Manifest) => rule.ports)).toEqual([[{ protocol: 'TCP', port: 9113 }]]);
    expect(policy.spec.egress).toEqual([]);
    const internal = synthFeed({ host: undefined, edge: undefined, ingressControllerNamespace: undefined, monitoring: undefined });
    expect(find(internal, 'NetworkPolicy', 'electoral-feed-microsite').spec.ingress).toEqual([]);
  });

  test('HardenedIngress exposes the microsite Service when a host is set, and nothing otherwise', () => {
    const ingress = find(manifests, 'Ingress', 'electoral-feed');
    expect(ingress.spec.rules).toEqual([{
      host: 'results.example.org',
      http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'electoral-feed-microsite', port: { number: 80 } } } }] },
    }]);
    expect(ingress.spec.tls).toEqual([{ hosts: ['results.example.org'], secretName: 'electoral-feed-tls' }]);
    const internal = synthFeed({ host: undefined, edge: undefined, ingressControllerNamespace: undefined });
    expect(internal.filter((m) => ['Ingress', 'Middleware', 'HTTPRoute'].includes(m.kind))).toEqual([]);
  });

  test('monitoring: freshness alerts, the collector\'s schedule-derived alerts, a PodMonitor, a dashboard', () => {
    const rule = find(manifests, 'PrometheusRule', 'electoral-feed-alerts');
    expect(rule.spec.groups.map((g: Manifest) => g.name))
      .toEqual(['electoral-feed-collector.freshness.rules', 'electoral-feed-microsite.deployment.rules', 'electoral-feed.volume.rules']);
    const rules = rule.spec.groups[0].rules;
    expect(rules.map((r: Manifest) => [r.alert, r.labels.severity])).toEqual([
      ['ElectoralFeedResultsStale', 'critical'],
      ['ElectoralFeedResultsStale', 'warning'],
      ['ElectoralFeedSuspendedInElection', 'critical'],
      ['ElectoralFeedSignerChanged', 'warning'],
    ]);
    expect(rules[0].expr).toContain('(time() - max by (namespace) (electoral_feed_published_signed_at_seconds{namespace="electoral"}) > 600)');
    for (const r of rules) expect(r.labels.team).toBe('platform-team');
    for (const r of rules) expect(r.annotations.runbook_url).toBe('https://runbooks.example.org/platform/electoral-feed');
    const collector = find(manifests, 'PrometheusRule', 'electoral-feed-collector-alerts');
    expect(collector.spec.groups[0].rules.map((r: Manifest) => r.alert)).toEqual(['CronJobNotSucceeding', 'CronJobLastRunFailed']);
    const monitor = find(manifests, 'PodMonitor', 'electoral-feed-microsite');
    expect(monitor.spec.podMetricsEndpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '30s', scheme: 'http' }]);
    expect(monitor.spec.selector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    const dashboard = find(manifests, 'ConfigMap', 'electoral-feed-dashboard');
    expect(dashboard.metadata.labels.grafana_dashboard).toBe('1');
    expect(JSON.parse(dashboard.data['electoral-feed.json']).uid).toBe('electoral-feed');
  });

  test('monitoring: the metrics port is on the container, not on the Service, and only Prometheus may reach it', () => {
    const ports = deployment.spec.template.spec.containers[0].ports;
    expect(ports).toEqual([{ containerPort: 8080, name: 'http', protocol: 'TCP' }, { containerPort: 9113, name: 'metrics', protocol: 'TCP' }]);
    const service = find(manifests, 'Service', 'electoral-feed-microsite');
    expect(service.spec.ports.map((p: Manifest) => p.targetPort)).toEqual([8080]);
    const policy = find(manifests, 'NetworkPolicy', 'electoral-feed-microsite');
    expect(policy.spec.ingress[1]).toEqual({
      from: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
      }],
      ports: [{ protocol: 'TCP', port: 9113 }],
    });
    const collectorEnv = find(manifests, 'CronJob', 'electoral-feed-collector').spec.jobTemplate.spec.template.spec.containers[0].env;
    expect(collectorEnv).toContainEqual({ name: 'FEED_METRICS_FILE', value: '/srv/publish/.metrics/electoral-feed.prom' });
  });

  test('monitoring: a suspended feed keeps its staleness alerts; extra resource labels', () => {
    const suspended = synthFeed({ suspend: true, monitoring: { ...MONITORING, resourceLabels: { release: 'kube-prometheus' } } });
    const rule = find(suspended, 'PrometheusRule', 'electoral-feed-alerts');
    expect(rule.spec.groups[0].rules.map((r: Manifest) => r.alert)).toContain('ElectoralFeedResultsStale');
    expect(rule.metadata.labels.release).toBe('kube-prometheus');
    expect(find(suspended, 'PodMonitor', 'electoral-feed-microsite').metadata.labels.release).toBe('kube-prometheus');
  });

  test('monitoring: none of its objects without the Prometheus operator, and no metrics port', () => {
    const plain = synthFeed({ monitoring: undefined });
    expect(plain.filter((m) => ['PrometheusRule', 'PodMonitor'].includes(m.kind) || m.metadata.labels?.grafana_dashboard)).toEqual([]);
    expect(find(plain, 'Deployment', 'electoral-feed-microsite').spec.template.spec.containers[0].ports).toHaveLength(1);
    expect(find(plain, 'ConfigMap', 'electoral-feed-microsite-nginx').data['nginx.conf']).not.toContain('/metrics');
  });

  test('the results age limit is two of the longest intervals of the schedule, or staleAfter', () => {
    const hourly = find(synthFeed({ schedule: Schedule.cron('0 * * * *') }), 'PrometheusRule', 'electoral-feed-alerts');
    expect(hourly.spec.groups[0].rules[0].expr).toContain('> 7200)');
    // Weekdays 08:00-20:55: the weekend gap (Friday 20:55 to Monday 08:00) is the longest, an hour
    // longer on the weekend of the autumn change (59 h 5 min + 1 h).
    const weekdays = find(synthFeed({ schedule: Schedule.cron('*/5 8-20 * * MON-FRI') }), 'PrometheusRule', 'electoral-feed-alerts');
    expect(weekdays.spec.groups[0].rules[0].expr).toContain(`> ${2 * (60 * 3600 + 5 * 60)})`);
    const explicit = find(synthFeed({ staleAfter: Duration.minutes(15) }), 'PrometheusRule', 'electoral-feed-alerts');
    expect(explicit.spec.groups[0].rules[0].expr).toContain('> 900)');
  });

  test('every object carries the recommended labels and the owner and runbook annotations', () => {
    for (const manifest of manifests) {
      expect({ object: `${manifest.kind}/${manifest.metadata.name}`, partOf: manifest.metadata.labels['app.kubernetes.io/part-of'] })
        .toEqual({ object: `${manifest.kind}/${manifest.metadata.name}`, partOf: 'electoral-feed' });
      expect(manifest.metadata.annotations[OWNER_ANNOTATION]).toBe('platform-team');
      expect(manifest.metadata.annotations[RUNBOOK_ANNOTATION]).toBe('https://runbooks.example.org/platform/electoral-feed');
    }
  });

  test('passes the policy gate with nothing suppressed', () => {
    const chart = new Chart(Testing.app(), 'electoral-feed', { namespace: NAMESPACE, disableResourceNameHashes: true });
    addDefaultDeny(chart, NAMESPACE);
    const feed = new ElectoralFeed(chart, 'electoral-feed', props());
    // The Secrets it reads are delivered, as main.ts does (else secrets/delivered fails the gate).
    deliverSecrets(chart, NAMESPACE, feed.secrets, { delivery: 'external-secrets', store: { name: 'vault', remoteKeyPrefix: '' }, refreshInterval: '1h' });
    const result = runPolicyGate([chart], { environment: 'test', k8sVersion: '1.31' });
    const problems = result.findings.filter((f) => f.severity === 'error' || f.suppressedBecause !== undefined);
    expect(problems).toEqual([]);
  });
});

describe('ElectoralFeed rejects', () => {
  test.each<[string, Partial<ElectoralFeedProps>, RegExp]>([
    ['a plain-http source', { sourceUrl: 'http://results.example.org/v1/results.json' },
      /electoral-feed: invalid sourceUrl "http:\/\/results\.example\.org\/v1\/results\.json": an https:\/\/ URL/],
    ['a source with user info', { sourceUrl: 'https://user@results.example.org/r.json' }, /invalid sourceUrl .*: a URL without user info/],
    ['a source with spaces', { sourceUrl: 'https://results.example.org/a b.json' }, /invalid sourceUrl .*: a URL of visible ASCII/],
    ['a plain-http signature', { signatureUrl: 'http://results.example.org/r.json.sig' }, /invalid signatureUrl .*: an https:\/\/ URL/],
    ['a source without a file name', { sourceUrl: 'https://results.example.org/' }, /invalid fileName \(missing\): a file name: sourceUrl has no path segment/],
    ['a dot-file name', { fileName: '.results.json' }, /invalid fileName "\.results\.json": a name not starting with "\."/],
    ['status.json as file name', { fileName: 'status.json' }, /invalid fileName "status\.json": a name other than status\.json/],
    ['a file name with a slash', { fileName: 'a/b.json' }, /invalid fileName "a\/b\.json": a plain file name/],
    ['replicas 0', { micrositeReplicas: 0 }, /invalid micrositeReplicas 0: a whole number of replicas from 1 to 50/],
    ['fractional replicas', { micrositeReplicas: 1.5 }, /invalid micrositeReplicas 1\.5/],
    ['backupKeep 0', { backupKeep: 0 }, /invalid backupKeep 0: a whole number of backups from 1 to 100000/],
    ['a size that is not a quantity', { publishVolumeSize: '1 GB' }, /invalid publishVolumeSize "1 GB": a storage quantity of at least 1Mi/],
    ['a tiny backup volume', { backupVolumeSize: '512Ki' }, /invalid backupVolumeSize "512Ki": a storage quantity of at least 1Mi/],
    ['more backups than the volume holds', { backupVolumeSize: '10Mi', backupKeep: 24 },
      /invalid backupVolumeSize "10485760 bytes": room for backupKeep \(24\) \+ 2 versions of at least 1 MiB/],
    ['a maxBytes the volumes cannot hold', { maxBytes: 500 * 1024 * 1024 }, /invalid maxBytes 524288000: a whole number of bytes from 1 to 82595524/],
    ['a webhook without egress', { webhookEgress: [] }, /invalid webhookEgress \[\]: at least one CIDR and port of the webhook/],
    ['webhook egress without a webhook', { webhook: undefined }, /invalid webhookEgress .*: no webhook egress without a webhook/],
    ['no alerting path', { webhook: undefined, webhookEgress: undefined, monitoring: undefined },
      /invalid webhook\/monitoring "\(neither\)": at least one alerting path/],
    ['no source egress', { sourceEgress: [] }, /invalid sourceEgress \[\]: at least one CIDR and port of the source API/],
    ['egress to the whole internet', { sourceEgress: [{ cidr: '0.0.0.0/0', port: 443 }] }, /invalid sourceEgress\[0\]\.cidr "0\.0\.0\.0\/0": a specific network/],
    ['a bad egress port', { webhookEgress: [{ cidr: '198.51.100.20/32', port: 0 }] }, /invalid webhookEgress\[0\]\.port 0: a TCP port/],
    ['a margin that leaves no deadline', { deadlineMargin: Duration.seconds(265) },
      /invalid deadlineMargin "265s": a margin that leaves the collector at least 10s of the 270s activeDeadlineSeconds/],
    ['a zero margin', { deadlineMargin: Duration.seconds(0) }, /invalid deadlineMargin "0s": a positive number of seconds/],
    ['a request timeout beyond the deadline', { requestTimeout: Duration.seconds(300) }, /invalid requestTimeout "300s": from 1s to the collector's deadline \(240s\)/],
    ['deadlines that outlast the gap', { activeDeadline: Duration.seconds(290) },
      /electoral-feed\/Collector: invalid startingDeadline \+ activeDeadline "30s \+ 290s": at most the shortest gap between runs \(300s/],
    ['a stale window shorter than an interval', { staleAfter: Duration.seconds(200) }, /invalid staleAfter "200s": at least one interval plus the starting deadline \(330s\)/],
    ['an unknown time zone', { timeZone: 'Europe/Atlantis' }, /invalid timeZone "Europe\/Atlantis"/],
    ['an unpinned collector image', { collectorImage: 'registry.example.org/platform/electoral-collector:1.0' },
      /electoral-feed\/Collector: invalid image .*: an image must be pinned by digest/],
    ['an unpinned microsite image', { micrositeImage: 'nginxinc/nginx-unprivileged:latest' }, /invalid micrositeImage .*: an image must be pinned by digest/],
    ['a host without an edge', { edge: undefined }, /invalid edge \(missing\): an Edge/],
    ['a host without the controller namespace', { ingressControllerNamespace: undefined }, /invalid ingressControllerNamespace \(missing\): the namespace of the ingress controller/],
    ['a bad controller namespace', { ingressControllerNamespace: 'Traefik' }, /invalid ingressControllerNamespace "Traefik": a namespace that must be an RFC 1123 label/],
    ['a bad host', { host: 'Results.Example.org' }, /electoral-feed\/Ingress: invalid hosts\[0\] "Results\.Example\.org"/],
    ['a bad storage class', { publishStorageClass: 'EFS_rwx' }, /invalid publishStorageClass "EFS_rwx": a StorageClass name that must be an RFC 1123 subdomain/],
    ['a bad secret name', { token: { secretName: 'Feed_API', key: 'token' } }, /invalid token\.secretName "Feed_API": a Secret name/],
    ['a bad secret key', { keyring: { secretName: 'electoral-feed-keyring', key: 'a/b' } }, /invalid keyring\.key "a\/b": a Secret key/],
    ['a long name', { name: 'a'.repeat(43) }, /invalid name "a{43}": a name that must be at most 42 characters/],
    ['a cache max-age over an hour', { cacheMaxAge: Duration.hours(2) }, /invalid cacheMaxAge "7200s": from 0 to 3600 seconds/],
    ['no signer fingerprint', { signerFingerprints: [] }, /invalid signerFingerprints \[\]: at least one primary-key fingerprint/],
    ['a short signer fingerprint', { signerFingerprints: [SIGNER.slice(1)] },
      /invalid signerFingerprints "[0-9A-F]{39}": a primary-key fingerprint of 40 hex digits/],
    ['a spaced signer fingerprint', { signerFingerprints: ['5C2E 4A1B 7D9F 03E6 A8B1 C4D7 2F6E 9A0B 3D5C 7E81'] }, /invalid signerFingerprints "5C2E 4A1B.*40 hex digits/],
    ['the source on the microsite host', { sourceUrl: 'https://Results.example.org/v1/results.json' },
      /electoral-feed: invalid sourceUrl "https:\/\/Results\.example\.org\/v1\/results\.json": a URL on a host other than the microsite's host results\.example\.org/],
    ['the signature on the microsite host', { signatureUrl: 'https://results.example.org/v1/results.json.sig' },
      /invalid signatureUrl "https:\/\/results\.example\.org\/v1\/results\.json\.sig": a URL on a host other than the microsite's host/],
    ['a plain http runbook', { runbookUrl: 'http://runbooks.example.org/feed' }, /runbookUrl "http:\/\/runbooks\.example\.org\/feed" must be an https:\/\/ URL/],
    ['bad microsite resources', { micrositeResources: { cpuRequest: 'lots', cpuLimit: '1', memoryRequest: '1Mi', memoryLimit: '1Mi' } },
      /invalid micrositeResources\.cpuRequest "lots": a CPU quantity/],
    ['a Prometheus without pod labels', { monitoring: { prometheus: { namespace: 'monitoring', podLabels: {} } } },
      /invalid monitoring\.prometheus .*: podLabels must name at least one label/],
    ['an election window without an offset', { electionWindows: [{ start: '2027-05-23T09:00:00', end: '2027-05-24T09:00:00+02:00' }] },
      /invalid electionWindows .*: \[0\]\.start "2027-05-23T09:00:00": an ISO 8601 date and time with an explicit offset/],
  ])('%s', (_name, overrides, message) => expectRejected(overrides, message));

  test('monitoring outside a namespaced chart', () => {
    const chart = new Chart(Testing.app(), 'no-namespace');
    expect(() => new ElectoralFeed(chart, 'electoral-feed', props())).toThrow(/invalid monitoring "\(set\)": a Chart with a namespace/);
  });
});

// ---------------------------------------------------------------------------------------------
// Each environment's real configuration, through main.ts
// ---------------------------------------------------------------------------------------------

interface Expected {
  readonly egress: string[];
  readonly controllerNamespace: string;
  readonly prometheusRule: boolean;
  readonly edgeObjects: string[];
  readonly storageClasses: [string, string];
  readonly priorityClassName?: string;
}

const EXPECTED: Record<string, Expected> = {
  dev: {
    egress: ['198.51.100.20/32:443/TCP', '203.0.113.40/32:443/TCP', '203.0.113.80/29:443/TCP'],
    controllerNamespace: 'traefik',
    prometheusRule: false,
    edgeObjects: ['Ingress/electoral-feed', 'Middleware/electoral-feed-headers'],
    storageClasses: ['nfs-rwx', 'standard-rwo'],
  },
  staging: {
    egress: ['198.51.100.20/32:443/TCP', '203.0.113.41/32:443/TCP', '203.0.113.80/29:443/TCP'],
    controllerNamespace: 'gateway-system',
    prometheusRule: true,
    edgeObjects: ['HTTPRoute/electoral-feed', 'HTTPRoute/electoral-feed-http-redirect'],
    storageClasses: ['efs-rwx', 'ssd-rwo'],
    priorityClassName: 'batch-standard',
  },
  prod: {
    egress: ['198.51.100.20/32:443/TCP', '203.0.113.42/32:443/TCP', '203.0.113.43/32:443/TCP', '203.0.113.96/28:443/TCP'],
    controllerNamespace: 'gateway-system',
    prometheusRule: true,
    edgeObjects: ['HTTPRoute/electoral-feed', 'HTTPRoute/electoral-feed-http-redirect'],
    storageClasses: ['efs-rwx-retain', 'ssd-rwo-retain'],
    priorityClassName: 'batch-critical',
  },
};

/**
 * What a new environment's config implies, so that adding one needs no edit here; the written-out
 * expectations above stay the oracle for the environments they name, and must agree with this.
 */
function expectedFromConfig(env: EnvironmentConfig): Expected {
  const feed = env.electoralFeed;
  const egress = [...feed.sourceEgress, ...env.alerting.webhookEgress, ...feed.offsiteBackup.egress].map((d) => `${d.cidr}:${d.port}/TCP`);
  return {
    egress: [...new Set(egress)].sort(),
    controllerNamespace: env.edge.controllerNamespace,
    prometheusRule: env.alerting.prometheus !== undefined,
    edgeObjects: {
      'gateway-api': ['HTTPRoute/electoral-feed', 'HTTPRoute/electoral-feed-http-redirect'],
      traefik: ['Ingress/electoral-feed', 'Middleware/electoral-feed-headers'],
      nginx: ['ConfigMap/electoral-feed-headers', 'Ingress/electoral-feed'],
    }[env.edge.kind],
    storageClasses: [env.storageClasses.readWriteMany, env.storageClasses.readWriteOnce],
    ...(env.batchNodePool.priorityClassName === undefined ? {} : { priorityClassName: env.batchNodePool.priorityClassName }),
  };
}

function feedChart(env: EnvironmentConfig): Chart {
  const chart = buildEnvironmentApp(env).node.tryFindChild('electoral-feed');
  if (!(chart instanceof Chart)) throw new Error(`main.ts builds no electoral-feed chart for ${env.name}`);
  return chart;
}

describe.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('ElectoralFeed in %s', (name, env) => {
  const expected = EXPECTED[name] ?? expectedFromConfig(env);
  const chart = feedChart(env);
  const manifests: Manifest[] = Testing.synth(chart);
  const feed = env.electoralFeed;
  const cronJob = find(manifests, 'CronJob', 'electoral-feed-collector');
  const pod = podSpecOf(cronJob);
  const deployment = find(manifests, 'Deployment', 'electoral-feed-microsite');

  test('the expectation written out here (if any) is what the config implies', () => {
    expect(expectedFromConfig(env)).toEqual(expected);
  });

  test('one chart in the electoral namespace with a default deny', () => {
    expect(chart.namespace).toBe(env.namespaces.electoral);
    expect(manifests.every((m) => m.metadata.namespace === env.namespaces.electoral)).toBe(true);
    expect(find(manifests, 'NetworkPolicy', DEFAULT_DENY_NAME).spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });

  test('CronJob: schedule, zone, suspension and batch pool from the environment', () => {
    expect(cronJob.spec.schedule).toBe(feed.schedule);
    expect(cronJob.spec.timeZone).toBe(env.timeZone);
    expect(cronJob.spec.suspend).toBe(env.suspendJobs);
    expect(cronJob.spec.concurrencyPolicy).toBe('Forbid');
    expect(pod.nodeSelector).toEqual({ [env.batchNodePool.nodeLabelKey]: env.batchNodePool.nodeLabelValue });
    expect(pod.priorityClassName).toBe(expected.priorityClassName);
    expect(cronJob.spec.jobTemplate.spec.podFailurePolicy.rules[0].onExitCodes.values).toEqual([2, 3]);
    const container = pod.containers[0];
    const variables = envOf(container);
    expect(Number(variables.FEED_DEADLINE_SECONDS)).toBeLessThan(cronJob.spec.jobTemplate.spec.activeDeadlineSeconds);
    expect(variables.FEED_SOURCE_URL).toBe(feed.sourceUrl);
    expect(variables.FEED_FILE_NAME).toBe(feedFileNameFromUrl(feed.sourceUrl));
    expect(variables.FEED_BACKUP_KEEP).toBe(String(feed.backupKeep));
    expect(container.image).toBe(`${env.registry}/${feed.collectorImage.repository}@${feed.collectorImage.digest}`);
    expect(mountAt(container, variables.FEED_TOKEN_FILE).name).toBe(`secret-${feed.token.secretName}`);
    expect(mountAt(container, variables.FEED_KEYRING).subPath).toBe(feed.keyring.key);
    expect(mountAt(container, variables.FEED_WEBHOOK_URL_FILE).subPath).toBe(env.alerting.webhook.key);
  });

  test('collector egress: exactly the source API and the webhook', () => {
    expect(egressOf(find(manifests, 'NetworkPolicy', 'electoral-feed-collector-egress'))).toEqual(expected.egress);
  });

  test('microsite ingress: only the edge controller namespace, on 8080, and where monitored Prometheus on 9113', () => {
    const policy = find(manifests, 'NetworkPolicy', 'electoral-feed-microsite');
    const prometheus = env.alerting.prometheus;
    expect(policy.spec.ingress).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': expected.controllerNamespace } } }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      },
      ...(prometheus === undefined ? [] : [{
        from: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': prometheus.namespace } },
          podSelector: { matchLabels: prometheus.podLabels },
        }],
        ports: [{ protocol: 'TCP', port: 9113 }],
      }]),
    ]);
    expect(policy.spec.egress).toEqual([]);
  });

  test('volumes: storage classes and sizes from the environment, kept by Argo CD', () => {
    const publish = find(manifests, 'PersistentVolumeClaim', 'electoral-feed-publish');
    const backup = find(manifests, 'PersistentVolumeClaim', 'electoral-feed-backup');
    expect([publish.spec.storageClassName, backup.spec.storageClassName]).toEqual(expected.storageClasses);
    expect([publish.spec.resources.requests.storage, backup.spec.resources.requests.storage])
      .toEqual([feed.publishVolumeSize, feed.backupVolumeSize]);
    for (const claim of [publish, backup]) expect(claim.metadata.annotations[ARGOCD_SYNC_OPTIONS_ANNOTATION]).toBe('Prune=false,Delete=false');
  });

  test('microsite replicas from the environment, with a disruption budget and spread at any count', () => {
    expect(deployment.spec.replicas).toBe(feed.micrositeReplicas);
    const budgets = manifests.filter((m) => m.kind === 'PodDisruptionBudget');
    expect(budgets.map((budget) => budget.spec.maxUnavailable)).toEqual([1]);
    expect(deployment.spec.template.spec.topologySpreadConstraints).toHaveLength(2);
  });

  test('PrometheusRules only where the cluster runs the Prometheus operator', () => {
    const rules = manifests.filter((m) => m.kind === 'PrometheusRule');
    expect(rules.length).toBe(expected.prometheusRule ? 2 : 0);
    expect(env.alerting.prometheus !== undefined).toBe(expected.prometheusRule);
  });

  test('the host is exposed through HardenedIngress on the environment edge', () => {
    const edgeKinds = ['Ingress', 'Middleware', 'HTTPRoute', 'Gateway', 'ConfigMap'];
    const edge = manifests.filter((m) => edgeKinds.includes(m.kind) && m.metadata.labels['app.kubernetes.io/component'] === 'edge');
    expect(edge.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual(expected.edgeObjects);
    expect(JSON.stringify(edge)).toContain(feed.host);
    expect(JSON.stringify(edge)).toContain('electoral-feed-microsite');
  });

  test('passes the policy gate with nothing suppressed', () => {
    const result = runPolicyGate([feedChart(env)], { environment: name, k8sVersion: env.cluster.kubernetesVersion });
    expect(result.findings.filter((f) => f.severity === 'error' || f.suppressedBecause !== undefined)).toEqual([]);
  });
});
