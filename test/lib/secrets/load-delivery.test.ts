// What the synth reads for a sealed-secrets environment: the committed certificate and values file,
// checked to belong together before any SealedSecret is built.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SealedSecretsDelivery } from '../../../lib/secrets/delivery-config';
import { loadSecretsDelivery, repositoryRoot } from '../../../lib/secrets/delivery';
import { serializeSealedValues } from '../../../lib/secrets/sealed-values';
import { certificateFingerprint, sealValue } from '../../../lib/secrets/sealing';
import { describeWithTools, tool } from '../../helpers/system-tools';
import { OpensslKit } from './openssl-sealing';

const CONFIG: SealedSecretsDelivery = {
  delivery: 'sealed-secrets', certificateFile: 'sealed/dev.pem', valuesFile: 'sealed/dev.json', scope: 'strict',
};

describeWithTools('loadSecretsDelivery', [tool.openssl], () => {
  let kit: OpensslKit;
  let root: string;
  let certificate: string;
  const writeValues = (fingerprint: string, scope: 'strict' | 'cluster-wide' = 'strict') => {
    const sealed = sealValue(certificate, Buffer.from('v'), { namespace: 'shop', name: 'db', scope });
    const values = { certificateSha256: fingerprint, scope, secrets: { shop: { db: { password: sealed } } } };
    writeFileSync(join(root, 'sealed/dev.json'), serializeSealedValues(values));
  };

  beforeAll(() => {
    kit = new OpensslKit();
    root = join(kit.dir, 'repo');
    mkdirSync(join(root, 'sealed'), { recursive: true });
    certificate = kit.selfSigned('cert');
  });
  afterAll(() => kit.dispose());

  test('an external store needs nothing from the repository', () => {
    const external = { delivery: 'external-secrets', store: { name: 'vault', remoteKeyPrefix: '' }, refreshInterval: '1h' } as const;
    expect(loadSecretsDelivery('prod', external, root)).toBe(external);
  });

  test('a missing certificate names the file and how to get it', () => {
    expect(() => loadSecretsDelivery('dev', CONFIG, root)).toThrow(
      'environment dev: secrets.certificateFile sealed/dev.pem does not exist; fetch it with kubeseal --fetch-cert',
    );
  });

  test('no values yet is allowed here (each declared key then fails with the seal command)', () => {
    writeFileSync(join(root, 'sealed/dev.pem'), certificate);
    expect(loadSecretsDelivery('dev', CONFIG, root)).toEqual({ environment: 'dev', config: CONFIG, values: undefined });
  });

  test('values sealed for this certificate and scope load', () => {
    writeValues(certificateFingerprint(certificate));
    const loaded = loadSecretsDelivery('dev', CONFIG, root);
    expect('values' in loaded && loaded.values?.secrets.shop.db.password).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });

  test('values of a replaced certificate, or of another scope, are refused', () => {
    writeValues('0'.repeat(64));
    expect(() => loadSecretsDelivery('dev', CONFIG, root)).toThrow('sealed/dev.json was sealed for another certificate than sealed/dev.pem');
    writeValues(certificateFingerprint(certificate), 'cluster-wide');
    expect(() => loadSecretsDelivery('dev', CONFIG, root)).toThrow('holds values sealed with scope cluster-wide, the config says strict');
  });

  test('the repository root is found from lib/ and from build/', () => {
    expect(repositoryRoot(join(__dirname, '..', '..', '..', 'lib', 'secrets'))).toBe(join(__dirname, '..', '..', '..'));
    expect(repositoryRoot(join(__dirname, '..', '..', '..', 'build'))).toBe(join(__dirname, '..', '..', '..'));
  });
});
