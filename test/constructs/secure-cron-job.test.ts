import { Duration } from 'cdk8s';
import { Schedule, SecureCronJob, SecureCronJobProps } from '../../constructs';
import * as kplus from '../../lib/plus';
import { find, kinds, Manifest, synth } from '../helpers/manifests';
import { baseJobProps } from './secure-cron-job-fixtures';

function props(overrides: Partial<SecureCronJobProps> = {}): SecureCronJobProps {
  return baseJobProps({ timeZone: 'Europe/Madrid', ...overrides });
}

function synthJob(overrides: Partial<SecureCronJobProps> = {}, id = 'nightly'): Manifest[] {
  return synth((chart) => new SecureCronJob(chart, id, props(overrides)));
}

function expectRejected(overrides: Partial<SecureCronJobProps>, message: RegExp): void {
  expect(() => synthJob(overrides)).toThrow(message);
}

const podSpec = (cronJob: Manifest) => cronJob.spec.jobTemplate.spec.template.spec;

describe('SecureCronJob defaults', () => {
  const manifests = synthJob();
  const cronJob = find(manifests, 'CronJob', 'nightly');
  const pod = podSpec(cronJob);
  const container = pod.containers[0];

  test('emits exactly a CronJob, its ServiceAccount and its NetworkPolicy', () => {
    expect(kinds(manifests)).toEqual(['CronJob/nightly', 'NetworkPolicy/nightly-egress', 'ServiceAccount/nightly']);
  });

  test('schedule, time zone and no overlapping runs', () => {
    expect(cronJob.apiVersion).toBe('batch/v1');
    expect(cronJob.spec.schedule).toBe('0 3 * * *');
    expect(cronJob.spec.timeZone).toBe('Europe/Madrid');
    expect(cronJob.spec.concurrencyPolicy).toBe('Forbid');
    expect(cronJob.spec.suspend).toBe(false);
  });

  test('deadlines fit the shortest gap, which a DST change in Madrid shortens to 23 h', () => {
    // Daily at 03:00: the night the clocks go forward, only 23 h separate two runs.
    expect(cronJob.spec.startingDeadlineSeconds).toBe(300);
    expect(cronJob.spec.jobTemplate.spec.activeDeadlineSeconds).toBe(3600);
    expect(cronJob.spec.startingDeadlineSeconds + cronJob.spec.jobTemplate.spec.activeDeadlineSeconds).toBeLessThanOrEqual(23 * 3600);
  });

  test('retries and history are bounded; finished jobs are not deleted by a TTL', () => {
    expect(cronJob.spec.jobTemplate.spec.backoffLimit).toBe(2);
    expect(cronJob.spec.successfulJobsHistoryLimit).toBe(3);
    expect(cronJob.spec.failedJobsHistoryLimit).toBe(3);
    expect(cronJob.spec.jobTemplate.spec.ttlSecondsAfterFinished).toBeUndefined();
  });

  test('node disruptions do not count as failures, which needs restartPolicy Never', () => {
    expect(pod.restartPolicy).toBe('Never');
    expect(cronJob.spec.jobTemplate.spec.podFailurePolicy).toEqual({
      rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }],
    });
  });

  test('pod runs as a fixed non-root identity with RuntimeDefault seccomp', () => {
    expect(pod.securityContext).toEqual({
      fsGroup: 10001,
      fsGroupChangePolicy: 'OnRootMismatch',
      runAsGroup: 10001,
      runAsNonRoot: true,
      runAsUser: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe('nightly');
  });

  test('container is read-only, unprivileged, without capabilities, with /tmp on a bounded emptyDir', () => {
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsGroup: 10001,
      runAsNonRoot: true,
      runAsUser: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.volumeMounts).toEqual([{ mountPath: '/tmp', name: 'tmp' }]);
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]);
  });

  test('CPU, memory and ephemeral-storage requests and limits are always set', () => {
    expect(container.resources).toEqual({
      limits: { cpu: '250m', memory: '256Mi', 'ephemeral-storage': '256Mi' }, requests: { cpu: '50m', memory: '64Mi', 'ephemeral-storage': '64Mi' },
    });
  });

  test('the ServiceAccount is dedicated and mounts no token', () => {
    expect(find(manifests, 'ServiceAccount', 'nightly').automountServiceAccountToken).toBe(false);
  });

  test('the NetworkPolicy denies ingress and allows only DNS egress by default', () => {
    const policy = find(manifests, 'NetworkPolicy', 'nightly-egress');
    expect(policy.spec.podSelector.matchLabels).toEqual({
      'app.kubernetes.io/component': 'batch',
      'app.kubernetes.io/instance': 'nightly',
      'app.kubernetes.io/name': 'nightly',
    });
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.spec.ingress).toEqual([]);
    expect(policy.spec.egress).toEqual([{
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
      ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
    }]);
  });

  test('the pod template carries the labels the NetworkPolicy selects', () => {
    const policy = find(manifests, 'NetworkPolicy', 'nightly-egress');
    const templateLabels = cronJob.spec.jobTemplate.spec.template.metadata.labels;
    for (const [key, value] of Object.entries(policy.spec.podSelector.matchLabels)) expect(templateLabels[key]).toBe(value);
  });

  test('recommended labels and owner/runbook annotations on every object', () => {
    for (const manifest of manifests) {
      expect(manifest.metadata.labels).toMatchObject({
        'app.kubernetes.io/name': 'nightly',
        'app.kubernetes.io/instance': 'nightly',
        'app.kubernetes.io/component': 'batch',
        'app.kubernetes.io/part-of': 'platform',
        'app.kubernetes.io/managed-by': 'cdk8s',
        'app.kubernetes.io/version': '7c12af72ceb3',
      });
      expect(manifest.metadata.annotations).toMatchObject({
        'platform.example.org/owner': 'platform-team',
        'platform.example.org/runbook': 'https://runbooks.example.org/nightly',
      });
    }
  });

  test('no placement constraint unless a node pool is given', () => {
    expect(pod.nodeSelector).toBeUndefined();
    expect(pod.tolerations).toBeUndefined();
  });
});

