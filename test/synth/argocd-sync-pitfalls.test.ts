/**
 * The known ways a manifest stays OutOfSync in Argo CD with server-side apply (or loops under
 * self-heal), each checked against every object of every environment's committed dist/. Each
 * check is also shown to fail on an object that has the pitfall, so none of them can pass by
 * checking nothing.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import { ENVIRONMENTS } from '../../environments';
import { canonicalQuantity } from '../../lib/quantity';
import { coreModelFor } from '../../lib/policy/schema/core-models';
import { quantityPaths } from '../../lib/synth/sync-stable';

type Manifest = Record<string, any>;

interface Pitfall {
  readonly id: string;
  /** Where it is described (upstream issue or documentation). */
  readonly seeAlso: string;
  /** Problems of one object; empty when it is clear of the pitfall. */
  readonly problems: (manifest: Manifest, all: readonly Manifest[]) => string[];
  /** An object that has the pitfall (with the others it needs), for the negative test. */
  readonly example: () => Manifest[];
}

/** Map-typed fields the API server drops when empty (Go maps with omitempty). */
const MAP_FIELDS = new Set([
  'labels', 'annotations', 'matchLabels', 'nodeSelector', 'data', 'binaryData', 'stringData', 'requests', 'limits', 'hard',
]);
const PORT_FIELDS = new Set(['port', 'targetPort', 'containerPort', 'hostPort', 'nodePort', 'endPort']);
const SERVER_POPULATED = ['creationTimestamp', 'resourceVersion', 'uid', 'generation', 'managedFields', 'selfLink'];

const PITFALLS: readonly Pitfall[] = [
  {
    id: 'claim templates without apiVersion and kind',
    seeAlso: 'argoproj/argo-cd#11143, argoproj/argo-cd#16707',
    problems: (m) => m.kind !== 'StatefulSet' ? [] : (m.spec?.volumeClaimTemplates ?? [])
      .filter((t: Manifest) => t.apiVersion !== 'v1' || t.kind !== 'PersistentVolumeClaim')
      .map((t: Manifest) => `claim template ${t.metadata?.name}: apiVersion ${t.apiVersion}, kind ${t.kind}`),
    example: () => [statefulSet({ volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: claimSpec('10Gi') }] })],
  },
  {
    id: 'quantities not in the form the API server returns',
    seeAlso: 'argoproj/argo-cd#21135, argoproj-labs/argocd-operator#1290',
    problems: (m) => builtIn(m) ? quantityPaths(builtIn(m)!, m)
      .map((path) => ({ path, value: path.reduce((v: any, k) => v?.[k], m) }))
      .filter(({ value }) => typeof value !== 'string' || canonicalQuantity(value) !== value)
      .map(({ path, value }) => `${path.join('.')}: ${JSON.stringify(value)} is returned as "${canonicalQuantity(String(value))}"`) : [],
    example: () => [statefulSet({ template: podTemplate({ resources: { limits: { cpu: '1000m', memory: '2048Mi' } } }) })],
  },
  {
    id: 'empty lists and maps the API server drops',
    seeAlso: 'GreptimeTeam/helm-charts#362 (resources: {requests: {}}), Kubernetes omitempty fields',
    problems: (m) => builtIn(m) ? walk(m).filter(({ key, value }) =>
      (Array.isArray(value) && value.length === 0) || (MAP_FIELDS.has(String(key)) && isEmptyObject(value)))
      .map(({ path }) => `${path} is empty`) : [],
    example: () => [{ ...service(), spec: { ...service().spec, externalIPs: [] } }],
  },
  {
    id: 'null values (server-side apply removes the field, the next diff adds it back)',
    seeAlso: 'argoproj/argo-cd#11143 (creationTimestamp: null), DESIGN: a plain-string quantity synthesizes as null',
    problems: (m) => walk(m).filter(({ value }) => value === null).map(({ path }) => `${path} is null`),
    example: () => [statefulSet({
      volumeClaimTemplates: [{ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'd' }, spec: claimSpec(null) }],
    })],
  },
  {
    id: 'fields the server sets (status, resourceVersion, creationTimestamp, ...)',
    seeAlso: 'argoproj/argo-cd#3008 (resourceVersion in the manifest: syncs forever)',
    problems: (m) => [
      ...('status' in m ? ['status'] : []),
      ...SERVER_POPULATED.filter((field) => field in (m.metadata ?? {})).map((field) => `metadata.${field}`),
    ],
    example: () => [{ ...service(), metadata: { ...service().metadata, resourceVersion: '1' } }],
  },
  {
    id: 'port numbers written as strings (int-or-string fields)',
    seeAlso: 'Kubernetes IntOrString: "8080" stays a string and must then be a port name',
    problems: (m) => walk(m).filter(({ key, value }) => PORT_FIELDS.has(String(key)) && !isPortNumberOrName(value))
      .map(({ path, value }) => `${path}: ${JSON.stringify(value)}`),
    example: () => [{ ...service(), spec: { ...service().spec, ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: '8080' }] } }],
  },
  {
    id: 'list entries without their merge key (left to a server default), or with a duplicate one',
    seeAlso: 'argoproj/argo-cd#24786, kubernetes-sigs/structured-merge-diff#130 (ports without protocol); duplicate keys are refused',
    problems: (m) => mergeKeyProblems(m),
    example: () => [statefulSet({ template: podTemplate({ ports: [{ name: 'http', containerPort: 8080 }] }) })],
  },
  {
    id: 'replicas on a workload an autoscaler scales',
    seeAlso: 'Argo CD docs, "Leaving room for imperativeness": omit replicas when an HPA manages them',
    problems: (m, all) => typeof m.spec?.replicas === 'number' && all.some((hpa) => scales(hpa, m))
      ? [`spec.replicas ${m.spec.replicas} with HorizontalPodAutoscaler scaling ${m.kind}/${m.metadata?.name}`] : [],
    example: () => [
      statefulSet({ replicas: 2 }),
      {
        apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'db', namespace: 'test' },
        spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db' } },
      },
    ],
  },
  {
    id: 'write-only Secret stringData',
    seeAlso: 'stringData is merged into data on write and never returned',
    problems: (m) => m.kind === 'Secret' && m.stringData !== undefined ? ['stringData'] : [],
    example: () => [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'test' }, stringData: { a: 'b' } }],
  },
  {
    id: 'label and annotation values that are not strings',
    seeAlso: 'YAML 1.1 reads on, yes, 1.0 as booleans and numbers; the API refuses them',
    problems: (m) => walk(m).filter(({ key, value }) => ['labels', 'annotations', 'matchLabels'].includes(String(key)) && isObject(value))
      .flatMap(({ path, value }) => Object.entries(value as object)
        .filter(([, v]) => typeof v !== 'string')
        .map(([k, v]) => `${path}.${k}: ${JSON.stringify(v)}`)),
    example: () => [{ ...service(), metadata: { ...service().metadata, labels: { enabled: true } } }],
  },
];

