/**
 * Table-driven harness for the Pod Security Standards packs: each case describes one pod (or one
 * container setting), the versions at which an expectation holds and the exact violations. Each
 * case runs once, in one workload kind and (container cases) one container list, rotated so that
 * every kind and list is used across a table; `runExtractionCases` checks a few cases in every kind
 * and every list, which is what proves that the packs find the pod spec wherever it lives.
 */
import { ContainerListField } from '../../../../lib/policy/pod-specs';
import { pssBaselinePack, pssRestrictedPack, LATEST_PSS_VERSION } from '../../../../lib/policy/packs/pss';
import { Manifest, Pack, Violation } from '../../../../lib/policy/types';

export type PackName = 'pss-baseline' | 'pss-restricted';
type Json = Record<string, unknown>;

const PACKS: Record<PackName, Pack> = { 'pss-baseline': pssBaselinePack, 'pss-restricted': pssRestrictedPack };
const BOTH: readonly PackName[] = ['pss-baseline', 'pss-restricted'];

/** A target well past the newest defined policy: must behave like LATEST_PSS_VERSION. */
const FUTURE = '1.99';

/** Versions from the oldest defined up to (not including) `boundary`. */
export function before(boundary: string): string[] {
  const [major, minor] = boundary.split('.').map(Number) as [number, number];
  const previous = `${major}.${minor - 1}`;
  return previous === '1.0' ? ['1.0'] : ['1.0', previous];
}

/** `boundary` and later, up to a version newer than any the standard defines. */
export function since(boundary: string): string[] {
  return [...new Set([boundary, LATEST_PSS_VERSION, FUTURE])];
}

/** Spot checks across the standard's history, for controls that never changed. */
export const EVERY_VERSION: readonly string[] = ['1.0', '1.19', '1.25', '1.35', LATEST_PSS_VERSION, FUTURE];

interface WorkloadKind {
  readonly label: string;
  readonly specPath: string;
  readonly metadataPath: string;
  wrap(template: { metadata: Json; spec: Json }): Manifest;
}

const templated =
  (apiVersion: string, kind: string) =>
  (template: { metadata: Json; spec: Json }): Manifest => ({ apiVersion, kind, metadata: { name: 'w' }, spec: { template } });

const cronJob =
  (apiVersion: string) =>
  (template: { metadata: Json; spec: Json }): Manifest => ({
    apiVersion,
    kind: 'CronJob',
    metadata: { name: 'w' },
    spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template } } },
  });

const TEMPLATE_PATHS = { specPath: 'spec.template.spec', metadataPath: 'spec.template.metadata' };
const CRONJOB_PATHS = { specPath: 'spec.jobTemplate.spec.template.spec', metadataPath: 'spec.jobTemplate.spec.template.metadata' };

export const WORKLOAD_KINDS: readonly WorkloadKind[] = [
  {
    label: 'Pod',
    specPath: 'spec',
    metadataPath: 'metadata',
    wrap: ({ metadata, spec }) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'w', ...metadata }, spec }),
  },
  { label: 'Deployment', ...TEMPLATE_PATHS, wrap: templated('apps/v1', 'Deployment') },
  { label: 'StatefulSet', ...TEMPLATE_PATHS, wrap: templated('apps/v1', 'StatefulSet') },
  { label: 'DaemonSet', ...TEMPLATE_PATHS, wrap: templated('apps/v1', 'DaemonSet') },
  { label: 'ReplicaSet', ...TEMPLATE_PATHS, wrap: templated('apps/v1', 'ReplicaSet') },
  { label: 'ReplicationController', ...TEMPLATE_PATHS, wrap: templated('v1', 'ReplicationController') },
  { label: 'Job', ...TEMPLATE_PATHS, wrap: templated('batch/v1', 'Job') },
  { label: 'CronJob batch/v1', ...CRONJOB_PATHS, wrap: cronJob('batch/v1') },
  { label: 'CronJob batch/v1beta1', ...CRONJOB_PATHS, wrap: cronJob('batch/v1beta1') },
];

/**
 * An expected violation. Placeholders: `$spec` (pod spec path), `$meta` (pod metadata path), `$c`
 * (the container's path), `$who` (e.g. `init container "c"`), `$version` (the target version).
 */
export interface Expected {
  readonly path: string;
  readonly message: string;
}

interface CaseBase {
  /** Control name: the rule id without the pack prefix. */
  readonly rule: string;
  readonly title: string;
  /** Packs whose rule must behave as described; both by default. */
  readonly packs?: readonly PackName[];
  readonly versions: readonly string[];
  /** Pod metadata (annotations). */
  readonly metadata?: Json;
  readonly expect: readonly Expected[];
}

/** A pod-level case; the spec gets one plain container `app` unless it lists containers itself. */
export interface PodCase extends CaseBase {
  readonly spec: Json;
}

/** A container-level case, run once with the container `c` in each container list. */
export interface ContainerCase extends CaseBase {
  /** The container's fields besides its name. */
  readonly container: Json;
  /** Pod spec fields next to the container list. */
  readonly spec?: Json;
}

