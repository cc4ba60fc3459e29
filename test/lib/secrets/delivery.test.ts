// The delivering objects: what each builder emits (checked field by field and against the vendored
// CRD schemas), and every refusal with the construct path, the Secret and the fix in the message.
import { randomBytes } from 'node:crypto';
import { App, Chart, Testing } from 'cdk8s';
import { problems } from '../policy/policy-helpers';
import { mergeSecretDeclarations, SecretDeclaration, secretDeclarationProblems } from '../../../lib/secrets/declaration';
import { ExternalSecretsDelivery, SealedSecretsDelivery, secretsDeliveryProblems } from '../../../lib/secrets/delivery-config';
import { deliverSecrets } from '../../../lib/secrets/delivery';
import { SealedSecretsSource } from '../../../lib/secrets/manifests';

const EXTERNAL: ExternalSecretsDelivery = {
  delivery: 'external-secrets', store: { name: 'vault-platform', remoteKeyPrefix: 'platform/prod/' }, refreshInterval: '1h',
};
const SEALED_CONFIG: SealedSecretsDelivery = {
  delivery: 'sealed-secrets', certificateFile: 'environments/sealed/dev.pem', valuesFile: 'environments/sealed/dev.json', scope: 'strict',
};

const PURPOSE = 'verifies the publisher signature';
const feed: SecretDeclaration = { name: 'feed-keys', purpose: PURPOSE, keys: [{ key: 'publisher.gpg', binary: true }, { key: 'token' }] };
const purposeAnnotation = { 'platform.example.org/secret-purpose': PURPOSE };

/** Random bytes with the sealed layout (real sealing is tested against openssl in sealing.test.ts). */
function sealedLooking(): string {
  return Buffer.concat([Buffer.from([0x01, 0x00, 0xff]), randomBytes(255 + 40)]).toString('base64');
}

function synth(declarations: readonly SecretDeclaration[], delivery: ExternalSecretsDelivery | SealedSecretsSource): any[] {
  const chart = new Chart(new App(), 'electoral', { namespace: 'electoral' });
  deliverSecrets(chart, 'electoral', declarations, delivery);
  return Testing.synth(chart);
}

describe('ExternalSecret delivery', () => {
  test('one ExternalSecret per Secret: the store, a remote key per Secret and a property per key, owned target', () => {
    const [externalSecret] = synth([feed], EXTERNAL);
    expect(externalSecret).toEqual({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'feed-keys', namespace: 'electoral', annotations: purposeAnnotation },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault-platform' },
        target: { name: 'feed-keys', creationPolicy: 'Owner', deletionPolicy: 'Retain' },
        data: [
          {
            secretKey: 'publisher.gpg',
            remoteRef: { key: 'platform/prod/electoral/feed-keys', property: 'publisher.gpg', decodingStrategy: 'Base64' },
          },
          { secretKey: 'token', remoteRef: { key: 'platform/prod/electoral/feed-keys', property: 'token' } },
        ],
      },
    });
    expect(problems('schema/valid', [externalSecret])).toEqual([]);
  });

  test('readers of the same Secret are merged: one object with every key, sorted by name', () => {
    const objects = synth([
      { name: 'webhook', purpose: 'alerts', keys: [{ key: 'url' }] },
      feed,
      { name: 'webhook', purpose: 'reports', keys: [{ key: 'token' }, { key: 'url' }] },
    ], EXTERNAL);
    expect(objects.map((o) => o.metadata.name)).toEqual(['feed-keys', 'webhook']);
    expect(objects[1].spec.data.map((d: any) => d.secretKey)).toEqual(['token', 'url']);
    expect(objects[1].metadata.annotations['platform.example.org/secret-purpose']).toBe('alerts; reports');
  });
});

