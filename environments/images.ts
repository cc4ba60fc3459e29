import type { ImageReference } from '../lib/references';

/**
 * Image digests: the one file the image pipeline rewrites (see README, "Images"). Public images
 * carry the digest their publisher released; our own images (built from images/*) carry the
 * digest the pipeline pushed. Until the pipeline's first publish of one of ours, its entry holds
 * the published digest of the upstream base image its Dockerfile starts FROM, never an invented hash.
 */
export const IMAGES = {
  /** curlimages/curl 8.21.0 (upstream, multi-arch index). */
  curl: { repository: 'docker.io/curlimages/curl', digest: 'sha256:7c12af72ceb38b7432ab85e1a265cff6ae58e06f95539d539b654f2cfa64bb13' },
  /** nginxinc/nginx-unprivileged 1.29.5-alpine: serves as UID 101 on port 8080. */
  nginxUnprivileged: { repository: 'docker.io/nginxinc/nginx-unprivileged', digest: 'sha256:601c823234c474696ded03d619e67f1e59538802731543099c691aea67e4a553' },
  /**
   * buildpack-deps:bookworm-curl (Docker official image, 2026-08-25 build): Debian 12's curl 7.88.1
   * with Debian's security fixes and dash as sh. The task manager's backup upload: the MySQL
   * image's curl 7.76.1 cannot sign S3 uploads (docs/task-manager.md, "Backups").
   */
  debianCurl: { repository: 'docker.io/library/buildpack-deps', digest: 'sha256:e59dd5a4b43e866bb449296a9d4c477f773f148d5b7e91dc31a44896df627dab' },
  /** mysql 8.4.11 (8.4 LTS). */
  mysql: { repository: 'docker.io/library/mysql', digest: 'sha256:85b9bf2e29cf836ecb8c2a15a935d4ba0c606631dff1dd79531a11983c638f2a' },
  /**
   * Ours: images/electoral-collector (FROM alpine:3.22 until first publish). The image carries its
   * script, collect.sh: `scriptSha256` is the script's sha256 that this digest was built from, so
   * that changing the script without a new image fails the tests.
   */
  electoralCollector: {
    repository: 'electoral-collector',
    digest: 'sha256:5291449c3df73caf6ed85e649dec1b9e818b39a5d8c871e97afc13e9cd5e8fa8',
    scriptSha256: 'b4b0855bdc40ed896624e14b1fe322b5f622f95abcdbb6c1fb3deae4bead2f61',
  },
  /** prom/mysqld-exporter v0.19.0 (upstream, multi-arch index; the same digest on quay.io/prometheus). */
  mysqldExporter: { repository: 'docker.io/prom/mysqld-exporter', digest: 'sha256:eacb4b18e2ec1e0abdf2d64851b68526c964f6d9cb3e9458fb5d5f5062ea94c1' },
  /** Ours: the task manager web app (FROM python:3.12-slim until first publish). */
  taskManagerWeb: { repository: 'task-manager-web', digest: 'sha256:229a2c5bfa27522db7815ea81f9bed70af17ccb9de9fc7ad142b1877b5830d36' },
} as const satisfies Record<string, ImageReference & { readonly scriptSha256?: string }>;