const CONTAINER_LISTS: ReadonlyArray<{ field: ContainerListField; who: string }> = [
  { field: 'containers', who: 'container "c"' },
  { field: 'initContainers', who: 'init container "c"' },
  { field: 'ephemeralContainers', who: 'ephemeral container "c"' },
];

const IMAGE = 'registry.example/app:1';

function hasContainers(spec: Json): boolean {
  return CONTAINER_LISTS.some(({ field }) => field in spec);
}

/** Runs the rule `<pack>/<rule>` directly on one manifest. */
export function violationsOf(pack: PackName, rule: string, manifest: Manifest, k8sVersion: string): readonly Violation[] {
  const found = PACKS[pack].rules.find((candidate) => candidate.id === `${pack}/${rule}`);
  if (!found) throw new Error(`no rule ${pack}/${rule}`);
  const entry = { manifest, source: {} };
  return found.check({ entry, all: [entry], k8sVersion });
}

interface Concrete {
  readonly title: string;
  readonly base: CaseBase;
  readonly spec: Json;
  readonly containerPath: (specPath: string) => string;
  readonly who: string;
}

function resolve(text: string, kind: WorkloadKind, concrete: Concrete, version: string): string {
  return text
    .split('$spec')
    .join(kind.specPath)
    .split('$meta')
    .join(kind.metadataPath)
    .split('$c')
    .join(concrete.containerPath(kind.specPath))
    .split('$who')
    .join(concrete.who)
    .split('$version')
    .join(version);
}

interface Row {
  readonly concrete: Concrete;
  readonly kind: WorkloadKind;
}

/** Registers one jest test per row; each checks every pack and version of its case. */
function register(title: string, rows: readonly Row[]): void {
  describe(title, () => {
    it.each(rows.map((row) => [`${row.concrete.title} in ${row.kind.label}`, row] as const))('%s', (_name, { concrete, kind }) => {
      const manifest = kind.wrap({ metadata: concrete.base.metadata ?? {}, spec: concrete.spec });
      const runs = (concrete.base.packs ?? BOTH).flatMap((pack) => concrete.base.versions.map((version) => ({ pack, version })));
      const actual = runs.map(({ pack, version }) => ({ pack, version, violations: violationsOf(pack, concrete.base.rule, manifest, version) }));
      const expected = runs.map(({ pack, version }) => ({
        pack,
        version,
        violations: concrete.base.expect.map((e) => ({
          path: resolve(e.path, kind, concrete, version),
          message: resolve(e.message, kind, concrete, version),
        })),
      }));
      expect(actual).toEqual(expected);
    });
  });
}

function caseTitle(base: CaseBase): string {
  return `${base.rule}: ${base.title} [${base.versions.join(', ')}]`;
}

function podConcrete(base: PodCase): Concrete {
  return {
    title: caseTitle(base),
    base,
    spec: hasContainers(base.spec) ? base.spec : { containers: [{ name: 'app', image: IMAGE }], ...base.spec },
    containerPath: (specPath) => `${specPath}.containers[0]`,
    who: 'container "app"',
  };
}

function containerConcrete(base: ContainerCase, list: (typeof CONTAINER_LISTS)[number]): Concrete {
  return {
    title: `${caseTitle(base)} (${list.field})`,
    base,
    spec: { ...base.spec, [list.field]: [{ name: 'c', image: IMAGE, ...base.container }] },
    containerPath: (specPath: string) => `${specPath}.${list.field}[0]`,
    who: list.who,
  };
}

/** The workload kind of the `i`th case of a table: every kind in turn. */
const kindAt = (i: number): WorkloadKind => WORKLOAD_KINDS[i % WORKLOAD_KINDS.length];
/** The container list of the `i`th case: the next list after each round of kinds, so (kind, list) pairs vary too. */
const listAt = (i: number) => CONTAINER_LISTS[Math.floor(i / WORKLOAD_KINDS.length) % CONTAINER_LISTS.length];

/** Each pod-level case once, in the workload kinds by turn. */
export function runPodCases(title: string, cases: readonly PodCase[]): void {
  register(title, cases.map((base, i) => ({ concrete: podConcrete(base), kind: kindAt(i) })));
}

/** Each container-level case once, in the workload kinds and container lists by turn. */
export function runContainerCases(title: string, cases: readonly ContainerCase[]): void {
  register(title, cases.map((base, i) => ({ concrete: containerConcrete(base, listAt(i)), kind: kindAt(i) })));
}

/**
 * Pod-spec extraction: each case in every workload kind and, for container cases, every container
 * list. A few cases here stand for all the others, which differ only in the field they read.
 */
export function runExtractionCases(title: string, cases: { readonly pod: readonly PodCase[]; readonly container: readonly ContainerCase[] }): void {
  const concretes = [
    ...cases.pod.map(podConcrete),
    ...cases.container.flatMap((base) => CONTAINER_LISTS.map((list) => containerConcrete(base, list))),
  ];
  register(title, concretes.flatMap((concrete) => WORKLOAD_KINDS.map((kind) => ({ concrete, kind }))));
}