describe('SealedSecret delivery', () => {
  const values = { 'publisher.gpg': sealedLooking(), token: sealedLooking() };
  const source = (secrets: Record<string, any>, config: SealedSecretsDelivery = SEALED_CONFIG): SealedSecretsSource => ({
    environment: 'dev',
    config,
    values: { certificateSha256: 'a'.repeat(64), scope: config.scope, secrets },
  });

  test('one SealedSecret per Secret with the committed sealed values, strict scope by default', () => {
    const [sealedSecret] = synth([feed], source({ electoral: { 'feed-keys': values } }));
    expect(sealedSecret).toEqual({
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
      metadata: { name: 'feed-keys', namespace: 'electoral', annotations: purposeAnnotation },
      spec: { encryptedData: values, template: { metadata: { name: 'feed-keys', namespace: 'electoral' }, type: 'Opaque' } },
    });
    expect(problems('schema/valid', [sealedSecret])).toEqual([]);
  });

  test('a wider scope carries the controller annotation on the object and its template', () => {
    const [sealedSecret] = synth([feed], source({ electoral: { 'feed-keys': values } }, { ...SEALED_CONFIG, scope: 'namespace-wide' }));
    expect(sealedSecret.metadata.annotations['sealedsecrets.bitnami.com/namespace-wide']).toBe('true');
    expect(sealedSecret.spec.template.metadata.annotations).toEqual({ 'sealedsecrets.bitnami.com/namespace-wide': 'true' });
  });

  test('a missing value fails the synth, naming the construct, the Secret, the key and the seal command', () => {
    expect(() => synth([feed], source({ electoral: { 'feed-keys': { token: values.token } } }))).toThrow(
      'electoral: invalid secrets "feed-keys": Secret electoral/feed-keys key publisher.gpg has no sealed value in environments/sealed/dev.json; ' +
        'seal it with: npm run seal -- dev feed-keys publisher.gpg < value-file',
    );
    expect(() => synth([feed], { environment: 'dev', config: SEALED_CONFIG, values: undefined })).toThrow('has no sealed value');
  });

  test('a plaintext (or its base64) in the values file is refused, and its value is not echoed', () => {
    const plain = Buffer.from('hunter2-plaintext').toString('base64');
    let message = '';
    try {
      synth([feed], source({ electoral: { 'feed-keys': { ...values, token: plain } } }));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('environments/sealed/dev.json: electoral/feed-keys key token is not sealed (');
    expect(message).not.toContain(plain);
  });
});

describe('declarations and delivery config', () => {
  test('a bad declaration names every problem', () => {
    expect(secretDeclarationProblems({ name: 'Feed_Keys', purpose: ' ', keys: [{ key: 'a b' }, { key: 'x' }, { key: 'x' }] })).toEqual([
      'name "Feed_Keys": must be an RFC 1123 subdomain: lowercase letters, digits, "-" and "."',
      'purpose: say what the workload uses the Secret for',
      'keys "a b": a Secret key of letters, digits, "-", "_" and "." (at most 253 characters, not "." nor "..")',
      'keys "x": declared twice',
    ]);
    expect(secretDeclarationProblems({ name: 'x', purpose: 'p', keys: [] })).toEqual(['keys: declare at least one key the workload reads']);
    expect(() => synth([{ name: 'x', purpose: 'p', keys: [] }], EXTERNAL)).toThrow('electoral: invalid secrets "x": keys: declare at least one key');
  });

  test('a key is binary when any reader says so (a job that only mounts the file need not know)', () => {
    const mounted: SecretDeclaration = { name: 'feed-keys', purpose: 'file /keys of CronJob feed', keys: [{ key: 'publisher.gpg' }] };
    expect(mergeSecretDeclarations([mounted, feed])).toEqual([
      {
        name: 'feed-keys',
        purpose: `file /keys of CronJob feed; ${PURPOSE}`,
        keys: [{ key: 'publisher.gpg', binary: true }, { key: 'token' }],
      },
    ]);
  });

  test('config problems name the field and what is accepted', () => {
    expect(secretsDeliveryProblems(EXTERNAL)).toEqual([]);
    expect(secretsDeliveryProblems(SEALED_CONFIG)).toEqual([]);
    expect(secretsDeliveryProblems({ ...EXTERNAL, store: { name: 'Vault', remoteKeyPrefix: '/abs' }, refreshInterval: '0s' })).toEqual([
      ['store.name', 'the ClusterSecretStore name must be an RFC 1123 subdomain: lowercase letters, digits, "-" and "."'],
      ['store.remoteKeyPrefix', 'a relative key path such as "platform/prod/" (letters, digits, "_", ".", "-", "/")'],
      ['refreshInterval', 'a Go duration from 1m to 24h such as "15m" or "1h" (0 would never refresh)'],
    ]);
    expect(secretsDeliveryProblems({ ...EXTERNAL, refreshInterval: '1h30m' })).toEqual([]);
    expect(secretsDeliveryProblems({ ...EXTERNAL, refreshInterval: '25h' })).toHaveLength(1);
    expect(secretsDeliveryProblems({ ...SEALED_CONFIG, certificateFile: '../cert.pem', valuesFile: '/abs/dev.yaml', scope: 'wide' as any })).toEqual([
      ['certificateFile', 'a path inside the repository, relative to its root'],
      ['valuesFile', 'a path inside the repository, relative to its root'],
      ['valuesFile', 'a .json file written by `npm run seal`'],
      ['scope', 'strict, namespace-wide, cluster-wide'],
    ]);
  });
});
