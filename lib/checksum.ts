import { createHash } from 'node:crypto';

/** sha256 of a text, in hex: the checksum annotations that roll pods out when mounted config changes. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The first 12 hex digits of the sha256 of a value's JSON: a short, stable version label. */
export function shortHash(value: unknown): string {
  return sha256Hex(JSON.stringify(value)).slice(0, 12);
}
