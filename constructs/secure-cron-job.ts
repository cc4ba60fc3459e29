import { ApiObject, Cron, Duration, JsonPatch, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { Schedule } from '../lib/cron';
import { propError } from '../lib/errors';
import { addPodSeccompDefault, DEFAULT_RUN_AS, hardenedContainerSecurityContext, hardenedPodSecurityContext, mountTmp, RunAs } from '../lib/hardening';
import { requirePinnedImage, shortDigest } from '../lib/image';
import { Ownership, recommendedLabels, selectorLabels, stampIdentity, WorkloadIdentity } from '../lib/metadata';
import { addWorkloadPolicy, cidrEgress, DnsPeer, dnsEgress, EgressDestination, egressToPods, validateDnsPeer, validateEgress } from '../lib/network';
import { addPrometheusRule, cronJobAlertRuleGroup, MonitoringOptions, monitoringNamespace, requireMonitoring, routingOf } from '../lib/observability';
import { NodePoolPlacement, placeOnNodePool } from '../lib/placement';
import * as kplus from '../lib/plus';
import { looksLikeCredential } from '../lib/credential-patterns';
import { SecretKeyReference } from '../lib/references';
import { declareSecret, mergeSecretDeclarations, SecretDeclaration, secretsDeclaredUnder } from '../lib/secrets';
import { addEphemeralStorage, containerResources, ResourceSpec } from '../lib/resources';
import { exemptFromLinters } from '../lib/linter-exemptions';
import { checkSecureCronJobProps } from './secure-cron-job-validation';
import {
  constructName, containerFilePathProblem, derivedLabel, GeneratedNames,
  durationSeconds, envVarNameProblem, integerProblem, requireDnsLabel, requireIdentity, requireInteger,
  requireLabels, requirePort, requireRunAs, requireSecretKeyReference, requireTimeZone, requireValid,
} from '../lib/validate';

/** A key of an existing Secret, mounted read-only as one file. */
export interface SecretFile {
  readonly secret: SecretKeyReference;
  /** Absolute path of the file inside the container. */
  readonly path: string;
}

/** Pods selected by their labels, in the job's namespace or another. */
export interface PodsInNamespace {
  /** Labels every selected pod carries (at least one). */
  readonly labels: Readonly<Record<string, string>>;
  /** @default the job's own namespace */
  readonly namespace?: string;
}

export interface SecureCronJobProps extends Ownership {
  /** When to run, in `timeZone`: `Schedule.cron('*\/5 * * * *')`, or the expression itself (then an error names this prop). */
  readonly schedule: Schedule | string;
  /**
   * IANA time zone the schedule is written in (exact case).
   * @default 'Etc/UTC'
   */
  readonly timeZone?: string;
  /** Image pinned by digest: `name@sha256:<64 hex>`. */
  readonly image: string;
  /**
   * Name of the CronJob, its ServiceAccount and NetworkPolicy (RFC 1123 label, at most 52 characters).
   * @default the construct id, lowercased
   */
  readonly name?: string;
  /** @default the image's entrypoint */
  readonly command?: readonly string[];
  /** @default the image's arguments */
  readonly args?: readonly string[];
  /**
   * Plain environment variables. A value that looks like a credential is rejected: use `secretFiles`.
   * @default none
   */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Environment variables from Secret keys. Files (`secretFiles`) are the default way to pass
   * secrets (env vars leak into crash dumps and child processes); use this only for software that
   * reads nothing else.
   * @default none
   */
  readonly secretEnv?: Readonly<Record<string, SecretKeyReference>>;
  /**
   * Secret keys mounted read-only as files (mode 0440, group = the pod's fsGroup).
   * @default none
   */
  readonly secretFiles?: readonly SecretFile[];
  /**
   * CPU and memory requests and limits.
   * @default 50m/250m CPU, 64Mi/256Mi memory
   */
  readonly resources?: ResourceSpec;
  /**
   * Egress beyond DNS: CIDR blocks and TCP ports the job may reach.
   * @default none (DNS only)
   */
  readonly egress?: readonly EgressDestination[];
  /**
   * Where the job's DNS queries go (the egress policy opens port 53 to it).
   * @default DnsPeer.kubeDns() (the kube-dns pods in kube-system)
   */
  readonly dnsPeer?: DnsPeer;
  /**
   * `Forbid` skips a run while the previous one is active; `Replace` stops the old run.
   * Overlapping runs (`Allow`) are not offered: a batch job that overlaps itself races itself.
   * @default kplus.ConcurrencyPolicy.FORBID
   */
  readonly concurrencyPolicy?: kplus.ConcurrencyPolicy.FORBID | kplus.ConcurrencyPolicy.REPLACE;
  /**
   * How late a run may start before it is skipped (at least 10 s: the controller checks every 10 s).
   * @default a tenth of the shortest gap between runs, from 10 s to 5 min
   */
  readonly startingDeadline?: Duration;
  /**
   * How long one run may take before Kubernetes stops it.
   * @default the shortest gap minus the starting deadline, at most 1 hour
   */
  readonly activeDeadline?: Duration;
  /**
   * Set to the reason when `startingDeadline + activeDeadline` may exceed the shortest gap between
   * two runs (a run may then still be going when the next is due).
   * @default not allowed
   */
  readonly allowRunsLongerThanGap?: string;
  /**
   * Retries of a failed pod before the run fails.
   * @default 2
   */
  readonly backoffLimit?: number;
  /** @default 3 */
  readonly successfulJobsRetained?: number;
  /** @default 3 */
  readonly failedJobsRetained?: number;
  /**
   * Exit codes that mean "retrying cannot help" (bad input, bad configuration): the run fails at once.
   * @default none
   */
  readonly nonRetryableExitCodes?: readonly number[];
  /**
   * Whether pods lost to node disruptions (drain, preemption) are retried without counting
   * against `backoffLimit`. Needs `restartPolicy: Never`.
   * @default true
   */
  readonly ignoreDisruptions?: boolean;
  /**
   * `OnFailure` restarts the container in place; it cannot be combined with a podFailurePolicy
   * (non-retryable exit codes or ignored disruptions).
   * @default kplus.RestartPolicy.NEVER
   */
  readonly restartPolicy?: kplus.RestartPolicy.NEVER | kplus.RestartPolicy.ON_FAILURE;
  /** @default false */
  readonly suspend?: boolean;
  /**
   * The node pool batch pods run on (node selector, toleration, priority class).
   * @default any node the scheduler picks
   */
  readonly nodePool?: NodePoolPlacement;
  /** @default DEFAULT_RUN_AS (10001:10001) */
  readonly runAs?: RunAs;
  /** @default 'batch' */
  readonly component?: string;
  /** @default the image's short digest */
  readonly version?: string;
  /**
   * Extra pod annotations (e.g. a checksum of mounted configuration, so a change rolls out).
   * @default none
   */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Where the cluster runs the Prometheus operator: a PrometheusRule `<name>-alerts` with the alerts
   * derived from the schedule and deadlines (no success for longer than the longest gap plus both
   * deadlines; the newest run failed). See lib/observability/README.md.
   * @default no PrometheusRule
   */
  readonly monitoring?: MonitoringOptions;
}

const DEFAULT_RESOURCES: ResourceSpec = { cpuRequest: '50m', cpuLimit: '250m', memoryRequest: '64Mi', memoryLimit: '256Mi' };
const POD_SPEC = '/spec/jobTemplate/spec/template/spec';
const MAX_ACTIVE_DEADLINE_SECONDS = 3600;
/** The Job controller appends an 11-character suffix to the CronJob name for each Job (63 - 11). */
const MAX_NAME = 52;

/** What the constructor resolves before it builds the CronJob. */
interface ResolvedJob {
  readonly timeZone: string;
  readonly deadlines: { readonly starting: number; readonly active: number };
  readonly identity: WorkloadIdentity;
  readonly runAs: RunAs;
  readonly restartPolicy: kplus.RestartPolicy;
}

/**
 * A CronJob that is hardened and correct by default: validated schedule and time zone, no
 * overlapping runs, deadlines that fit between runs, bounded retries, a non-root read-only pod with
 * its own ServiceAccount and no token, secrets as files, and egress limited to DNS plus what it declares.
 */
export class SecureCronJob extends Construct {
  readonly cronJob: kplus.CronJob;
  readonly serviceAccount: kplus.ServiceAccount;
  readonly container: kplus.Container;
  readonly name: string;
  /** Labels that select this job's pods. */
  readonly podSelectorLabels: Record<string, string>;
  /** The shortest interval between two runs, in seconds, across daylight-saving changes. */
  readonly shortestGapSeconds: number;
  /** The CronJob's alerts (with `monitoring`). */
  readonly prometheusRule?: ApiObject;

  private readonly egress: EgressDestination[] = [];
  private readonly podEgress: kplus.k8s.NetworkPolicyEgressRule[] = [];
  private readonly secretVolumes = new Map<string, kplus.Volume>();
  private readonly mountedPaths = new Set<string>();
  private readonly volumeNames = new GeneratedNames(this, 'secretFiles.secret.secretName', 'volume name');

  constructor(scope: Construct, id: string, props: SecureCronJobProps) {
    super(scope, id);
    this.name = constructName(this, props.name, MAX_NAME);
    const schedule = checkSecureCronJobProps(this, this.name, props);
    requirePinnedImage(this, 'image', props.image);
    const timeZone = requireTimeZone(this, 'timeZone', props.timeZone ?? 'Etc/UTC');
    this.shortestGapSeconds = schedule.shortestGapSeconds(timeZone);
    const deadlines = this.deadlines(props);
    const identity = this.identity(props);
    this.podSelectorLabels = selectorLabels(identity);
    const runAs = requireRunAs(this, 'runAs', props.runAs ?? DEFAULT_RUN_AS);
    const restartPolicy = this.restartPolicy(props);

    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', { metadata: { name: this.name }, automountToken: false });
    this.cronJob = this.addCronJob(props, { timeZone, deadlines, identity, runAs, restartPolicy });
    this.container = this.addMainContainer(props, runAs);
    for (const file of props.secretFiles ?? []) this.addSecretFile(file);
    this.patchCronJob(props, restartPolicy);
    this.addEgressPolicy(props);
    this.prometheusRule = this.addAlerts(props, schedule, timeZone, deadlines);
    stampIdentity(this, identity);
  }

  /**
   * Allows egress to the pods that carry `pods.labels` (in `pods.namespace`, else the job's own) on
   * one TCP port, in the job's own egress policy: a backup job reaching its database, say.
   */
  allowEgressTo(pods: PodsInNamespace, port: number): void {
    if (Object.keys(pods?.labels ?? {}).length === 0) {
      throw propError(this, 'allowEgressTo.labels', pods?.labels, 'at least one label: an empty selector matches every pod');
    }
    requireLabels(this, 'allowEgressTo.labels', pods.labels);
    if (pods.namespace !== undefined) requireDnsLabel(this, 'allowEgressTo.namespace', pods.namespace, 'a namespace');
    requirePort(this, 'allowEgressTo.port', port);
    this.podEgress.push(egressToPods(pods.namespace, pods.labels, port));
  }

  /** The Secrets this job reads (one per name, with every key), for the environment to deliver. */
  get secrets(): readonly SecretDeclaration[] {
    return mergeSecretDeclarations(secretsDeclaredUnder(this));
  }

  /** Allows egress to one more CIDR and TCP port. */
  addEgress(destination: EgressDestination): void {
    validateEgress(this, 'egress', [destination]);
    this.egress.push(destination);
  }

  /** Mounts one more Secret key as a read-only file (mode 0440). */
  addSecretFile(file: SecretFile): void {
    requireSecretKeyReference(this, 'secretFiles.secret', file.secret);
    requireValid(this, 'secretFiles.path', file.path, containerFilePathProblem);
    this.claimPath('secretFiles.path', file.path);
    const volume = this.secretVolume(file.secret.secretName);
    // One file per mount (subPath): each run starts a new pod, so the reason to avoid subPath
    // (no update on Secret rotation inside a running pod) does not apply to a CronJob.
    this.container.mount(file.path, volume, { readOnly: true, subPath: file.secret.key });
    declareSecret(this, { name: file.secret.secretName, purpose: `file ${file.path} of CronJob ${this.name}`, keys: [{ key: file.secret.key }] });
  }

  /** Mounts a volume (a shared data volume, a ConfigMap of scripts) at `path`. */
  addVolumeMount(path: string, volume: kplus.Volume, options: { readOnly: boolean }): void {
    this.claimPath('volumeMount', path);
    this.container.mount(path, volume, { readOnly: options.readOnly });
  }

  private identity(props: SecureCronJobProps): WorkloadIdentity {
    return requireIdentity(this, {
      name: this.name,
      instance: this.name,
      component: props.component ?? 'batch',
      partOf: props.partOf,
      version: props.version ?? shortDigest(props.image),
      owner: props.owner,
      runbookUrl: props.runbookUrl,
    }, 'partOf/owner/runbookUrl/version');
  }

  private addCronJob(props: SecureCronJobProps, resolved: ResolvedJob): kplus.CronJob {
    const { timeZone, deadlines, identity, runAs, restartPolicy } = resolved;
    return new kplus.CronJob(this, 'CronJob', {
      metadata: { name: this.name },
      schedule: Cron.everyMinute(), // replaced by the exact expression in patchCronJob
      timeZone,
      concurrencyPolicy: props.concurrencyPolicy ?? kplus.ConcurrencyPolicy.FORBID,
      startingDeadline: Duration.seconds(deadlines.starting),
      activeDeadline: Duration.seconds(deadlines.active),
      backoffLimit: requireInteger(this, 'backoffLimit', props.backoffLimit ?? 2, { min: 0, max: 20 }),
      successfulJobsRetained: requireInteger(this, 'successfulJobsRetained', props.successfulJobsRetained ?? 3, { min: 0, max: 50 }),
      failedJobsRetained: requireInteger(this, 'failedJobsRetained', props.failedJobsRetained ?? 3, { min: 1, max: 50 }),
      suspend: props.suspend ?? false,
      restartPolicy,
      serviceAccount: this.serviceAccount,
      automountServiceAccountToken: false,
      securityContext: hardenedPodSecurityContext(runAs),
      podMetadata: { labels: recommendedLabels(identity), annotations: { ...props.podAnnotations } },
    });
  }

  private addMainContainer(props: SecureCronJobProps, runAs: RunAs): kplus.Container {
    const container = this.cronJob.addContainer({
      name: this.name,
      image: props.image,
      command: props.command ? [...props.command] : undefined,
      args: props.args ? [...props.args] : undefined,
      envVariables: this.envVariables(props),
      resources: containerResources(this, 'resources', props.resources ?? DEFAULT_RESOURCES),
      securityContext: hardenedContainerSecurityContext(runAs),
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    });
    mountTmp(this, container);
    return container;
  }

  /** What cdk8s-plus-28's CronJob cannot say: the exact schedule, seccomp, podFailurePolicy, node pool, disk. */
  private patchCronJob(props: SecureCronJobProps, restartPolicy: kplus.RestartPolicy): void {
    const apiObject = ApiObject.of(this.cronJob);
    // cdk8s' Cron only builds 5-field strings; the schedule is already validated, so emit it verbatim.
    apiObject.addJsonPatch(JsonPatch.replace('/spec/schedule', String(props.schedule)));
    addPodSeccompDefault(apiObject, POD_SPEC);
    this.addPodFailurePolicy(apiObject, props, restartPolicy);
    if (props.nodePool) placeOnNodePool(this.cronJob, apiObject, POD_SPEC, props.nodePool);
    addEphemeralStorage(apiObject, `${POD_SPEC}/containers/0`);
    exemptFromLinters(apiObject, 'digestPinnedPullPolicy', 'perWorkloadNetworkPolicy');
    if (props.nodePool?.priorityClassName === undefined) exemptFromLinters(apiObject, 'noPriorityClassInCluster');
  }

  /** The job's own policy: no ingress; egress to DNS, its CIDRs (`egress`, `addEgress`) and pods (`allowEgressTo`). */
  private addEgressPolicy(props: SecureCronJobProps): void {
    for (const destination of props.egress ?? []) this.addEgress(destination);
    const dnsPeer = props.dnsPeer ?? DnsPeer.kubeDns();
    validateDnsPeer(this, 'dnsPeer', dnsPeer);
    addWorkloadPolicy(this, 'NetworkPolicy', {
      name: `${this.name}-egress`,
      podLabels: this.podSelectorLabels,
      ingress: [],
      egress: Lazy.any({ produce: () => [dnsEgress(dnsPeer), ...cidrEgress(this.egress), ...this.podEgress] }) as never,
    });
  }

  private addAlerts(
    props: SecureCronJobProps, schedule: Schedule, timeZone: string, deadlines: { starting: number; active: number },
  ): ApiObject | undefined {
    if (props.monitoring === undefined) return undefined;
    requireMonitoring(this, 'monitoring', props.monitoring);
    const group = cronJobAlertRuleGroup({
      namespace: monitoringNamespace(this, 'monitoring'),
      cronJobName: this.name,
      schedule,
      timeZone,
      startingDeadlineSeconds: deadlines.starting,
      activeDeadlineSeconds: deadlines.active,
      suspendedByConfig: props.suspend ?? false,
      routing: routingOf(props),
    });
    return addPrometheusRule(this, 'Alerts', `${this.name}-alerts`, [group], props.monitoring);
  }

  private deadlines(props: SecureCronJobProps): { starting: number; active: number } {
    const gap = this.shortestGapSeconds;
    const starting = (props.startingDeadline && durationSeconds(props.startingDeadline)) ?? Math.min(300, Math.max(10, Math.floor(gap / 10)));
    requireValid(this, 'startingDeadline', starting,
      (s) => integerProblem(s, { min: 10 }) && 'at least 10 seconds: the CronJob controller checks every 10 s and would skip runs', `${starting}s`);
    const active = (props.activeDeadline && durationSeconds(props.activeDeadline)) ?? Math.min(MAX_ACTIVE_DEADLINE_SECONDS, gap - starting);
    requireValid(this, 'activeDeadline', active, (s) => integerProblem(s, { min: 1 })
      && `a positive whole number of seconds that fits the ${gap}s between runs after the ${starting}s starting deadline`, `${active}s`);
    if (starting + active > gap && props.allowRunsLongerThanGap === undefined) {
      throw propError(this, 'startingDeadline + activeDeadline', `${starting}s + ${active}s`,
        `at most the shortest gap between runs (${gap}s, daylight-saving changes included), or set allowRunsLongerThanGap to the reason`);
    }
    if (props.allowRunsLongerThanGap !== undefined && props.allowRunsLongerThanGap.trim() === '') {
      throw propError(this, 'allowRunsLongerThanGap', props.allowRunsLongerThanGap, 'the reason runs may outlast the gap');
    }
    return { starting, active };
  }

  private restartPolicy(props: SecureCronJobProps): kplus.RestartPolicy {
    const policy = props.restartPolicy ?? kplus.RestartPolicy.NEVER;
    const needsFailurePolicy = (props.ignoreDisruptions ?? true) || (props.nonRetryableExitCodes ?? []).length > 0;
    if (policy === kplus.RestartPolicy.ON_FAILURE && needsFailurePolicy) {
      throw propError(this, 'restartPolicy', policy,
        'Never: a podFailurePolicy (nonRetryableExitCodes, ignoreDisruptions) requires it; set ignoreDisruptions: false and no '
          + 'nonRetryableExitCodes to use OnFailure');
    }
    if (policy !== kplus.RestartPolicy.NEVER && policy !== kplus.RestartPolicy.ON_FAILURE) {
      throw propError(this, 'restartPolicy', policy, 'Never or OnFailure (a Job pod cannot restart Always)');
    }
    return policy;
  }

  /** podFailurePolicy is missing from cdk8s-plus-28's Job API: added through the escape hatch. */
  private addPodFailurePolicy(apiObject: ApiObject, props: SecureCronJobProps, restartPolicy: kplus.RestartPolicy): void {
    if (restartPolicy !== kplus.RestartPolicy.NEVER) return;
    const codes = [...new Set(props.nonRetryableExitCodes ?? [])].sort((a, b) => a - b);
    codes.forEach((code) => requireInteger(this, 'nonRetryableExitCodes', code, { min: 1, max: 255 }, 'exit codes'));
    const rules: unknown[] = [];
    if (codes.length > 0) {
      rules.push({ action: 'FailJob', onExitCodes: { containerName: this.name, operator: 'In', values: codes } });
    }
    if (props.ignoreDisruptions ?? true) {
      rules.push({ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] });
    }
    if (rules.length > 0) apiObject.addJsonPatch(JsonPatch.add('/spec/jobTemplate/spec/podFailurePolicy', { rules }));
  }

  private envVariables(props: SecureCronJobProps): Record<string, kplus.EnvValue> {
    const env: Record<string, kplus.EnvValue> = {};
    for (const [name, value] of Object.entries(props.env ?? {})) {
      this.checkEnvName(name);
      const credential = looksLikeCredential(name, value);
      if (credential) throw propError(this, `env.${name}`, '(value hidden)', `no literal secrets (${credential}); mount it from a Secret `
        + `with secretFiles`);
      env[name] = kplus.EnvValue.fromValue(value);
    }
    for (const [name, ref] of Object.entries(props.secretEnv ?? {})) {
      this.checkEnvName(name);
      if (env[name]) throw propError(this, `secretEnv.${name}`, name, 'a name not already used in env');
      const secret = kplus.Secret.fromSecretName(this, `SecretEnv${name}`, ref.secretName);
      env[name] = kplus.EnvValue.fromSecretValue({ secret, key: ref.key });
      declareSecret(this, { name: ref.secretName, purpose: `env ${name} of CronJob ${this.name}`, keys: [{ key: ref.key }] });
    }
    return env;
  }

  private checkEnvName(name: string): void {
    requireValid(this, 'env', name, envVarNameProblem);
  }

  private secretVolume(secretName: string): kplus.Volume {
    let volume = this.secretVolumes.get(secretName);
    if (!volume) {
      const secret = kplus.Secret.fromSecretName(this, `Secret-${secretName}`, secretName);
      // 0440: readable by the owner and the pod's fsGroup only; never world-readable.
      const name = this.volumeNames.claim(derivedLabel('secret-', secretName), secretName);
      volume = kplus.Volume.fromSecret(this, `SecretVolume-${secretName}`, secret, { name, defaultMode: 0o440 });
      this.secretVolumes.set(secretName, volume);
    }
    return volume;
  }

  private claimPath(prop: string, path: string): void {
    if (this.mountedPaths.has(path) || path === '/tmp') throw propError(this, prop, path, 'a path not already mounted');
    this.mountedPaths.add(path);
  }
}