const distRoot = join(__dirname, '..', '..', 'dist');

describe.each(ENVIRONMENTS.map((env) => env.name))('dist/%s', (envName) => {
  const manifests = loadFolder(join(distRoot, envName));

  test('has objects to check', () => {
    expect(manifests.length).toBeGreaterThan(10);
  });

  test.each(PITFALLS.map((p) => [p.id, p] as const))('is clear of: %s', (_id, pitfall) => {
    const found = manifests.flatMap((m) => pitfall.problems(m, manifests).map((problem) => `${m.kind}/${m.metadata?.name}: ${problem}`));
    expect(found).toEqual([]);
  });
});

describe('each pitfall check finds its pitfall', () => {
  test.each(PITFALLS.map((p) => [p.id, p] as const))('%s', (_id, pitfall) => {
    const objects = pitfall.example();
    expect(objects.flatMap((m) => pitfall.problems(m, objects))).not.toEqual([]);
  });
});

test('the quantity check sees the quantities of claim templates, ephemeral storage and emptyDir limits', () => {
  const all = ENVIRONMENTS.flatMap((env) => loadFolder(join(distRoot, env.name)));
  const paths = all.flatMap((m) => (builtIn(m) ? quantityPaths(builtIn(m)!, m).map((p) => p.join('.')) : []));
  expect(paths).toEqual(expect.arrayContaining([
    expect.stringMatching(/^spec\.volumeClaimTemplates\.0\.spec\.resources\.requests\.storage$/),
    expect.stringMatching(/containers\.\d+\.resources\.limits\.ephemeral-storage$/),
    expect.stringMatching(/emptyDir\.sizeLimit$/),
    expect.stringMatching(/^spec\.resources\.requests\.storage$/),
  ]));
});

