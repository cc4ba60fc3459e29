// Sealing is checked against an implementation that is not ours: openssl-sealing.ts unseals with
// `openssl pkeyutl` (RSA-OAEP) and a separate AES-GCM step, using key pairs generated at test time.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sealedValueProblem } from '../../../lib/secrets/sealed-value';
import { certificateFingerprint, scopeLabel, sealingKeyOf, sealValue, SealingTarget } from '../../../lib/secrets/sealing';
import { describeWithTools, tool } from '../../helpers/system-tools';
import { OpensslKit } from './openssl-sealing';

describeWithTools('sealing (the Sealed Secrets hybrid scheme)', [tool.openssl], () => {
  let kit: OpensslKit;
  const certificate = () => readFileSync(kit.file('cert.pem'), 'utf8');
  const unseal = (sealed: string, label: string, name?: string) => kit.unseal(sealed, label, name);
  const selfSigned = (name: string, keyArgs: string[]) => kit.selfSigned(name, keyArgs);

  beforeAll(() => {
    kit = new OpensslKit();
    kit.selfSigned('cert');
  });
  afterAll(() => kit.dispose());

  const strict: SealingTarget = { namespace: 'shop', name: 'web-db', scope: 'strict' };

  test.each<[SealingTarget, string]>([
    [strict, 'shop/web-db'],
    [{ ...strict, scope: 'namespace-wide' }, 'shop'],
    [{ ...strict, scope: 'cluster-wide' }, ''],
  ])('%o is sealed with label %j and openssl unseals it', (target, label) => {
    expect(scopeLabel(target)).toBe(label);
    const sealed = sealValue(certificate(), Buffer.from('correct horse battery staple'), target);
    expect(unseal(sealed, label).toString('utf8')).toBe('correct horse battery staple');
  });

  test('the layout: a 256-byte RSA-2048 ciphertext, then the value plus a 16-byte tag', () => {
    const bytes = Buffer.from(sealValue(certificate(), Buffer.from('12345'), strict), 'base64');
    expect(bytes.readUInt16BE(0)).toBe(256);
    expect(bytes).toHaveLength(2 + 256 + 5 + 16);
  });

  test('a value sealed for one Secret cannot be unsealed as another (the label binds it)', () => {
    const sealed = sealValue(certificate(), Buffer.from('s3cret'), strict);
    expect(() => unseal(sealed, 'shop/other')).toThrow();
    expect(() => unseal(sealed, 'shop')).toThrow();
  });

  test('binary values (a keyring) round-trip byte for byte; every sealing uses a fresh session key', () => {
    const value = randomBytes(3000);
    const first = sealValue(certificate(), value, strict);
    const second = sealValue(certificate(), value, strict);
    expect(first).not.toBe(second);
    expect(unseal(first, 'shop/web-db').equals(value)).toBe(true);
    expect(unseal(second, 'shop/web-db').equals(value)).toBe(true);
  });

  test('what we seal is recognised as sealed, at every key size', () => {
    const rsa4096 = selfSigned('big', ['-newkey', 'rsa:4096']);
    const sealed = sealValue(rsa4096, Buffer.from('x'), strict);
    expect(Buffer.from(sealed, 'base64').readUInt16BE(0)).toBe(512);
    expect(sealedValueProblem(sealed)).toBeUndefined();
    expect(unseal(sealed, 'shop/web-db', 'big').toString()).toBe('x');
    expect(sealedValueProblem(sealValue(certificate(), Buffer.from('x'), strict))).toBeUndefined();
  });

  test('refuses an empty value, a weak or non-RSA key, a private key and a non-certificate', () => {
    expect(() => sealValue(certificate(), Buffer.alloc(0), strict)).toThrow('refusing to seal an empty value for shop/web-db');
    expect(() => sealingKeyOf(selfSigned('weak', ['-newkey', 'rsa:1024']))).toThrow('rsa 1024 bits; Sealed Secrets uses RSA of at least 2048 bits');
    const ec = selfSigned('ec', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']);
    expect(() => sealingKeyOf(ec)).toThrow("the certificate's key is ec; Sealed Secrets uses RSA");
    expect(() => sealingKeyOf(certificate() + readFileSync(kit.file('cert.key'), 'utf8'))).toThrow('contains a PRIVATE KEY');
    expect(() => sealingKeyOf('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')).toThrow('not a PEM X.509 certificate');
  });

  test('the fingerprint is the SHA-256 of the DER certificate (as openssl prints it)', () => {
    const printed = kit.run(['x509', '-in', kit.file('cert.pem'), '-noout', '-fingerprint', '-sha256']).toString();
    expect(certificateFingerprint(certificate())).toBe(printed.split('=')[1].trim().replace(/:/g, '').toLowerCase());
  });
});
