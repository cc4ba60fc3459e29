// What the synth accepts as a sealed value: the controller's layout, never text. Sealed-looking
// values are built here from random bytes (the real sealing is tested against openssl in
// sealing.test.ts), so each check is exercised at its edge.
import { randomBytes } from 'node:crypto';
import { sealedValueProblem } from '../../../lib/secrets/sealed-value';

function sealedLooking(rsaLength: number, rest: number): string {
  const header = Buffer.alloc(2);
  header.writeUInt16BE(rsaLength);
  // A leading 0xff keeps random bytes from ever being all printable.
  return Buffer.concat([header, Buffer.from([0xff]), randomBytes(rsaLength - 1 + rest)]).toString('base64');
}

describe('sealedValueProblem', () => {
  test.each([256, 384, 512])('accepts an RSA-%i-byte header followed by the GCM output', (rsaLength) => {
    expect(sealedValueProblem(sealedLooking(rsaLength, 16 + 1))).toBeUndefined();
    expect(sealedValueProblem(sealedLooking(rsaLength, 16))).toBeUndefined();
  });

  test('refuses plaintext, and plaintext that is merely base64-encoded', () => {
    expect(sealedValueProblem('hunter2')).toMatch(/^not base64/);
    expect(sealedValueProblem(Buffer.from('hunter2').toString('base64'))).toMatch(/is too short to hold an RSA-2048 wrapped key/);
    const longText = Buffer.from(`-----BEGIN PGP PUBLIC KEY BLOCK-----\n${'mQINBGS3'.repeat(60)}\n`).toString('base64');
    expect(sealedValueProblem(longText)).toBe('the base64 decodes to readable text: this is an encoded plaintext, not a sealed value');
  });

  test('refuses headers no RSA key of 2048 bits or more produces, and truncated values', () => {
    expect(sealedValueProblem(sealedLooking(128, 200))).toMatch(/announces a 128-byte RSA ciphertext, which no RSA key/);
    expect(sealedValueProblem(sealedLooking(257, 16))).toMatch(/announces a 257-byte RSA ciphertext/);
    expect(sealedValueProblem(sealedLooking(4096, 16))).toMatch(/announces a 4096-byte RSA ciphertext/);
    expect(sealedValueProblem(sealedLooking(512, 0))).toMatch(/^the header announces a 512-byte RSA ciphertext but only 512 bytes follow/);
  });

  test('refuses what is not strict standard base64', () => {
    const sealed = sealedLooking(256, 20);
    expect(sealedValueProblem(`${sealed}\n`)).toMatch(/^not base64/);
    expect(sealedValueProblem(sealed.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') + '-_')).toMatch(/^not base64/);
    expect(sealedValueProblem(sealed.slice(0, -1))).toMatch(/^not base64/);
    expect(sealedValueProblem('')).toBe('a sealed value is a non-empty base64 string');
    expect(sealedValueProblem(42)).toBe('a sealed value is a non-empty base64 string');
  });
});