function loadFolder(folder: string): Manifest[] {
  return readdirSync(folder).filter((f) => f.endsWith('.yaml')).sort().flatMap((file) =>
    parseAllDocuments(readFileSync(join(folder, file), 'utf8'), { version: '1.1' }).map((doc) => doc.toJS() as Manifest).filter(Boolean));
}

function builtIn(m: Manifest) {
  const lookup = coreModelFor(String(m.apiVersion), String(m.kind));
  return lookup.status === 'found' ? lookup.model : undefined;
}

function isObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** An int-or-string port: an integer, or a name (which has a letter); objects such as {number: 80} are not judged. */
function isPortNumberOrName(value: unknown): boolean {
  if (typeof value === 'string') return /[a-z]/.test(value);
  return typeof value !== 'number' || Number.isInteger(value);
}

/** Whether `hpa` is a HorizontalPodAutoscaler that scales `workload`. */
function scales(hpa: Manifest, workload: Manifest): boolean {
  const target = hpa.spec?.scaleTargetRef;
  return hpa.kind === 'HorizontalPodAutoscaler' && hpa.metadata?.namespace === workload.metadata?.namespace
    && target?.kind === workload.kind && target?.name === workload.metadata?.name;
}

function isEmptyObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;
}

/** Every value in the object with its dotted path and the key it sits under. */
function walk(value: unknown, path = '', key?: string | number): { path: string; key?: string | number; value: unknown }[] {
  const here = path === '' ? [] : [{ path, key, value }];
  if (Array.isArray(value)) return [...here, ...value.flatMap((item, i) => walk(item, `${path}[${i}]`, i))];
  if (value !== null && typeof value === 'object') {
    return [...here, ...Object.entries(value).flatMap(([k, v]) => walk(v, path === '' ? k : `${path}.${k}`, k))];
  }
  return here;
}

/** Pod specs of any workload kind, with their path. */
function podSpecs(m: Manifest): { path: string; spec: Manifest }[] {
  const candidates = [
    ['spec', m.spec],
    ['spec.template.spec', m.spec?.template?.spec],
    ['spec.jobTemplate.spec.template.spec', m.spec?.jobTemplate?.spec?.template?.spec],
  ];
  return candidates.filter(([, spec]) => spec?.containers).map(([path, spec]) => ({ path, spec }));
}

function mergeKeyProblems(m: Manifest): string[] {
  const problems: string[] = [];
  const unique = (where: string, keys: string[]) => {
    const seen = new Set<string>();
    for (const key of keys) {
      if (seen.has(key)) problems.push(`${where}: duplicate key ${key}`);
      seen.add(key);
    }
  };
  if (m.kind === 'Service') {
    for (const port of m.spec?.ports ?? []) if (!port.protocol) problems.push(`spec.ports ${port.port}: no protocol`);
    unique('spec.ports', (m.spec?.ports ?? []).map((p: Manifest) => `${p.port}/${p.protocol}`));
  }
  for (const { path, spec } of podSpecs(m)) {
    const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
    unique(`${path}.containers`, containers.map((c: Manifest) => c.name));
    unique(`${path}.volumes`, (spec.volumes ?? []).map((v: Manifest) => v.name));
    for (const c of containers) {
      for (const port of c.ports ?? []) if (!port.protocol) problems.push(`${path} container ${c.name} port ${port.containerPort}: no protocol`);
      unique(`container ${c.name} ports`, (c.ports ?? []).map((p: Manifest) => `${p.containerPort}/${p.protocol}`));
      unique(`container ${c.name} env`, (c.env ?? []).map((e: Manifest) => e.name));
      unique(`container ${c.name} volumeMounts`, (c.volumeMounts ?? []).map((v: Manifest) => v.mountPath));
    }
  }
  return problems;
}

function podTemplate(container: Manifest): Manifest {
  return { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'db@sha256:0', ...container }] } };
}

function statefulSet(spec: Manifest): Manifest {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'test' },
    spec: { serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: podTemplate({}), ...spec },
  };
}

function claimSpec(storage: string | null): Manifest {
  return { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } } };
}

function service(): Manifest {
  return {
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'test' },
    spec: { ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }] },
  };
}
