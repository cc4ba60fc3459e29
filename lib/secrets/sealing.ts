/**
 * Seals a value the way the Sealed Secrets controller unseals it: its hybrid scheme, done with
 * Node's crypto so that sealing needs no kubeseal binary and no cluster access.
 *
 *   sealed = base64( uint16be(len(rsa)) || rsa || aesGcm )
 *   rsa    = RSA-OAEP(SHA-256, MGF1-SHA-256, label = scope label) of a fresh 32-byte session key
 *   aesGcm = AES-256-GCM(session key, 12-byte zero nonce) of the value, followed by the 16-byte tag
 *
 * The zero nonce is safe because each session key encrypts exactly one value. The label binds the
 * ciphertext to where it may be unsealed (see `scopeLabel`), so a value sealed for one Secret cannot
 * be copied into another.
 */
import { constants, createCipheriv, createHash, KeyObject, publicEncrypt, randomBytes, X509Certificate } from 'node:crypto';

/** Where a sealed value may be unsealed: that Secret only, any Secret of its namespace, or anywhere. */
export type SealingScope = 'strict' | 'namespace-wide' | 'cluster-wide';

export const SEALING_SCOPES: readonly SealingScope[] = ['strict', 'namespace-wide', 'cluster-wide'];

/** Smallest RSA modulus we seal with or accept in a sealed value (the controller generates 4096). */
export const MIN_RSA_BITS = 2048;

const SESSION_KEY_BYTES = 32;
const GCM_NONCE_BYTES = 12;
export const GCM_TAG_BYTES = 16;

/** Where the Secret the value belongs to lives. */
export interface SealingTarget {
  readonly namespace: string;
  readonly name: string;
  readonly scope: SealingScope;
}

/** The OAEP label the controller expects for a scope: "namespace/name", "namespace" or empty. */
export function scopeLabel(target: SealingTarget): string {
  if (target.scope === 'cluster-wide') return '';
  if (target.scope === 'namespace-wide') return target.namespace;
  return `${target.namespace}/${target.name}`;
}

/** The sealing key of a controller's public certificate (PEM); refuses anything that is not RSA >= 2048. */
export function sealingKeyOf(certificatePem: string): KeyObject {
  if (/PRIVATE KEY-----/.test(certificatePem)) {
    throw new Error('the certificate file contains a PRIVATE KEY: only the controller\'s public certificate belongs in the repository');
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificatePem);
  } catch (error) {
    throw new Error(`not a PEM X.509 certificate (kubeseal --fetch-cert prints one): ${(error as Error).message}`);
  }
  const key = certificate.publicKey;
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (key.asymmetricKeyType !== 'rsa' || bits < MIN_RSA_BITS) {
    const size = bits > 0 ? ` ${bits} bits` : '';
    const type = key.asymmetricKeyType ?? 'unknown';
    throw new Error(`the certificate's key is ${type}${size}; Sealed Secrets uses RSA of at least ${MIN_RSA_BITS} bits`);
  }
  return key;
}

/** SHA-256 of the certificate's DER bytes (hex): records which certificate values were sealed for. */
export function certificateFingerprint(certificatePem: string): string {
  return createHash('sha256').update(new X509Certificate(certificatePem).raw).digest('hex');
}

/** Seals `value` for `target` with the controller's certificate; returns the base64 text for `encryptedData`. */
export function sealValue(certificatePem: string, value: Buffer, target: SealingTarget): string {
  if (value.length === 0) throw new Error(`refusing to seal an empty value for ${target.namespace}/${target.name}`);
  const key = sealingKeyOf(certificatePem);
  const sessionKey = randomBytes(SESSION_KEY_BYTES);
  const label = Buffer.from(scopeLabel(target), 'utf8');
  const wrappedKey = publicEncrypt(
    { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', ...(label.length > 0 ? { oaepLabel: label } : {}) },
    sessionKey,
  );
  const cipher = createCipheriv('aes-256-gcm', sessionKey, Buffer.alloc(GCM_NONCE_BYTES), { authTagLength: GCM_TAG_BYTES });
  const encrypted = Buffer.concat([cipher.update(value), cipher.final(), cipher.getAuthTag()]);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(wrappedKey.length);
  return Buffer.concat([length, wrappedKey, encrypted]).toString('base64');
}
