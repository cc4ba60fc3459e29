// An implementation of unsealing that is not ours, for the sealing tests: the RSA-OAEP step
// (SHA-256, MGF1-SHA-256, the scope label) is done by the `openssl pkeyutl` CLI with a key pair
// generated at test time. `openssl enc` cannot do AES-GCM and no GCM-capable CLI is guaranteed on a
// fresh machine, so the AES-256-GCM step (zero nonce, 16-byte tag at the end) is done with Node's
// crypto in a few lines here, apart from lib/secrets. The byte layout is split here too: uint16
// big-endian length of the RSA ciphertext, the RSA ciphertext, then the GCM output.
import { execFileSync } from 'node:child_process';
import { createDecipheriv } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { executable } from '../../helpers/system-tools';

/** A scratch folder with openssl at hand; call `dispose` in afterAll. */
export class OpensslKit {
  readonly dir = mkdtempSync(join(tmpdir(), 'sealing-'));
  private readonly openssl = executable('openssl');

  file(name: string): string {
    return join(this.dir, name);
  }

  run(args: string[]): Buffer {
    return execFileSync(this.openssl, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** A self-signed certificate `<name>.pem` and its key `<name>.key`; returns the certificate PEM. */
  selfSigned(name: string, keyArgs: string[] = ['-newkey', 'rsa:2048']): string {
    const files = ['-keyout', this.file(`${name}.key`), '-out', this.file(`${name}.pem`)];
    this.run(['req', '-x509', '-new', '-nodes', ...keyArgs, ...files, '-days', '1', '-subj', `/CN=${name}`]);
    return readFileSync(this.file(`${name}.pem`), 'utf8');
  }

  /** Undoes a sealed value with the private key `<name>.key`: openssl for RSA-OAEP, Node for AES-GCM. */
  unseal(sealed: string, label: string, name = 'cert'): Buffer {
    const bytes = Buffer.from(sealed, 'base64');
    const rsaLength = bytes.readUInt16BE(0);
    writeFileSync(this.file('wrapped.bin'), bytes.subarray(2, 2 + rsaLength));
    const labelOption = label === '' ? [] : ['-pkeyopt', `rsa_oaep_label:${Buffer.from(label, 'utf8').toString('hex')}`];
    const sessionKey = this.run([
      'pkeyutl', '-decrypt', '-inkey', this.file(`${name}.key`), '-in', this.file('wrapped.bin'),
      '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256', ...labelOption,
    ]);
    if (sessionKey.length !== 32) throw new Error(`session key of ${sessionKey.length} bytes`);
    const gcm = bytes.subarray(2 + rsaLength);
    const decipher = createDecipheriv('aes-256-gcm', sessionKey, Buffer.alloc(12));
    decipher.setAuthTag(gcm.subarray(gcm.length - 16));
    return Buffer.concat([decipher.update(gcm.subarray(0, gcm.length - 16)), decipher.final()]);
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
