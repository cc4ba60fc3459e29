/**
 * The bootstrap against the real, committed output: `dist/<env>/*.yaml` (what Argo CD syncs) and
 * `dist/bootstrap/<env>/cdk.tf.json` (what Terraform applies). Both are written by `npm run synth`;
 * these tests fail, with a message saying so, until it has run.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ENVIRONMENTS } from '../../../environments';
import { bootstrapObjectsOf, isClusterScoped, namespaceAgreement, ownershipOverlaps, synthesizeBootstrap } from '../../../lib/bootstrap';

const DIST = join(__dirname, '..', '..', '..', 'dist');

type Json = Record<string, any>;

const cache = new Map<string, Json[]>();

function readManifests(env: string): Json[] {
  if (!cache.has(env)) cache.set(env, parseDist(env));
  return cache.get(env)!;
}

function parseDist(env: string): Json[] {
  const dir = join(DIST, env);
  if (!existsSync(dir)) throw new Error(`dist/${env} does not exist: run \`npm run synth\` (the bootstrap is checked against the committed cdk8s output)`);
  const files = readdirSync(dir).filter((f) => /\.(ya?ml)$/.test(f)).sort();
  if (files.length === 0) throw new Error(`dist/${env} holds no YAML: run \`npm run synth\``);
  return files.flatMap((file) =>
    parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((doc) => {
      if (doc.errors.length > 0) throw new Error(`dist/${env}/${file}: ${doc.errors[0].message}`);
      return doc.toJS() as Json | null;
    }).filter((m): m is Json => m !== null && typeof m === 'object'),
  );
}

function readBootstrap(env: string): string {
  const file = join(DIST, 'bootstrap', env, 'cdk.tf.json');
  if (!existsSync(file)) throw new Error(`dist/bootstrap/${env}/cdk.tf.json does not exist: main.ts must write synthesizeBootstrap's files there; run \`npm run synth\``);
  return readFileSync(file, 'utf8');
}

function argocd(bootstrap: string, kind: string): Json {
  const resources = JSON.parse(bootstrap).resource?.kubernetes_manifest ?? {};
  const found = Object.values<Json>(resources).map((r) => r.manifest).filter((m) => m.kind === kind);
  expect(found).toHaveLength(1);
  return found[0];
}

function kindsOf(manifests: Json[], clusterScoped: boolean): { group: string; kind: string }[] {
  const seen = new Map<string, { group: string; kind: string }>();
  for (const m of manifests) {
    const slash = m.apiVersion.indexOf('/');
    const gk = { group: slash < 0 ? '' : m.apiVersion.slice(0, slash), kind: m.kind };
    if (isClusterScoped(gk) === clusterScoped) seen.set(`${gk.group}/${gk.kind}`, gk);
  }
  return [...seen.values()].sort((a, b) => (a.group === b.group ? (a.kind < b.kind ? -1 : 1) : a.group < b.group ? -1 : 1));
}

describe.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('committed output of %s', (name, env) => {
  test(`dist/${name} holds the cdk8s YAML`, () => {
    expect(readManifests(name).length).toBeGreaterThan(0);
  });

  test('no object is created by both the bootstrap and dist/<env>', () => {
    expect(ownershipOverlaps(bootstrapObjectsOf(readBootstrap(name)), readManifests(name))).toEqual([]);
  });

  test('every namespace dist/<env> uses is created by the bootstrap, and vice versa', () => {
    expect(namespaceAgreement(bootstrapObjectsOf(readBootstrap(name)), readManifests(name))).toEqual({ notCreated: [], unused: [] });
  });

  test('the AppProject whitelists exactly the kinds dist/<env> contains', () => {
    const manifests = readManifests(name);
    const project = argocd(readBootstrap(name), 'AppProject');
    const cluster = kindsOf(manifests, true);
    if (cluster.length === 0) expect(project.spec).not.toHaveProperty('clusterResourceWhitelist');
    else expect(project.spec.clusterResourceWhitelist).toEqual(cluster);
    expect(project.spec.namespaceResourceWhitelist).toEqual(kindsOf(manifests, false));
  });

  test(`the Application syncs dist/${name}`, () => {
    expect(argocd(readBootstrap(name), 'Application').spec.source.path).toBe(`dist/${name}`);
  });

  test('dist/bootstrap/<env>/cdk.tf.json is what the bootstrap synthesizes from dist/<env> (run `npm run synth` if not)', () => {
    expect(readBootstrap(name)).toBe(synthesizeBootstrap(env, readManifests(name)).get('cdk.tf.json'));
  });
});
