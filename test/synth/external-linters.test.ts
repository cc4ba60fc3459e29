/**
 * Polaris, kube-linter and kube-score with their own default rules, on a fresh synth of every
 * environment. None of them can run here (Go binaries), so each default check that applies to our
 * objects is restated from its source as an assertion on the objects, and named by tool and check
 * id: kube-score (checks not marked optional in score/), kube-linter (internal/defaultchecks),
 * Polaris (checks of severity danger or warning in pkg/config/default.yaml). Where our choice
 * differs on purpose, the object carries the tool's exemption annotation from lib/linter-exemptions.ts,
 * and the exemptions are pinned below object by object, so a new one is a visible decision.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { LINTER_EXEMPTIONS } from '../../lib/linter-exemptions';
import { KUBE_SCORE_IGNORE } from '../../lib/policy/external-linters';
import { synthesizeAll } from '../../main';
import { Manifest } from '../helpers/manifests';
import { readTree } from '../helpers/tree';

const ENVS = ['dev', 'staging', 'prod'] as const;
type Env = (typeof ENVS)[number];

const objectsByEnv = new Map<Env, Manifest[]>();
let temp: string;

beforeAll(() => {
  temp = mkdtempSync(join(tmpdir(), 'linters-'));
  synthesizeAll(join(temp, 'dist'));
  const tree = readTree(join(temp, 'dist'));
  for (const env of ENVS) {
    const objects: Manifest[] = [];
    for (const [path, text] of tree) {
      if (!path.startsWith(`${env}/`)) continue;
      for (const doc of parseAllDocuments(text, { version: '1.1' })) {
        const manifest = doc.toJSON();
        if (manifest) objects.push(manifest);
      }
    }
    objectsByEnv.set(env, objects);
  }
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

// ---------------------------------------------------------------------------------------------
// Reading the objects as the tools do
// ---------------------------------------------------------------------------------------------

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'CronJob'];
const ref = (o: Manifest) => `${o.kind} ${o.metadata.namespace ?? '-'}/${o.metadata.name}`;
const objects = (env: Env) => objectsByEnv.get(env)!;
const ofKind = (env: Env, ...kinds: string[]) => objects(env).filter((o) => kinds.includes(o.kind));
const template = (o: Manifest): Manifest => (o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template : o.spec.template);
const podSpec = (o: Manifest): Manifest => template(o).spec;
const templateLabels = (o: Manifest): Record<string, string> => template(o).metadata.labels ?? {};
const allContainers = (o: Manifest): Manifest[] => [...(podSpec(o).initContainers ?? []), ...podSpec(o).containers];
const annotations = (o: Manifest): Record<string, string> => o.metadata.annotations ?? {};
const sameNamespace = (a: Manifest, b: Manifest) => (a.metadata.namespace ?? '') === (b.metadata.namespace ?? '');
/** A matchLabels selector (all our selectors are) matches when every pair is among the labels. */
const selects = (matchLabels: Record<string, string> | undefined, labels: Record<string, string>) =>
  matchLabels !== undefined && Object.entries(matchLabels).every(([k, v]) => labels[k] === v);