describe('SecureCronJob options', () => {
  test('schedule descriptors are emitted verbatim', () => {
    const cronJob = find(synthJob({ schedule: Schedule.cron('@hourly') }), 'CronJob', 'nightly');
    expect(cronJob.spec.schedule).toBe('@hourly');
    expect(cronJob.spec.startingDeadlineSeconds).toBe(300);
    expect(cronJob.spec.jobTemplate.spec.activeDeadlineSeconds).toBe(3300);
  });

  test('a 5-minute schedule gets 30 s to start and 270 s to run', () => {
    const cronJob = find(synthJob({ schedule: Schedule.cron('*/5 * * * *') }), 'CronJob', 'nightly');
    expect(cronJob.spec.startingDeadlineSeconds).toBe(30);
    expect(cronJob.spec.jobTemplate.spec.activeDeadlineSeconds).toBe(270);
  });

  test('secret files are mounted read-only, mode 0440, one key per file', () => {
    const manifests = synthJob({
      secretFiles: [
        { secret: { secretName: 'api', key: 'token' }, path: '/var/run/secrets/api/token' },
        { secret: { secretName: 'api', key: 'ca.crt' }, path: '/etc/ssl/api/ca.crt' },
      ],
    });
    const pod = podSpec(find(manifests, 'CronJob', 'nightly'));
    expect(pod.volumes).toContainEqual({ name: 'secret-api', secret: { secretName: 'api', defaultMode: 0o440 } });
    expect(pod.containers[0].volumeMounts).toEqual(expect.arrayContaining([
      { mountPath: '/var/run/secrets/api/token', name: 'secret-api', readOnly: true, subPath: 'token' },
      { mountPath: '/etc/ssl/api/ca.crt', name: 'secret-api', readOnly: true, subPath: 'ca.crt' },
    ]));
    expect(manifests.some((m) => m.kind === 'Secret')).toBe(false);
  });

  test('env from a Secret is possible when asked for explicitly', () => {
    const container = podSpec(find(synthJob({ secretEnv: { DB_PASSWORD: { secretName: 'db', key: 'password' } } }), 'CronJob', 'nightly')).containers[0];
    expect(container.env).toEqual([{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }]);
  });

  test('egress destinations each open one CIDR to one port', () => {
    const policy = find(synthJob({ egress: [{ cidr: '203.0.113.10/32', port: 443 }, { cidr: '198.51.100.0/24', port: 8443 }] }), 'NetworkPolicy', 'nightly-egress');
    expect(policy.spec.egress.slice(1)).toEqual([
      { to: [{ ipBlock: { cidr: '198.51.100.0/24' } }], ports: [{ protocol: 'TCP', port: 8443 }] },
      { to: [{ ipBlock: { cidr: '203.0.113.10/32' } }], ports: [{ protocol: 'TCP', port: 443 }] },
    ]);
  });

  test('addEgress after construction reaches the policy', () => {
    const manifests = synth((chart) => {
      const job = new SecureCronJob(chart, 'nightly', props());
      job.addEgress({ cidr: '192.0.2.7/32', port: 25 });
    });
    expect(find(manifests, 'NetworkPolicy', 'nightly-egress').spec.egress[1]).toEqual({ to: [{ ipBlock: { cidr: '192.0.2.7/32' } }], ports: [{ protocol: 'TCP', port: 25 }] });
  });

  test('allowEgressTo opens one port to pods by label, here or in another namespace, in the job\'s own policy', () => {
    const manifests = synth((chart) => {
      const job = new SecureCronJob(chart, 'nightly', props({ egress: [{ cidr: '192.0.2.7/32', port: 25 }] }));
      job.allowEgressTo({ labels: { app: 'db' } }, 3306);
      job.allowEgressTo({ labels: { app: 'cache', tier: 'data' }, namespace: 'shared' }, 6379);
    });
    expect(kinds(manifests).filter((kind) => kind.startsWith('NetworkPolicy/'))).toEqual(['NetworkPolicy/nightly-egress']);
    const policy = find(manifests, 'NetworkPolicy', 'nightly-egress').spec;
    expect(policy.ingress).toEqual([]);
    expect(policy.egress.slice(1)).toEqual([
      { to: [{ ipBlock: { cidr: '192.0.2.7/32' } }], ports: [{ protocol: 'TCP', port: 25 }] },
      { to: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: [{ protocol: 'TCP', port: 3306 }] },
      {
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shared' } }, podSelector: { matchLabels: { app: 'cache', tier: 'data' } } }],
        ports: [{ protocol: 'TCP', port: 6379 }],
      },
    ]);
  });

  test('allowEgressTo refuses an empty selector, a bad label, namespace or port, naming the prop', () => {
    const attempt = (pods: { labels: Record<string, string>; namespace?: string }, port: number) => () => synth((chart) => {
      new SecureCronJob(chart, 'nightly', props()).allowEgressTo(pods, port);
    });
    expect(attempt({ labels: {} }, 3306)).toThrow(/nightly: invalid allowEgressTo.labels \{\}: at least one label: an empty selector matches every pod/);
    expect(attempt({ labels: { app: 'a b' } }, 3306)).toThrow(/invalid allowEgressTo.labels.app "a b": a label value \(at most 63 characters/);
    expect(attempt({ labels: { app: 'db' }, namespace: 'Shared' }, 3306)).toThrow(/invalid allowEgressTo.namespace "Shared": a namespace that must be an RFC 1123 label/);
    expect(attempt({ labels: { app: 'db' } }, 0)).toThrow(/invalid allowEgressTo.port 0: a TCP port from 1 to 65535/);
  });

  test('non-retryable exit codes fail the job at once', () => {
    const cronJob = find(synthJob({ nonRetryableExitCodes: [3, 2, 3] }), 'CronJob', 'nightly');
    expect(cronJob.spec.jobTemplate.spec.podFailurePolicy.rules[0]).toEqual({
      action: 'FailJob', onExitCodes: { containerName: 'nightly', operator: 'In', values: [2, 3] },
    });
  });

  test('OnFailure is possible once no podFailurePolicy is wanted', () => {
    const cronJob = find(synthJob({ restartPolicy: kplus.RestartPolicy.ON_FAILURE, ignoreDisruptions: false }), 'CronJob', 'nightly');
    expect(podSpec(cronJob).restartPolicy).toBe('OnFailure');
    expect(cronJob.spec.jobTemplate.spec.podFailurePolicy).toBeUndefined();
  });

  test('placement on the batch pool: node selector, toleration and priority class', () => {
    const pod = podSpec(find(synthJob({
      nodePool: { nodeLabelKey: 'pool', nodeLabelValue: 'batch', taintKey: 'dedicated', taintValue: 'batch', taintEffect: 'NoSchedule', priorityClassName: 'batch-low' },
    }), 'CronJob', 'nightly'));
    expect(pod.nodeSelector).toEqual({ pool: 'batch' });
    expect(pod.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'batch', effect: 'NoSchedule' }]);
    expect(pod.priorityClassName).toBe('batch-low');
  });

  test('Replace, suspend and explicit deadlines are honoured', () => {
    const cronJob = find(synthJob({
      concurrencyPolicy: kplus.ConcurrencyPolicy.REPLACE, suspend: true,
      startingDeadline: Duration.seconds(60), activeDeadline: Duration.minutes(30),
    }), 'CronJob', 'nightly');
    expect(cronJob.spec.concurrencyPolicy).toBe('Replace');
    expect(cronJob.spec.suspend).toBe(true);
    expect(cronJob.spec.startingDeadlineSeconds).toBe(60);
    expect(cronJob.spec.jobTemplate.spec.activeDeadlineSeconds).toBe(1800);
  });

  test('a run may outlast the gap when the reason is given', () => {
    const cronJob = find(synthJob({
      schedule: Schedule.cron('*/5 * * * *'), activeDeadline: Duration.minutes(10),
      allowRunsLongerThanGap: 'the export finishes the previous batch; Forbid skips overlapping runs',
    }), 'CronJob', 'nightly');
    expect(cronJob.spec.jobTemplate.spec.activeDeadlineSeconds).toBe(600);
  });
});

