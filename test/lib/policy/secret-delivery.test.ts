// secrets/delivered on hand-written YAML: a workload reading a Secret that nothing in the folder
// delivers, the same Secret delivered by each mechanism, and one declared out of band.
import { Manifest } from '../../../lib/policy/types';
import { findingsOf } from './policy-helpers';

const RULE = 'secrets/delivered';
const OUT_OF_BAND = 'policy.platform/secrets-out-of-band';
const NOT_DELIVERED = 'but nothing in this folder delivers it in namespace shop';
const ENV_REF = 'spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef';
const ANNOTATION = `metadata.annotations["${OUT_OF_BAND}"]`;

/** `severity path: message` of each finding, for compact assertions. */
function findings(manifests: readonly Manifest[]): string[] {
  return findingsOf(RULE, manifests).map((finding) => `${finding.severity} ${finding.path}: ${finding.message}`);
}

function webReading(spec: Record<string, unknown>, annotations?: Record<string, string>): Manifest {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', ...(annotations ? { annotations } : {}) },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'app' }], ...spec } },
    },
  };
}

const pullingFromRegistry = (annotations?: Record<string, string>) => webReading({ imagePullSecrets: [{ name: 'registry' }] }, annotations);

function envReading(name = 'web-db', key = 'password', extra: Record<string, unknown> = {}): Manifest {
  const env = [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name, key, ...extra } } }];
  return webReading({ containers: [{ name: 'app', image: 'app', env }] });
}

const externalSecret = (name = 'web-db', spec: Record<string, unknown> = {}, namespace = 'shop'): Manifest => ({
  apiVersion: 'external-secrets.io/v1',
  kind: 'ExternalSecret',
  metadata: { name, namespace },
  spec: {
    secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
    data: [{ secretKey: 'password', remoteRef: { key: 'shop/web-db', property: 'password' } }],
    ...spec,
  },
});

const sealedSecret = (name = 'web-db', encryptedData: Record<string, string> = { password: 'AgA=' }, namespace = 'shop'): Manifest => ({
  apiVersion: 'bitnami.com/v1alpha1',
  kind: 'SealedSecret',
  metadata: { name, namespace },
  spec: { encryptedData },
});

describe('secrets/delivered: undelivered Secrets', () => {
  test('every way a pod reads a Secret is found; each undelivered one is an error at its field', () => {
    const projected = { secret: { name: 'projected', items: [{ key: 'ca.crt', path: 'ca' }] } };
    const pod: Manifest = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'shop' },
      spec: {
        imagePullSecrets: [{ name: 'registry' }],
        volumes: [
          { name: 'a', secret: { secretName: 'files' } },
          { name: 'b', projected: { sources: [{ serviceAccountToken: { path: 't' } }, projected] } },
          { name: 'c', csi: { driver: 'secrets-store.csi.k8s.io', nodePublishSecretRef: { name: 'csi-creds' } } },
        ],
        initContainers: [{ name: 'init', image: 'i', envFrom: [{ secretRef: { name: 'init-env' } }] }],
        containers: [{
          name: 'app',
          image: 'a',
          env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'env-one', key: 'x' } } }, { name: 'Y', value: 'y' }],
        }],
      },
    };
    expect(findings([pod])).toEqual([
      `error spec.volumes[0].secret.secretName: reads Secret "files" (volume) ${NOT_DELIVERED}`,
      `error spec.volumes[1].projected.sources[1].secret.items[0]: reads key "ca.crt" of Secret "projected" (volume) ${NOT_DELIVERED}`,
      `error spec.volumes[2].csi.nodePublishSecretRef.name: reads Secret "csi-creds" (volume) ${NOT_DELIVERED}`,
      `error spec.containers[0].env[0].valueFrom.secretKeyRef: reads key "x" of Secret "env-one" (env) ${NOT_DELIVERED}`,
      `error spec.initContainers[0].envFrom[0].secretRef: reads Secret "init-env" (envFrom) ${NOT_DELIVERED}`,
      `error spec.imagePullSecrets[0]: reads Secret "registry" (imagePullSecrets) ${NOT_DELIVERED}`,
    ]);
  });

  test('CronJobs count; a delivery in another namespace does not', () => {
    const podSpec = { containers: [{ name: 'b', image: 'b' }], volumes: [{ name: 'db', secret: { secretName: 'web-db' } }] };
    const cronJob: Manifest = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'backup', namespace: 'shop' },
      spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec: podSpec } } } },
    };
    expect(findings([cronJob, externalSecret('web-db', {}, 'other')])).toEqual([
      `error spec.jobTemplate.spec.template.spec.volumes[0].secret.secretName: reads Secret "web-db" (volume) ${NOT_DELIVERED}`,
    ]);
  });

  test('an optional reference is a warning: the pod starts without it', () => {
    expect(findings([envReading('web-db', 'password', { optional: true })])).toEqual([
      `warning ${ENV_REF}: reads key "password" of Secret "web-db" (env) ${NOT_DELIVERED} (optional: the pod starts without it)`,
    ]);
  });
});

