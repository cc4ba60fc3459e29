// Sealing is checked against an implementation that is not ours: the RSA-OAEP step (SHA-256,
// MGF1-SHA-256, the scope label) is undone by the `openssl pkeyutl` CLI with a key pair generated
// here, at test time. `openssl enc` cannot do AES-GCM, and no GCM-capable CLI is guaranteed on a
// fresh machine, so the AES-256-GCM step (zero nonce, 16-byte tag at the end) is undone with Node's
// crypto in a few lines of this file, apart from lib/secrets. The byte layout is split here too:
// uint16 big-endian length of the RSA ciphertext, the RSA ciphertext, then the GCM output.
import { execFileSync } from 'node:child_process';
import { createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sealedValueProblem } from '../../../lib/secrets/sealed-value';
import { certificateFingerprint, scopeLabel, sealingKeyOf, sealValue, SealingTarget } from '../../../lib/secrets/sealing';
import { describeWithTools, executable } from '../../helpers/system-tools';

const opensslTool = { name: 'openssl', install: 'apt-get install -y openssl' };

describeWithTools('sealing (the Sealed Secrets hybrid scheme)', [opensslTool], () => {
  let dir: string;
  let openssl: string;
  const file = (name: string) => join(dir, name);
  const run = (args: string[]) => execFileSync(openssl, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const certificate = () => readFileSync(file('cert.pem'), 'utf8');

  function selfSigned(name: string, keyArgs: string[]): string {
    run(['req', '-x509', '-new', '-nodes', ...keyArgs, '-keyout', file(`${name}.key`), '-out', file(`${name}.pem`), '-days', '1', '-subj', `/CN=${name}`]);
    return readFileSync(file(`${name}.pem`), 'utf8');
  }

  /** Undoes a sealed value with the private key: openssl for RSA-OAEP, Node for AES-GCM. */
  function unseal(sealed: string, label: string, keyFile = file('cert.key')): Buffer {
    const bytes = Buffer.from(sealed, 'base64');
    const rsaLength = bytes.readUInt16BE(0);
    writeFileSync(file('wrapped.bin'), bytes.subarray(2, 2 + rsaLength));
    const labelOption = label === '' ? [] : ['-pkeyopt', `rsa_oaep_label:${Buffer.from(label, 'utf8').toString('hex')}`];
    const sessionKey = run([
      'pkeyutl', '-decrypt', '-inkey', keyFile, '-in', file('wrapped.bin'),
      '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256', ...labelOption,
    ]);
    expect(sessionKey).toHaveLength(32);
    const gcm = bytes.subarray(2 + rsaLength);
    const decipher = createDecipheriv('aes-256-gcm', sessionKey, Buffer.alloc(12));
    decipher.setAuthTag(gcm.subarray(gcm.length - 16));
    return Buffer.concat([decipher.update(gcm.subarray(0, gcm.length - 16)), decipher.final()]);
  }

  beforeAll(() => {
    openssl = executable('openssl');
    dir = mkdtempSync(join(tmpdir(), 'sealing-'));
    selfSigned('cert', ['-newkey', 'rsa:2048']);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
    expect(unseal(sealed, 'shop/web-db', file('big.key')).toString()).toBe('x');
    expect(sealedValueProblem(sealValue(certificate(), Buffer.from('x'), strict))).toBeUndefined();
  });

  test('refuses an empty value, a weak or non-RSA key, a private key and a non-certificate', () => {
    expect(() => sealValue(certificate(), Buffer.alloc(0), strict)).toThrow('refusing to seal an empty value for shop/web-db');
    expect(() => sealingKeyOf(selfSigned('weak', ['-newkey', 'rsa:1024']))).toThrow('rsa 1024 bits; Sealed Secrets uses RSA of at least 2048 bits');
    expect(() => sealingKeyOf(selfSigned('ec', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']))).toThrow("the certificate's key is ec; Sealed Secrets uses RSA");
    expect(() => sealingKeyOf(certificate() + readFileSync(file('cert.key'), 'utf8'))).toThrow('contains a PRIVATE KEY');
    expect(() => sealingKeyOf('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')).toThrow('not a PEM X.509 certificate');
  });

  test('the fingerprint is the SHA-256 of the DER certificate (as openssl prints it)', () => {
    const printed = run(['x509', '-in', file('cert.pem'), '-noout', '-fingerprint', '-sha256']).toString();
    expect(certificateFingerprint(certificate())).toBe(printed.split('=')[1].trim().replace(/:/g, '').toLowerCase());
  });
});
