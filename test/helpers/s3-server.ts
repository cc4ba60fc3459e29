/**
 * A real S3-compatible server for tests: s3rver (npm, the maintained @20minutes fork), on 127.0.0.1
 * with a free port, a temporary store and a key pair generated for this run. It checks AWS Signature
 * V4 on every request, so a client that signs wrongly (or with the wrong secret) is refused as S3
 * would refuse it. (The original s3rver 3.7.1 accepts any V4 signature.)
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';

// It ships no types; these are the parts the tests use.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('@20minutes/s3rver') as new (options: Record<string, unknown>) => {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
};
// The registry of key pairs s3rver accepts (it starts with one well-known dummy pair).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DUMMY_ACCOUNT } = require('@20minutes/s3rver/lib/models/account') as {
  DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void; revokeAccessKey(id: string): void };
};

export interface S3Server {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Where s3rver keeps the objects (`<bucket>/<key parts>/<name>._S3rver_object`). */
  readonly directory: string;
  /** The stored file of an object, for tests that tamper with the store. */
  objectFile(bucket: string, key: string): string;
  close(): Promise<void>;
}

export async function startS3Server(buckets: readonly string[]): Promise<S3Server> {
  const directory = mkdtempSync(join(tmpdir(), 's3rver-'));
  const accessKeyId = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`;
  const secretAccessKey = randomBytes(30).toString('base64').replace(/[^A-Za-z0-9]/g, 'x');
  DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name, configs: [] })),
    // Path-style requests only, as the clients send them.
    vhostBuckets: false,
  });
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    accessKeyId,
    secretAccessKey,
    directory,
    objectFile: (bucket, key) => {
      const parts = key.split('/');
      const name = parts.pop() as string;
      return join(directory, bucket, ...parts, `${name}._S3rver_object`);
    },
    close: async () => {
      await server.close();
      DUMMY_ACCOUNT.revokeAccessKey(accessKeyId);
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