function exemptions(o: Manifest): { polaris: string[]; kubeLinter: string[]; kubeScore: string[] } {
  const a = annotations(o);
  const polaris = Object.keys(a).filter((k) => /^polaris\.fairwinds\.com\/.+-exempt$/.test(k) && a[k] === 'true')
    .map((k) => k.replace(/^polaris\.fairwinds\.com\//, '').replace(/-exempt$/, ''));
  const kubeLinter = Object.keys(a).filter((k) => k.startsWith('ignore-check.kube-linter.io/')).map((k) => k.replace('ignore-check.kube-linter.io/', ''));
  const kubeScore = (a[KUBE_SCORE_IGNORE] ?? '').split(',').filter((id) => id !== '');
  return { polaris: polaris.sort(), kubeLinter: kubeLinter.sort(), kubeScore: kubeScore.sort() };
}
const polarisExempt = (o: Manifest, check: string) => annotations(o)[`polaris.fairwinds.com/${check}-exempt`] === 'true';
const kubeScoreExempt = (o: Manifest, id: string) => exemptions(o).kubeScore.includes(id);

/** (env, object) pairs of the given kinds, for test.each. */
function cases(...kinds: string[]): [Env, string][] {
  // Built from the committed dist/ so the test names exist before the fresh synth runs; the test
  // body reads the fresh synth (test/synth/dist.test.ts keeps the two equal).
  const pairs: [Env, string][] = [];
  const dist = readTree(join(__dirname, '..', '..', 'dist'));
  for (const env of ENVS) {
    for (const [path, text] of dist) {
      if (!path.startsWith(`${env}/`)) continue;
      for (const doc of parseAllDocuments(text, { version: '1.1' })) {
        const o = doc.toJSON();
        if (o && kinds.includes(o.kind)) pairs.push([env, ref(o)]);
      }
    }
  }
  return pairs;
}
const byRef = (env: Env, name: string) => {
  const found = objects(env).filter((o) => ref(o) === name);
  if (found.length !== 1) throw new Error(`expected one ${name} in ${env}, found ${found.length}`);
  return found[0];
};

const WORKLOADS = cases(...WORKLOAD_KINDS);
const REPLICATED = cases('Deployment', 'StatefulSet');
const DEPLOYMENTS = cases('Deployment');

/** Services whose selector matches the workload's pods (kube-score: same namespace, selector ⊆ labels). */
const targetingServices = (env: Env, o: Manifest) =>
  ofKind(env, 'Service').filter((s) => sameNamespace(s, o) && s.spec.selector && selects(s.spec.selector, templateLabels(o)));
const hpaOf = (env: Env, o: Manifest) =>
  ofKind(env, 'HorizontalPodAutoscaler').find((h) => sameNamespace(h, o) && h.spec.scaleTargetRef.kind === o.kind && h.spec.scaleTargetRef.name === o.metadata.name);

/** kube-score's containerTag: the text after the last ':' (a digest's hex counts as the tag). */
const kubeScoreTag = (image: string) => (image.includes(':') ? image.split(':').pop()! : '');

// ---------------------------------------------------------------------------------------------
// The exemptions, pinned object by object
// ---------------------------------------------------------------------------------------------

describe('exemption annotations', () => {
  const everywhere = { polaris: ['missingNetworkPolicy', 'pullPolicyNotAlways'], kubeScore: ['container-image-pull-policy'] };
  const expected = (env: Env): Record<string, { polaris?: string[]; kubeScore?: string[] }> => {
    const batchPriority = env === 'dev' ? ['priorityClassNotSet'] : []; // dev has no batch PriorityClass
    const singleReplica = env === 'dev'; // dev runs one replica of each Deployment
    const replicas = (polaris: string[], kubeScore: string[]) => ({
      polaris: [...polaris, ...(singleReplica ? ['deploymentMissingReplicas'] : [])],
      kubeScore: [...kubeScore, ...(singleReplica ? ['deployment-replicas'] : [])],
    });
    return {
      'CronJob platform-jobs/uploads-cleanup': { polaris: [...everywhere.polaris, ...batchPriority], kubeScore: everywhere.kubeScore },
      'CronJob task-manager/task-manager-backup': { polaris: [...everywhere.polaris, ...batchPriority], kubeScore: everywhere.kubeScore },
      'CronJob electoral/electoral-feed-collector': {
        polaris: [...everywhere.polaris, ...batchPriority, 'sensitiveContainerEnvVar'], kubeScore: everywhere.kubeScore,
      },
      'Deployment electoral/electoral-feed-microsite': replicas([...everywhere.polaris, 'priorityClassNotSet'], everywhere.kubeScore),
      'Deployment task-manager/task-manager-web': replicas(
        [...everywhere.polaris, 'priorityClassNotSet', 'sensitiveContainerEnvVar', 'metadataAndInstanceMismatched',
          ...(env !== 'dev' ? ['deploymentMissingReplicas'] : [])], // staging and prod: the HPA owns the count
        everywhere.kubeScore,
      ),
      'StatefulSet task-manager/task-manager-mysql': {
        polaris: [...everywhere.polaris, 'priorityClassNotSet', 'sensitiveContainerEnvVar', 'metadataAndInstanceMismatched'],
        kubeScore: [...everywhere.kubeScore, 'container-security-context-user-group-id'],
      },
      'ClusterRole -/cloudedu-admin': { polaris: ['clusterrolePodExecAttach'] },
      'RoleBinding task-manager/task-manager-cloudedu-admin': { polaris: ['rolebindingClusterRolePodExecAttach'] },
    };
  };

  test.each(ENVS)('%s: exactly the documented exemptions, on exactly these objects', (env) => {
    const actual: Record<string, { polaris?: string[]; kubeScore?: string[]; kubeLinter?: string[] }> = {};
    for (const o of objects(env)) {
      const { polaris, kubeLinter, kubeScore } = exemptions(o);
      if (polaris.length + kubeLinter.length + kubeScore.length === 0) continue;
      actual[ref(o)] = {
        ...(polaris.length > 0 ? { polaris } : {}), ...(kubeScore.length > 0 ? { kubeScore } : {}), ...(kubeLinter.length > 0 ? { kubeLinter } : {}),
      };
    }
    const sorted = Object.fromEntries(Object.entries(expected(env)).map(([k, v]) => [k, {
      ...(v.polaris ? { polaris: [...v.polaris].sort() } : {}), ...(v.kubeScore ? { kubeScore: [...v.kubeScore].sort() } : {}),
    }]));
    expect(actual).toEqual(sorted);
  });

  test.each(ENVS)('%s: every exemption is one of lib/linter-exemptions.ts (which carries its reason)', (env) => {
    const known = (tool: 'polaris' | 'kubeLinter' | 'kubeScore') => new Set(Object.values(LINTER_EXEMPTIONS).flatMap((e) => {
      const checks = (e as Record<string, unknown>)[tool];
      return checks === undefined ? [] : typeof checks === 'string' ? [checks] : [...(checks as string[])];
    }));
    for (const o of objects(env)) {
      const found = exemptions(o);
      for (const tool of ['polaris', 'kubeLinter', 'kubeScore'] as const) {
        for (const check of found[tool]) expect({ object: ref(o), tool, check, known: known(tool).has(check) }).toEqual({ object: ref(o), tool, check, known: true });
      }
    }
  });

  test('each exemption has a reason and is listed with it in the README', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## External linters'));
    expect(section.length).toBeGreaterThan(0);
    for (const [name, exemption] of Object.entries(LINTER_EXEMPTIONS)) {
      expect(exemption.reason.length).toBeGreaterThan(20);
      for (const tool of ['polaris', 'kubeLinter', 'kubeScore'] as const) {
        const checks = (exemption as Record<string, unknown>)[tool];
        for (const check of checks === undefined ? [] : typeof checks === 'string' ? [checks] : (checks as string[])) {
          expect({ name, check, listed: section.includes(`\`${check}\``) }).toEqual({ name, check, listed: true });
        }
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// kube-score (default checks)
// ---------------------------------------------------------------------------------------------

describe('kube-score', () => {
  test.each(WORKLOADS)('%s %s: container-resources (CPU and memory requests and limits on every container)', (env, name) => {
    for (const c of allContainers(byRef(env, name))) {
      expect({ c: c.name, limits: [c.resources?.limits?.cpu, c.resources?.limits?.memory].every(Boolean), requests: [c.resources?.requests?.cpu, c.resources?.requests?.memory].every(Boolean) })
        .toEqual({ c: c.name, limits: true, requests: true });
    }
  });

  test.each(WORKLOADS)('%s %s: container-ephemeral-storage-request-and-limit', (env, name) => {
    for (const c of allContainers(byRef(env, name))) {
      expect({ c: c.name, request: c.resources.requests['ephemeral-storage'], limit: c.resources.limits['ephemeral-storage'] })
        .toEqual({ c: c.name, request: expect.stringMatching(/^[1-9][0-9]*Mi$/), limit: expect.stringMatching(/^[1-9][0-9]*Mi$/) });
    }
  });

  test.each(WORKLOADS)('%s %s: ephemeral-storage limit holds the disk-backed emptyDirs the pod mounts', (env, name) => {
    const o = byRef(env, name);
    const mib = (q: string) => (q.endsWith('Gi') ? parseInt(q, 10) * 1024 : parseInt(q, 10));
    const diskVolumes = (podSpec(o).volumes ?? []).filter((v: Manifest) => v.emptyDir && v.emptyDir.medium !== 'Memory');
    const scratch = diskVolumes.reduce((sum: number, v: Manifest) => sum + mib(v.emptyDir.sizeLimit), 0);
    const limits = podSpec(o).containers.reduce((sum: number, c: Manifest) => sum + mib(c.resources.limits['ephemeral-storage']), 0);
    expect(limits).toBeGreaterThan(scratch);
  });

  test.each(WORKLOADS)('%s %s: container-image-tag (an explicit, non-latest tag as kube-score parses it)', (env, name) => {
    for (const c of allContainers(byRef(env, name))) expect(['', 'latest']).not.toContain(kubeScoreTag(c.image));
  });

  test.each(WORKLOADS)('%s %s: container-image-pull-policy (Always, or the digest-pinned exemption)', (env, name) => {
    const o = byRef(env, name);
    if (kubeScoreExempt(o, 'container-image-pull-policy')) {
      // The exemption's premise: every image pinned by digest.
      for (const c of allContainers(o)) expect(c.image).toMatch(/@sha256:[0-9a-f]{64}$/);
    } else {
      for (const c of allContainers(o)) expect(c.imagePullPolicy).toBe('Always');
    }
  });

  test.each(WORKLOADS)('%s %s: environment-variable-key-duplication', (env, name) => {
    for (const c of allContainers(byRef(env, name))) {
      const names = (c.env ?? []).map((e: Manifest) => e.name);
      expect(new Set(names).size).toBe(names.length);
    }
  });

  test.each(WORKLOADS)('%s %s: container-security-context-user-group-id (UID and GID >= 10000)', (env, name) => {
    const o = byRef(env, name);
    for (const c of allContainers(o)) {
      const user = c.securityContext?.runAsUser ?? podSpec(o).securityContext?.runAsUser;
      const group = c.securityContext?.runAsGroup ?? podSpec(o).securityContext?.runAsGroup;
      if (kubeScoreExempt(o, 'container-security-context-user-group-id')) {
        expect({ name, user }).toEqual({ name: 'StatefulSet task-manager/task-manager-mysql', user: 999 });
      } else {
        expect({ c: c.name, user: user >= 10000, group: group >= 10000 }).toEqual({ c: c.name, user: true, group: true });
      }
    }
  });

  test.each(WORKLOADS)('%s %s: container-security-context-privileged and -readonlyrootfilesystem', (env, name) => {
    for (const c of allContainers(byRef(env, name))) {
      expect(c.securityContext.privileged).not.toBe(true);
      expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    }
  });

  test.each(WORKLOADS)('%s %s: pod-networkpolicy (policies of both types select the pods)', (env, name) => {
    const o = byRef(env, name);
    const policies = ofKind(env, 'NetworkPolicy').filter((p) => sameNamespace(p, o) && selects(p.spec.podSelector.matchLabels ?? {}, templateLabels(o)));
    const types = new Set(policies.flatMap((p) => p.spec.policyTypes ?? []));
    expect([...types].sort()).toEqual(['Egress', 'Ingress']);
  });

  test.each(WORKLOADS)('%s %s: pod-probes (readiness and liveness when a Service targets the pods; Jobs exempt)', (env, name) => {
    const o = byRef(env, name);
    if (o.kind === 'CronJob' || targetingServices(env, o).length === 0) return;
    expect(allContainers(o).some((c) => c.readinessProbe)).toBe(true);
    expect(allContainers(o).some((c) => c.livenessProbe)).toBe(true);
  });

  test.each(WORKLOADS)('%s %s: pod-probes-identical (readiness differs from liveness)', (env, name) => {
    const o = byRef(env, name);
    if (o.kind === 'CronJob') return;
    for (const c of allContainers(o)) {
      const r = c.readinessProbe;
      const l = c.livenessProbe;
      if (!r || !l) continue;
      // kube-score compares path+port of two httpGets, the ports of two tcpSockets, the commands of two execs.
      const identical = (r.httpGet && l.httpGet && r.httpGet.path === l.httpGet.path && r.httpGet.port === l.httpGet.port)
        || (r.tcpSocket && l.tcpSocket && r.tcpSocket.port === l.tcpSocket.port)
        || (r.exec && l.exec && JSON.stringify(r.exec.command) === JSON.stringify(l.exec.command));
      expect({ c: c.name, identical: Boolean(identical) }).toEqual({ c: c.name, identical: false });
    }
  });

  test.each(WORKLOADS)('%s %s: pod-topology-spread-constraints (each constraint valid)', (env, name) => {
    for (const spread of podSpec(byRef(env, name)).topologySpreadConstraints ?? []) {
      expect(spread.labelSelector).toBeDefined();
      expect(spread.maxSkew).toBeGreaterThan(0);
      expect(spread.minDomains).not.toBe(0);
      expect(spread.topologyKey).toBeTruthy();
      expect(['DoNotSchedule', 'ScheduleAnyway']).toContain(spread.whenUnsatisfiable);
    }
  });

  test.each(REPLICATED)('%s %s: deployment-/statefulset-has-host-podantiaffinity', (env, name) => {
    const o = byRef(env, name);
    if (o.spec.replicas !== undefined && o.spec.replicas < 2) return; // skipped by kube-score (we set it anyway)
    const keys = ['kubernetes.io/hostname', 'topology.kubernetes.io/region', 'topology.kubernetes.io/zone'];
    const anti = podSpec(o).affinity?.podAntiAffinity ?? {};
    const terms = [...(anti.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((p: Manifest) => p.podAffinityTerm), ...(anti.requiredDuringSchedulingIgnoredDuringExecution ?? [])];
    expect(terms.some((t: Manifest) => keys.includes(t.topologyKey) && selects(t.labelSelector.matchLabels, templateLabels(o)))).toBe(true);
  });

  test.each(REPLICATED)('%s %s: deployment-/statefulset-has-poddisruptionbudget', (env, name) => {
    const o = byRef(env, name);
    if (o.spec.replicas !== undefined && o.spec.replicas < 2) return; // skipped by kube-score
    expect(ofKind(env, 'PodDisruptionBudget').some((p) => sameNamespace(p, o) && selects(p.spec.selector.matchLabels, templateLabels(o)))).toBe(true);
  });

  test.each(DEPLOYMENTS)('%s %s: deployment-replicas (>= 2 when a Service targets it and no HPA, or the single-replica exemption)', (env, name) => {
    const o = byRef(env, name);
    if (targetingServices(env, o).length === 0 || hpaOf(env, o)) return;
    if (kubeScoreExempt(o, 'deployment-replicas')) expect({ env, replicas: o.spec.replicas }).toEqual({ env: 'dev', replicas: 1 });
    else expect(o.spec.replicas ?? 1).toBeGreaterThanOrEqual(2);
  });

  test.each(DEPLOYMENTS)('%s %s: deployment-strategy and deployment-targeted-by-hpa-does-not-have-replicas-configured', (env, name) => {
    const o = byRef(env, name);
    expect([undefined, 'RollingUpdate']).toContain(o.spec.strategy?.type);
    if (hpaOf(env, o)) expect(o.spec.replicas).toBeUndefined();
  });

  test.each(REPLICATED)('%s %s: *-pod-selector-labels-match-template-metadata-labels', (env, name) => {
    const o = byRef(env, name);
    expect(selects(o.spec.selector.matchLabels, templateLabels(o))).toBe(true);
  });

  test.each(cases('StatefulSet'))('%s %s: statefulset-has-servicename (an existing headless Service selecting the pods)', (env, name) => {
    const o = byRef(env, name);
    const service = ofKind(env, 'Service').find((s) => sameNamespace(s, o) && s.metadata.name === o.spec.serviceName);
    expect(service?.spec.clusterIP).toBe('None');
    expect(selects(service!.spec.selector, templateLabels(o))).toBe(true);
  });

  test.each(cases('CronJob'))('%s %s: cronjob-has-deadline and cronjob-restartpolicy', (env, name) => {
    const o = byRef(env, name);
    expect(o.spec.startingDeadlineSeconds).toBeGreaterThan(0);
    expect(['Never', 'OnFailure']).toContain(podSpec(o).restartPolicy);
  });

  test.each(cases('Service'))('%s %s: service-targets-pod and service-type', (env, name) => {
    const s = byRef(env, name);
    expect(ofKind(env, ...WORKLOAD_KINDS).some((o) => sameNamespace(o, s) && selects(s.spec.selector, templateLabels(o)))).toBe(true);
    expect(s.spec.type).not.toBe('NodePort');
  });

  test.each(cases('NetworkPolicy'))('%s %s: networkpolicy-targets-pod', (env, name) => {
    const p = byRef(env, name);
    expect(ofKind(env, ...WORKLOAD_KINDS).some((o) => sameNamespace(o, p) && selects(p.spec.podSelector.matchLabels ?? {}, templateLabels(o)))).toBe(true);
  });

  test.each(cases('PodDisruptionBudget'))('%s %s: poddisruptionbudget-has-policy', (env, name) => {
    const p = byRef(env, name);
    expect(p.spec.minAvailable !== undefined || p.spec.maxUnavailable !== undefined).toBe(true);
  });

  test.each(cases('HorizontalPodAutoscaler'))('%s %s: horizontalpodautoscaler-has-target and horizontalpodautoscaler-replicas', (env, name) => {
    const h = byRef(env, name);
    const target = h.spec.scaleTargetRef;
    expect(objects(env).some((o) => o.apiVersion === target.apiVersion && o.kind === target.kind && o.metadata.name === target.name && sameNamespace(o, h))).toBe(true);
    expect(h.spec.minReplicas).toBeGreaterThanOrEqual(2);
  });

  test.each(cases('Ingress'))('%s %s: ingress-targets-service (name and port)', (env, name) => {
    const ingress = byRef(env, name);
    for (const path of ingress.spec.rules.flatMap((r: Manifest) => r.http?.paths ?? [])) {
      const backend = path.backend.service;
      const service = ofKind(env, 'Service').find((s) => sameNamespace(s, ingress) && s.metadata.name === backend.name);
      expect(service?.spec.ports.some((p: Manifest) => p.port === backend.port.number || (backend.port.name && p.name === backend.port.name))).toBe(true);
    }
  });

  test.each(ENVS)('%s: label-values and stable-version on every object', (env) => {
    const deprecated = /^(extensions\/v1beta1|apps\/v1beta[12]|batch\/v1beta1|policy\/v1beta1|networking\.k8s\.io\/v1beta1|autoscaling\/v2beta[12])$/;
    for (const o of objects(env)) {
      for (const value of Object.values(o.metadata.labels ?? {})) expect(value).toMatch(/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/);
      expect({ o: ref(o), apiVersion: o.apiVersion, deprecated: deprecated.test(o.apiVersion) }).toEqual({ o: ref(o), apiVersion: o.apiVersion, deprecated: false });
    }
  });
});

// ---------------------------------------------------------------------------------------------
// kube-linter (default checks)
// ---------------------------------------------------------------------------------------------

describe('kube-linter', () => {
  test.each(WORKLOADS)('%s %s: no-anti-affinity (replicas >= 2 need a hostname anti-affinity term on their own pods)', (env, name) => {
    const o = byRef(env, name);
    if (o.kind === 'CronJob' || (o.spec.replicas ?? 1) < 2) return; // kube-linter counts an unset replicas as 1
    const anti = podSpec(o).affinity?.podAntiAffinity ?? {};
    const terms = [...(anti.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((p: Manifest) => p.podAffinityTerm), ...(anti.requiredDuringSchedulingIgnoredDuringExecution ?? [])];
    expect(terms.some((t: Manifest) => t.topologyKey === 'kubernetes.io/hostname' && !t.namespaces && selects(t.labelSelector.matchLabels, templateLabels(o)))).toBe(true);
  });

  test.each(cases('PodDisruptionBudget'))('%s %s: pdb-max-unavailable, pdb-min-available, pdb-unhealthy-pod-eviction-policy', (env, name) => {
    const p = byRef(env, name);
    if (p.spec.maxUnavailable !== undefined) expect(p.spec.maxUnavailable).not.toBe(0);
    if (p.spec.minAvailable !== undefined) {
      for (const o of ofKind(env, 'Deployment', 'StatefulSet').filter((w) => sameNamespace(w, p) && selects(p.spec.selector.matchLabels, w.spec.selector.matchLabels))) {
        expect(hpaOf(env, o)?.spec.minReplicas ?? o.spec.replicas ?? 1).toBeGreaterThan(p.spec.minAvailable);
      }
    }
    expect(p.spec.unhealthyPodEvictionPolicy).toBeDefined();
  });

  test.each(cases('Service'))('%s %s: dangling-service and invalid-target-ports', (env, name) => {
    const s = byRef(env, name);
    expect(ofKind(env, ...WORKLOAD_KINDS).some((o) => sameNamespace(o, s) && selects(s.spec.selector, templateLabels(o)))).toBe(true);
    for (const port of s.spec.ports) {
      if (typeof port.targetPort === 'number') expect(port.targetPort).toBeGreaterThanOrEqual(1);
      else if (port.targetPort !== undefined) expect(port.targetPort).toMatch(/^(?=.*[a-z])[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/);
    }
  });

  test.each(WORKLOADS)('%s %s: non-existent-service-account, deprecated-service-account-field, mismatching-selector', (env, name) => {
    const o = byRef(env, name);
    const account = podSpec(o).serviceAccountName;
    expect(ofKind(env, 'ServiceAccount').some((sa) => sameNamespace(sa, o) && sa.metadata.name === account)).toBe(true);
    expect(podSpec(o).serviceAccount).toBeUndefined();
    if (o.kind !== 'CronJob') expect(selects(o.spec.selector.matchLabels, templateLabels(o))).toBe(true);
  });

  test.each(WORKLOADS)('%s %s: run-as-non-root, no-read-only-root-fs, privilege-escalation-container, privileged-container, drop-net-raw-capability', (env, name) => {
    const o = byRef(env, name);
    for (const c of allContainers(o)) {
      const user = c.securityContext?.runAsUser ?? podSpec(o).securityContext?.runAsUser;
      const group = c.securityContext?.runAsGroup ?? podSpec(o).securityContext?.runAsGroup;
      expect(user > 0 || (c.securityContext?.runAsNonRoot ?? podSpec(o).securityContext?.runAsNonRoot) === true).toBe(true);
      expect(group).not.toBe(0);
      expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
      expect(c.securityContext.allowPrivilegeEscalation).toBe(false);
      expect(c.securityContext.privileged).not.toBe(true);
      expect(c.securityContext.capabilities.drop.some((cap: string) => /^(ALL|NET_RAW)$/i.test(cap))).toBe(true);
    }
  });

  test.each(WORKLOADS)('%s %s: liveness-port, readiness-port, startup-port (the probed port is a container port)', (env, name) => {
    for (const c of podSpec(byRef(env, name)).containers) {
      const ports = new Set((c.ports ?? []).filter((p: Manifest) => !p.protocol || p.protocol === 'TCP').flatMap((p: Manifest) => [p.containerPort, p.name]));
      for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe].filter(Boolean)) {
        const port = probe.httpGet?.port ?? probe.tcpSocket?.port ?? probe.grpc?.port;
        if (port !== undefined) expect({ c: c.name, port, exposed: ports.has(port) }).toEqual({ c: c.name, port, exposed: true });
      }
    }
  });

  test.each(WORKLOADS)('%s %s: latest-tag, env-var-secret, duplicate-env-var, unset-cpu-requirements, unset-memory-requirements, ssh-port', (env, name) => {
    for (const c of allContainers(byRef(env, name))) {
      for (const blocked of [/.*:(latest)$/, /^[^:]*$/, /(.*\/[^:]+)$/]) expect(c.image).not.toMatch(blocked);
      for (const variable of c.env ?? []) if (variable.value !== undefined && variable.value !== '') expect(variable.name).not.toMatch(/secret/i);
      const names = (c.env ?? []).map((e: Manifest) => e.name);
      expect(new Set(names).size).toBe(names.length);
      expect(c.resources.requests.cpu).toBeTruthy();
      expect(c.resources.limits.memory).toBeTruthy();
      for (const port of c.ports ?? []) expect(port.containerPort).not.toBe(22);
      for (const port of c.ports ?? []) if (port.name) expect(port.name).toMatch(/^(?=.*[a-z])[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/);
    }
  });

  test.each(WORKLOADS)('%s %s: host-network, host-pid, host-ipc, sensitive-host-mounts, docker-sock, unsafe-sysctls', (env, name) => {
    const spec = podSpec(byRef(env, name));
    expect([spec.hostNetwork, spec.hostPID, spec.hostIPC].filter((v) => v === true)).toEqual([]);
    expect((spec.volumes ?? []).filter((v: Manifest) => v.hostPath)).toEqual([]);
    expect(spec.securityContext?.sysctls).toBeUndefined();
  });

  test.each(cases('CronJob'))('%s %s: job-ttl-seconds-after-finished (a CronJob\'s Jobs leave cleanup to its history limits)', (env, name) => {
    expect(byRef(env, name).spec.jobTemplate.spec.ttlSecondsAfterFinished).toBeUndefined();
  });

  test.each(ENVS)('%s: no-extensions-v1beta', (env) => {
    for (const o of objects(env)) expect(o.apiVersion).not.toMatch(/^(extensions\/v1beta1|apps\/v1beta[12])$/);
  });
});

// ---------------------------------------------------------------------------------------------
// Polaris (default.yaml checks of severity danger or warning)
// ---------------------------------------------------------------------------------------------

describe('Polaris', () => {
  test.each(WORKLOADS)('%s %s: pullPolicyNotAlways (Always, or the digest-pinned exemption)', (env, name) => {
    const o = byRef(env, name);
    for (const c of allContainers(o)) {
      if (polarisExempt(o, 'pullPolicyNotAlways')) expect(c.image).toMatch(/@sha256:[0-9a-f]{64}$/);
      else expect(c.imagePullPolicy).toBe('Always');
    }
  });

  test.each(WORKLOADS)('%s %s: tagNotSpecified, cpu/memory Requests/LimitsMissing, hostPortSet (containers)', (env, name) => {
    for (const c of podSpec(byRef(env, name)).containers) {
      expect(c.image).toMatch(/^.+:.+$/);
      expect(c.image).not.toMatch(/^.+:latest$/);
      expect([c.resources.requests.cpu, c.resources.limits.cpu, c.resources.requests.memory, c.resources.limits.memory].every(Boolean)).toBe(true);
      for (const port of c.ports ?? []) expect(port.hostPort ?? 0).toBe(0);
    }
  });

  test.each(WORKLOADS)('%s %s: readinessProbeMissing, livenessProbeMissing (not for CronJobs)', (env, name) => {
    const o = byRef(env, name);
    if (o.kind === 'CronJob') return;
    for (const c of podSpec(o).containers) {
      expect(c.readinessProbe).toBeDefined();
      expect(c.livenessProbe).toBeDefined();
    }
  });

  test.each(WORKLOADS)('%s %s: linuxHardening, notReadOnlyRootFilesystem, privilegeEscalationAllowed, runAsRootAllowed, runAsPrivileged, insecure/dangerousCapabilities, procMount, hostProcess', (env, name) => {
    const o = byRef(env, name);
    expect(podSpec(o).securityContext.seccompProfile.type).toBe('RuntimeDefault');
    expect(podSpec(o).securityContext.runAsNonRoot).toBe(true);
    for (const c of allContainers(o)) {
      const sc = c.securityContext;
      expect(sc.seccompProfile?.type ?? 'RuntimeDefault').not.toBe('Unconfined');
      expect(sc.readOnlyRootFilesystem).toBe(true);
      expect(sc.allowPrivilegeEscalation).toBe(false);
      expect(sc.runAsNonRoot).not.toBe(false);
      expect(sc.privileged).not.toBe(true);
      expect(sc.capabilities.drop).toContain('ALL');
      expect(sc.capabilities.add ?? []).toEqual([]);
      expect(sc.procMount ?? 'Default').toBe('Default');
      expect(sc.windowsOptions?.hostProcess).not.toBe(true);
    }
  });

  test.each(WORKLOADS)('%s %s: hostIPCSet, hostPIDSet, hostNetworkSet, hostPathSet, automountServiceAccountToken', (env, name) => {
    const o = byRef(env, name);
    const spec = podSpec(o);
    expect([spec.hostIPC, spec.hostPID, spec.hostNetwork].filter((v) => v === true)).toEqual([]);
    expect((spec.volumes ?? []).filter((v: Manifest) => v.hostPath)).toEqual([]);
    expect(spec.automountServiceAccountToken).toBe(false);
  });

  test.each(WORKLOADS)('%s %s: sensitiveContainerEnvVar (no sensitive names with literal values, or the *_FILE exemption)', (env, name) => {
    const o = byRef(env, name);
    const sensitive = /^AWS_SECRET_ACCESS_KEY$|^GOOGLE_APPLICATION_CREDENTIALS$|^AZURE_.+KEY$|^OCI_CLI_KEY_CONTENT$|password|token|bearer|secret/i;
    for (const c of allContainers(o)) {
      for (const variable of c.env ?? []) {
        expect(variable.value ?? '').not.toMatch(/\s*-BEGIN\s+.*PRIVATE KEY-\s*/i);
        if (variable.value === undefined || !sensitive.test(variable.name)) continue;
        // The exemption's premise: such a variable holds the path of a file mounted from a Secret.
        expect(polarisExempt(o, 'sensitiveContainerEnvVar')).toBe(true);
        expect(variable.name).toMatch(/_FILE$/);
        const mount = (c.volumeMounts ?? []).find((m: Manifest) => variable.value === m.mountPath || variable.value.startsWith(`${m.mountPath}/`));
        expect(podSpec(o).volumes.find((v: Manifest) => v.name === mount?.name)?.secret).toBeDefined();
      }
    }
  });

  test.each(WORKLOADS)('%s %s: priorityClassNotSet (a priorityClassName, or the no-PriorityClass exemption)', (env, name) => {
    const o = byRef(env, name);
    if (polarisExempt(o, 'priorityClassNotSet')) expect(podSpec(o).priorityClassName).toBeUndefined();
    else expect(podSpec(o).priorityClassName).toBeTruthy();
  });

  test.each(WORKLOADS)('%s %s: topologySpreadConstraint (Deployments and StatefulSets)', (env, name) => {
    const o = byRef(env, name);
    if (o.kind === 'CronJob') return;
    expect(podSpec(o).topologySpreadConstraints.length).toBeGreaterThanOrEqual(1);
  });

  test.each(WORKLOADS)('%s %s: metadataAndInstanceMismatched (instance label = name, or the shared-instance exemption)', (env, name) => {
    const o = byRef(env, name);
    const instance = o.metadata.labels['app.kubernetes.io/instance'];
    if (polarisExempt(o, 'metadataAndInstanceMismatched')) expect(o.spec.selector.matchLabels['app.kubernetes.io/instance']).toBe(instance);
    else expect(instance).toBe(o.metadata.name);
  });

  test.each(WORKLOADS)('%s %s: missingNetworkPolicy (exempt: a per-workload policy selects the pods by all selector labels)', (env, name) => {
    const o = byRef(env, name);
    expect(polarisExempt(o, 'missingNetworkPolicy')).toBe(true);
    // The premise: a policy of the workload's own, both directions listed, and the namespace's default deny.
    const own = ofKind(env, 'NetworkPolicy').filter((p) => sameNamespace(p, o) && Object.keys(p.spec.podSelector.matchLabels ?? {}).length >= 3
      && selects(p.spec.podSelector.matchLabels, templateLabels(o)));
    // Both directions governed; an empty rule list is written as an absent one (the API server drops it): deny all.
    const governsBoth = (p: Manifest) => p.spec.policyTypes.includes('Ingress') && p.spec.policyTypes.includes('Egress')
      && Array.isArray(p.spec.ingress ?? []) && Array.isArray(p.spec.egress ?? []);
    expect(own.some(governsBoth)).toBe(true);
    expect(ofKind(env, 'NetworkPolicy').some((p) => sameNamespace(p, o) && Object.keys(p.spec.podSelector).length === 0)).toBe(true);
  });

  test.each(DEPLOYMENTS)('%s %s: deploymentMissingReplicas (>= 2, or the HPA / single-replica exemption)', (env, name) => {
    const o = byRef(env, name);
    if (!polarisExempt(o, 'deploymentMissingReplicas')) expect(o.spec.replicas).toBeGreaterThanOrEqual(2);
    else if (hpaOf(env, o)) expect(o.spec.replicas).toBeUndefined();
    else expect({ env, replicas: o.spec.replicas }).toEqual({ env: 'dev', replicas: 1 });
  });

  test.each(DEPLOYMENTS)('%s %s: missingPodDisruptionBudget and pdbMinAvailableGreaterThanHPAMinReplicas', (env, name) => {
    const o = byRef(env, name);
    const labels = templateLabels(o);
    const budgets = ofKind(env, 'PodDisruptionBudget').filter((p) => sameNamespace(p, o)
      && Object.entries(p.spec.selector.matchLabels ?? {}).some(([k, v]) => labels[k] === v));
    expect(budgets.length).toBeGreaterThanOrEqual(1);
    const hpa = hpaOf(env, o);
    for (const budget of budgets) if (hpa && typeof budget.spec.minAvailable === 'number') expect(budget.spec.minAvailable).toBeLessThanOrEqual(hpa.spec.minReplicas);
  });

  test.each(cases('PodDisruptionBudget'))('%s %s: pdbDisruptionsIsZero', (env, name) => {
    const p = byRef(env, name);
    expect(p.spec.minAvailable).not.toBe('100%');
    expect([0, '0%']).not.toContain(p.spec.maxUnavailable);
  });

  test.each(cases('HorizontalPodAutoscaler'))('%s %s: hpaMinAvailability and hpaMaxAvailability', (env, name) => {
    const h = byRef(env, name);
    expect(h.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(h.spec.maxReplicas).toBeGreaterThan(h.spec.minReplicas);
  });

  test.each(cases('Ingress'))('%s %s: tlsSettingsMissing', (env, name) => {
    expect(byRef(env, name).spec.tls.length).toBeGreaterThanOrEqual(1);
  });

  test.each(cases('ConfigMap'))('%s %s: sensitiveConfigmapContent', (env, name) => {
    for (const [key, value] of Object.entries(byRef(env, name).data ?? {})) {
      expect(key).not.toMatch(/^AWS_SECRET_ACCESS_KEY$|^GOOGLE_APPLICATION_CREDENTIALS$|^AZURE_.+KEY$|^OCI_CLI_KEY_CONTENT$|password|token|bearer|secret/i);
      expect(value).not.toMatch(/\s*-BEGIN\s+.*PRIVATE KEY-\s*/i);
    }
  });

  test.each(ENVS)('%s: clusterrolePodExecAttach, rolePodExecAttach, *PodExecAttach bindings, *ClusterAdmin* (RBAC)', (env) => {
    const exec = (rule: Manifest) => (rule.apiGroups ?? []).some((g: string) => g === '' || g === '*')
      && (rule.resources ?? []).some((r: string) => ['*', 'pods/exec', 'pods/attach'].includes(r))
      && (rule.verbs ?? []).some((v: string) => ['*', 'get', 'create'].includes(v));
    const wildcard = (rule: Manifest) => (rule.apiGroups ?? []).includes('*') && (rule.resources ?? []).includes('*');
    const roles = ofKind(env, 'ClusterRole', 'Role');
    for (const role of roles) {
      expect(role.rules.some(wildcard)).toBe(false);
      if (role.rules.some(exec)) expect({ role: ref(role), exempt: polarisExempt(role, 'clusterrolePodExecAttach') }).toEqual({ role: 'ClusterRole -/cloudedu-admin', exempt: true });
    }
    for (const binding of ofKind(env, 'RoleBinding', 'ClusterRoleBinding')) {
      expect(binding.roleRef.name).not.toBe('cluster-admin');
      const role = roles.find((r) => r.kind === binding.roleRef.kind && r.metadata.name === binding.roleRef.name && (r.kind === 'ClusterRole' || sameNamespace(r, binding)));
      // Polaris finds the bound role among the audited objects: a binding to a missing role fails too.
      expect({ binding: ref(binding), found: role !== undefined }).toEqual({ binding: ref(binding), found: true });
      expect(binding.kind).toBe('RoleBinding');
      if (role!.rules.some(exec)) expect(polarisExempt(binding, 'rolebindingClusterRolePodExecAttach')).toBe(true);
    }
  });
});