describe('SecureCronJob rejections name the construct path and the prop', () => {
  test.each([
    ['registry.example.org/job:1.2', /test\/nightly: invalid image "registry.example.org\/job:1.2": an image must be pinned by digest/],
    ['registry.example.org/job:latest', /invalid image .*pinned by digest/],
    ['registry.example.org/job', /invalid image .*pinned by digest/],
    ['registry.example.org/job:latest@sha256:7c12af72ceb38b7432ab85e1a265cff6ae58e06f95539d539b654f2cfa64bb13', /drop the `:latest` tag/],
    ['registry.example.org/job@sha256:abc', /is not sha256:<64 lowercase hex>/],
  ])('image %s', (image, message) => expectRejected({ image }, message));

  test('time zone must be an IANA name in exact case', () => {
    expectRejected({ timeZone: 'europe/madrid' }, /test\/nightly: invalid timeZone "europe\/madrid"/);
    expectRejected({ timeZone: 'Local' }, /invalid timeZone "Local"/);
  });

  test('a run that could outlast the gap is rejected', () => {
    expectRejected({ schedule: Schedule.cron('*/5 * * * *'), activeDeadline: Duration.minutes(5) },
      /invalid startingDeadline \+ activeDeadline "30s \+ 300s": at most the shortest gap between runs \(300s/);
  });

  test('the DST change counts: a daily 03:00 job in Madrid has a 23 h gap once a year', () => {
    // The night the clocks go forward, 03:00 CEST comes 23 h after the previous 03:00 CET.
    expectRejected({ startingDeadline: Duration.seconds(60), activeDeadline: Duration.hours(23) },
      /"60s \+ 82800s": at most the shortest gap between runs \(82800s, daylight-saving changes included\)/);
    // Under the Kubernetes controller, a New York 02:30 job is skipped on the spring-forward day
    // (02:30 does not exist), so its shortest gap stays 24 h and 60 s + 23 h fits.
    expect(() => synthJob({ schedule: Schedule.cron('30 2 * * *'), timeZone: 'America/New_York', startingDeadline: Duration.seconds(60), activeDeadline: Duration.hours(23) })).not.toThrow();
  });

  test('starting deadline below 10 s is rejected', () => {
    expectRejected({ startingDeadline: Duration.seconds(5) }, /invalid startingDeadline "5s": at least 10 seconds/);
  });

  test('an empty reason does not loosen the gap rule', () => {
    expectRejected({ schedule: Schedule.cron('*/5 * * * *'), activeDeadline: Duration.minutes(10), allowRunsLongerThanGap: ' ' },
      /invalid allowRunsLongerThanGap/);
  });

  test('OnFailure with a podFailurePolicy is rejected', () => {
    expectRejected({ restartPolicy: kplus.RestartPolicy.ON_FAILURE }, /invalid restartPolicy "OnFailure": Never: a podFailurePolicy/);
  });

  test('exit codes outside 1-255', () => {
    expectRejected({ nonRetryableExitCodes: [0] }, /invalid nonRetryableExitCodes 0: exit codes from 1 to 255/);
    expectRejected({ nonRetryableExitCodes: [256] }, /invalid nonRetryableExitCodes 256/);
  });

  test('literal credentials in env are rejected without echoing them', () => {
    let message = '';
    try {
      synthJob({ env: { DB_PASSWORD: 'hunter2hunter2' } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/test\/nightly: invalid env.DB_PASSWORD "\(value hidden\)": no literal secrets/);
    expect(message).not.toContain('hunter2');
  });

  test('plain env values pass', () => {
    const container = podSpec(find(synthJob({ env: { LOG_LEVEL: 'info' } }), 'CronJob', 'nightly')).containers[0];
    expect(container.env).toEqual([{ name: 'LOG_LEVEL', value: 'info' }]);
  });

  test('bad egress', () => {
    expectRejected({ egress: [{ cidr: '10.0.0.1', port: 443 }] }, /invalid egress\[0\].cidr "10.0.0.1": an IPv4 or IPv6 CIDR/);
    expectRejected({ egress: [{ cidr: '0.0.0.0/0', port: 443 }] }, /egress to the whole internet defeats the policy/);
    expectRejected({ egress: [{ cidr: '10.0.0.1/32', port: 70000 }] }, /invalid egress\[0\].port 70000: a TCP port from 1 to 65535/);
  });

  test('bad resources', () => {
    expectRejected({ resources: { cpuRequest: 'lots', cpuLimit: '1', memoryRequest: '64Mi', memoryLimit: '64Mi' } }, /invalid resources.cpuRequest "lots": a CPU quantity/);
    expectRejected({ resources: { cpuRequest: '1', cpuLimit: '500m', memoryRequest: '64Mi', memoryLimit: '64Mi' } }, /invalid resources.cpuLimit "500m": a limit at least the request \(1\)/);
    expectRejected({ resources: { cpuRequest: '1', cpuLimit: '1', memoryRequest: '64M', memoryLimit: '64Mi' } }, /invalid resources.memoryRequest "64M": a memory quantity in whole MiB/);
  });

  test('secret file paths must be absolute and unique', () => {
    expectRejected({ secretFiles: [{ secret: { secretName: 's', key: 'k' }, path: 'relative/k' }] }, /invalid secretFiles.path "relative\/k": an absolute file path/);
    expectRejected({
      secretFiles: [{ secret: { secretName: 's', key: 'k' }, path: '/etc/k' }, { secret: { secretName: 't', key: 'k' }, path: '/etc/k' }],
    }, /invalid secretFiles.path "\/etc\/k": a path not already mounted/);
  });

  test('name must fit a CronJob (52 characters, RFC 1123)', () => {
    expect(() => synthJob({ name: 'Nightly_Job' })).toThrow(/invalid name "Nightly_Job"/);
    expect(() => synthJob({ name: 'a'.repeat(53) })).toThrow(/must be at most 52 characters/);
  });

  test('root is refused', () => {
    expectRejected({ runAs: { user: 0, group: 0 } }, /invalid runAs .*a non-root UID and GID/);
  });

  test('history limits and retries are bounded', () => {
    expectRejected({ backoffLimit: -1 }, /invalid backoffLimit -1: an integer from 0 to 20/);
    expectRejected({ failedJobsRetained: 0 }, /invalid failedJobsRetained 0: an integer from 1 to 50/);
  });

  test('owner and runbook are required to be meaningful', () => {
    expectRejected({ runbookUrl: 'http://runbooks.example.org/x' }, /runbookUrl "http:\/\/runbooks.example.org\/x" must be an https:\/\/ URL/);
  });
});
