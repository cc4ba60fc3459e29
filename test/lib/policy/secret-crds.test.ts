// Strict schema validation of the kinds that deliver Secrets (CRD schemas kept in
// lib/policy/schema/crds, see the README there): what our builders emit passes, typos fail.
import { Manifest } from '../../../lib/policy/types';
import { problems } from './policy-helpers';

const invalid = (manifest: Manifest) => problems('schema/valid', [manifest]);
const notChecked = (manifest: Manifest) => problems('schema/not-checked', [manifest]);
const UNKNOWN = 'unknown field: the schema does not declare it (the API server rejects or drops it)';

function externalSecret(spec: Record<string, unknown> = {}): Manifest {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: 'web-db', namespace: 'shop' },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
      target: { name: 'web-db', creationPolicy: 'Owner', deletionPolicy: 'Retain' },
      data: [{ secretKey: 'password', remoteRef: { key: 'shop/web-db', property: 'password', decodingStrategy: 'Base64' } }],
      ...spec,
    },
  };
}

function sealedSecret(spec: Record<string, unknown> = {}): Manifest {
  return {
    apiVersion: 'bitnami.com/v1alpha1',
    kind: 'SealedSecret',
    metadata: { name: 'web-db', namespace: 'shop' },
    spec: { encryptedData: { password: 'AgBy8hCi' }, template: { metadata: { name: 'web-db', namespace: 'shop' }, type: 'Opaque' }, ...spec },
  };
}

describe('ExternalSecret (external-secrets.io/v1)', () => {
  test('a complete one passes and is checked, not merely accepted', () => {
    expect(invalid(externalSecret())).toEqual([]);
    expect(notChecked(externalSecret())).toEqual([]);
  });

  test('unknown fields, bad enums and missing required fields fail', () => {
    expect(invalid(externalSecret({ refreshIntervall: '1h' }))).toEqual([`spec.refreshIntervall: ${UNKNOWN}`]);
    expect(invalid(externalSecret({ target: { name: 'web-db', creationPolicy: 'Always' } }))).toEqual([
      expect.stringMatching(/^spec\.target\.creationPolicy: must be one of "Owner", "Orphan", "Merge", "None", "CreateOrMerge"/),
    ]);
    expect(invalid(externalSecret({ data: [{ secretKey: 'password', remoteRef: { property: 'password' } }] }))).toEqual([
      'spec.data[0].remoteRef.key: required field is missing',
    ]);
    expect(invalid(externalSecret({ secretStoreRef: { kind: 'Vault', name: 'vault' } }))).toEqual([
      expect.stringMatching(/^spec\.secretStoreRef\.kind: must be one of "SecretStore", "ClusterSecretStore"/),
    ]);
  });

  test('the served-but-removed v1beta1 has no schema here: a warning, never a silent pass', () => {
    expect(notChecked({ ...externalSecret(), apiVersion: 'external-secrets.io/v1beta1' })).toHaveLength(1);
  });
});

describe('SealedSecret (bitnami.com/v1alpha1)', () => {
  test('a complete one passes and is checked', () => {
    expect(invalid(sealedSecret())).toEqual([]);
    expect(notChecked(sealedSecret())).toEqual([]);
  });

  test('encryptedData is required, its values are strings; unknown template fields fail', () => {
    expect(invalid({ ...sealedSecret(), spec: { template: { type: 'Opaque' } } })).toEqual(['spec.encryptedData: required field is missing']);
    expect(invalid(sealedSecret({ encryptedData: { password: 42 } }))).toEqual(['spec.encryptedData.password: must be string, got integer']);
    expect(invalid(sealedSecret({ template: { typ: 'Opaque' } }))).toEqual([`spec.template.typ: ${UNKNOWN}`]);
  });
});