describe('secrets/delivered: delivered Secrets', () => {
  test('by an ExternalSecret (its name, or its target name), a SealedSecret, or a Secret object', () => {
    const token = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'token', namespace: 'shop' }, type: 'kubernetes.io/service-account-token' };
    expect(findings([envReading(), externalSecret()])).toEqual([]);
    expect(findings([envReading(), externalSecret('db-sync', { target: { name: 'web-db' } })])).toEqual([]);
    expect(findings([envReading(), sealedSecret()])).toEqual([]);
    expect(findings([envReading('token'), token])).toEqual([]);
  });

  test('an ExternalSecret that only merges into (or does not create) the Secret does not deliver it', () => {
    for (const creationPolicy of ['Merge', 'None']) {
      expect(findings([envReading(), externalSecret('web-db', { target: { creationPolicy } })])).toHaveLength(1);
    }
    expect(findings([envReading(), externalSecret('web-db', { target: { creationPolicy: 'Orphan' } })])).toEqual([]);
  });

  test('a key the delivering object does not provide is an error; unknowable keys (dataFrom, templates) pass', () => {
    expect(findings([envReading('web-db', 'pasword'), externalSecret()])).toEqual([
      `error ${ENV_REF}: reads key "pasword" of Secret "web-db" (env) but ExternalSecret web-db delivers only: password`,
    ]);
    expect(findings([envReading('web-db', 'user'), sealedSecret()])).toEqual([
      `error ${ENV_REF}: reads key "user" of Secret "web-db" (env) but SealedSecret web-db delivers only: password`,
    ]);
    const extracted = externalSecret('web-db', { dataFrom: [{ extract: { key: 'shop/web-db' } }] });
    const templated = externalSecret('web-db', { target: { template: { data: { dsn: '{{ .password }}' } } } });
    expect(findings([envReading('web-db', 'user'), extracted])).toEqual([]);
    expect(findings([envReading('web-db', 'dsn'), templated])).toEqual([]);
  });
});

describe('secrets/delivered: provided out of band', () => {
  test('an entry with a reason, on the workload or on its pod template, covers the Secret', () => {
    expect(findings([pullingFromRegistry({ [OUT_OF_BAND]: 'registry: created by the cluster bootstrap (Terraform)' })])).toEqual([]);
    const pod = envReading();
    pod.spec.template.metadata.annotations = { [OUT_OF_BAND]: 'web-db: the DBA team creates it; other: x' };
    expect(findings([pod])).toEqual([
      `warning spec.template.${ANNOTATION}: declares Secret "other" out of band, but the pod does not read it`,
    ]);
  });

  test('an entry without a reason is an error and covers nothing', () => {
    expect(findings([pullingFromRegistry({ [OUT_OF_BAND]: 'registry' })])).toEqual([
      `error ${ANNOTATION}: entry "registry" gives no reason: write "<secret>: <who provides it and how>"`,
      `error spec.template.spec.imagePullSecrets[0]: reads Secret "registry" (imagePullSecrets) ${NOT_DELIVERED}`,
    ]);
    expect(findings([webReading({}, { [OUT_OF_BAND]: ' ; ' })])).toEqual([
      `error ${ANNOTATION}: the annotation is empty: name each Secret provided out of band with a reason ("name: reason")`,
    ]);
    expect(findings([pullingFromRegistry({ [OUT_OF_BAND]: 'registry:   ' })])).toHaveLength(2);
  });

  test('an entry for a Secret the folder delivers is a stale declaration (warning)', () => {
    const pod = envReading();
    pod.metadata.annotations = { [OUT_OF_BAND]: 'web-db: created by hand' };
    expect(findings([pod, sealedSecret()])).toEqual([
      `warning ${ANNOTATION}: declares Secret "web-db" out of band, but SealedSecret web-db in this folder delivers it: drop the entry`,
    ]);
  });
});
