/**
 * Recognises a value the Sealed Secrets controller could unseal, so that a plaintext (or a plain
 * base64 encoding of one) pasted into the committed values file is refused before it reaches dist/.
 * A sealed value is random-looking bytes with a fixed header: see ./sealing.ts for the layout.
 */
import { GCM_TAG_BYTES, MIN_RSA_BITS } from './sealing';

const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const MIN_RSA_BYTES = MIN_RSA_BITS / 8;
/** RSA-16384 is far beyond what anyone runs; a larger "length" is a sign of text, not ciphertext. */
const MAX_RSA_BYTES = 2048;

/** Why `value` is not a sealed value, or undefined when it has the controller's layout. */
export function sealedValueProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return 'a sealed value is a non-empty base64 string';
  if (!STRICT_BASE64.test(value)) return 'not base64 (a sealed value is the base64 text `npm run seal` writes)';
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length < 2 + MIN_RSA_BYTES + GCM_TAG_BYTES) {
    return `${bytes.length} bytes is too short to hold an RSA-${MIN_RSA_BITS} wrapped key and a GCM tag: not sealed`;
  }
  if (isPrintableText(bytes)) return 'the base64 decodes to readable text: this is an encoded plaintext, not a sealed value';
  const rsaLength = bytes.readUInt16BE(0);
  if (rsaLength < MIN_RSA_BYTES || rsaLength > MAX_RSA_BYTES || rsaLength % 2 !== 0) {
    return `the header announces a ${rsaLength}-byte RSA ciphertext, which no RSA key of ${MIN_RSA_BITS} bits or more produces: not sealed`;
  }
  if (bytes.length < 2 + rsaLength + GCM_TAG_BYTES) {
    return `the header announces a ${rsaLength}-byte RSA ciphertext but only ${bytes.length - 2} bytes follow it with no room for the GCM tag`;
  }
  return undefined;
}

/** True when every byte is printable ASCII or common whitespace (how text, JSON or PEM decode). */
function isPrintableText(bytes: Buffer): boolean {
  return bytes.every((byte) => (byte >= 0x20 && byte < 0x7f) || byte === 0x09 || byte === 0x0a || byte === 0x0d);
}
