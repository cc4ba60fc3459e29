// Secrets through Git, judged on what each environment synthesizes: every Secret a pod reads
// (found in the pods, not taken from a list) is delivered the environment's way in its namespace
// with every key read, long-running workloads name their Secrets for Reloader where it runs, and
// committed sealed values belong to the committed certificate.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { ENVIRONMENTS } from '../../environments';
import { podSpecsOf } from '../../lib/policy/pod-specs';
import { secretReferencesOf } from '../../lib/policy/secret-references';
import { parseSealedValues } from '../../lib/secrets/sealed-values';
import { certificateFingerprint } from '../../lib/secrets/sealing';
import { buildEnvironmentApp } from '../../main';

const ROOT = join(__dirname, '..', '..');
const DELIVERING_KIND = { 'external-secrets': 'ExternalSecret', 'sealed-secrets': 'SealedSecret' } as const;

const rendered = new Map(ENVIRONMENTS.map((env) => [env.name, buildEnvironmentApp(env).charts.flatMap((chart) => chart.toJson())]));
const namespaceOf = (manifest: any): string => manifest.metadata?.namespace ?? 'default';

/** The keys a delivering object gives its Secret. */
function deliveredKeys(manifest: any): string[] {
  return manifest.kind === 'ExternalSecret' ? manifest.spec.data.map((d: any) => d.secretKey) : Object.keys(manifest.spec.encryptedData);
}

describe.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('%s', (_name, env) => {
  const manifests = rendered.get(env.name)!;
  const kind = DELIVERING_KIND[env.secrets.delivery];
  const reads = manifests.flatMap((manifest) => podSpecsOf(manifest).flatMap((pod) => secretReferencesOf(pod.spec, pod.path)
    .map((ref) => ({ workload: `${manifest.kind} ${manifest.metadata.name}`, namespace: namespaceOf(manifest), ...ref }))));

  test('its pods read Secrets (so the checks below judge something)', () => {
    expect(reads.length).toBeGreaterThan(0);
  });

  test(`every Secret a pod reads is delivered by a ${kind} in its namespace, with every key read`, () => {
    const missing = reads.flatMap((read) => {
      const delivering = manifests.find((m) => m.kind === kind && m.metadata.name === read.name && namespaceOf(m) === read.namespace);
      if (!delivering) return [`${read.workload}: ${read.namespace}/${read.name} (${read.path}) is not delivered`];
      const target = delivering.kind === 'ExternalSecret' ? delivering.spec.target.name : delivering.metadata.name;
      if (target !== read.name) return [`${read.workload}: ${delivering.kind} ${delivering.metadata.name} creates ${target}, not ${read.name}`];
      if (read.key !== undefined && !deliveredKeys(delivering).includes(read.key)) {
        return [`${read.workload}: key ${read.key} of ${read.name} is not delivered`];
      }
      return [];
    });
    expect(missing).toEqual([]);
  });

  test('no Secret objects, and no delivering object for a Secret nothing reads', () => {
    expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
    const read = new Set(reads.map((r) => `${r.namespace}/${r.name}`));
    const delivering = manifests.filter((m) => m.kind === 'ExternalSecret' || m.kind === 'SealedSecret');
    expect(delivering.map((m) => m.kind)).toEqual(delivering.map(() => kind));
    expect(delivering.filter((m) => !read.has(`${namespaceOf(m)}/${m.metadata.name}`)).map((m) => m.metadata.name)).toEqual([]);
  });

  const rotation = env.reloader ? 'name exactly the Secrets they read for Reloader' : 'carry no Reloader annotation (Reloader does not run)';
  test(`rotation: long-running workloads ${rotation}`, () => {
    const longRunning = manifests.filter((m) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(m.kind));
    expect(longRunning.length).toBeGreaterThan(0);
    for (const workload of longRunning) {
      const names = [...new Set(reads.filter((r) => r.workload === `${workload.kind} ${workload.metadata.name}` && r.via !== 'imagePullSecrets')
        .map((r) => r.name.replace(/\./g, '\\.')))].sort();
      const annotation = workload.metadata.annotations?.['secret.reloader.stakater.com/reload'];
      expect({ workload: workload.metadata.name, annotation }).toEqual({
        workload: workload.metadata.name,
        annotation: env.reloader && names.length > 0 ? names.join(',') : undefined,
      });
    }
  });
});

describe('committed sealed values', () => {
  const sealedEnvironments = ENVIRONMENTS.flatMap((env) => (env.secrets.delivery === 'sealed-secrets' ? [[env.name, env.secrets] as const] : []));

  test('an environment uses Sealed Secrets and one an external store (both paths stay exercised)', () => {
    expect(sealedEnvironments.length).toBeGreaterThan(0);
    expect(ENVIRONMENTS.some((env) => env.secrets.delivery === 'external-secrets')).toBe(true);
  });

  test.each(sealedEnvironments)('%s: every value was sealed for the committed certificate and its key size', (name, config) => {
    const certificate = readFileSync(join(ROOT, config.certificateFile), 'utf8');
    const modulusBytes = new X509Certificate(certificate).publicKey.asymmetricKeyDetails!.modulusLength! / 8;
    const values = parseSealedValues(readFileSync(join(ROOT, config.valuesFile), 'utf8'), config.valuesFile);
    expect(values.certificateSha256).toBe(certificateFingerprint(certificate));
    const sealedSecrets = rendered.get(name)!.filter((m) => m.kind === 'SealedSecret');
    for (const sealedSecret of sealedSecrets) {
      for (const value of Object.values<string>(sealedSecret.spec.encryptedData)) {
        expect(Buffer.from(value, 'base64').readUInt16BE(0)).toBe(modulusBytes);
      }
    }
  });

  test('no private key anywhere under environments/', () => {
    const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
      .flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
    const withKeys = walk(join(ROOT, 'environments')).filter((file) => /PRIVATE KEY/.test(readFileSync(file, 'utf8')));
    expect(withKeys).toEqual([]);
  });
});
