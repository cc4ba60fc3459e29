/** A free TCP port on 127.0.0.1 for a test's own server (nginx, MariaDB). */
import { createServer } from 'node:net';

/** Bound and released: the caller's server takes it right after. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
