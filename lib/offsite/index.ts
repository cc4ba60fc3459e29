/**
 * Off-cluster copies of backups: one mechanism for every job that must get its files out of the
 * cluster (the task manager's MySQL dumps; the electoral feed's backups through the same API).
 *
 * The client is curl's `--aws-sigv4` (curl 7.87.0 or newer; Debian 12's 7.88.1 in the task
 * manager's upload container). Older curl cannot sign an S3 upload: before 7.87.0 it hashes an
 * empty payload whatever the body, never signs `x-amz-content-sha256`, and before 7.86.0 signs the
 * Host without its port. That rules out the curl 7.76.1 in the MySQL 8.4 image; the shell checks
 * the version and stops with a clear message.
 *
 * Using it from a construct (a job whose container has curl and POSIX sh):
 *
 * ```ts
 * const problems = offsiteTargetProblems(target);           // validate early, then propError(...)
 * job.addSecretFile({ secret: { secretName, key: OFFSITE_CREDENTIAL_KEYS.accessKeyId }, path: '/var/run/secrets/offsite/access-key-id' });
 * job.addSecretFile({ secret: { secretName, key: OFFSITE_CREDENTIAL_KEYS.secretAccessKey }, path: '/var/run/secrets/offsite/secret-access-key' });
 * env: offsiteEnvironment(target, { accessKeyIdFile: '...access-key-id', secretAccessKeyFile: '...secret-access-key' }),
 * command: ['sh', '-c', `set -eu\n${OFFSITE_SHELL_FUNCTIONS}\noffsite_init\noffsite_put /backup/x.tar.gz x.tar.gz`],
 * egress: the endpoint's CIDRs and port (SecureCronJob `egress`),
 * ```
 *
 * `offsite_put FILE NAME` stores FILE as `<prefix>NAME` with one PUT (at most 5 GiB), sends its
 * SHA-256 and MD5 for the server to check, then reads back Content-Length and ETag and fails
 * (`offsite: ...` on stderr, exit 1) unless they are the file's size and MD5. It never deletes
 * anything: retention belongs to the bucket (versioning, object lock, lifecycle rules), so the job's
 * credentials need only PutObject and GetObject on the prefix (docs/task-manager.md, "Off-cluster copies").
 */
export { endpointProblem, bucketProblem, prefixProblem, offsiteTargetProblems } from './target';
export type { OffsiteTarget, OffsiteTargetProblem } from './target';
export {
  OFFSITE_ENV, OFFSITE_MAX_SINGLE_PUT_BYTES, OFFSITE_MIN_CURL, OFFSITE_SHELL_FUNCTIONS, offsiteEnvironment,
} from './shell';
export type { OffsiteCredentialFiles } from './shell';

/** The keys of the credentials Secret every off-cluster copy reads. */
export const OFFSITE_CREDENTIAL_KEYS = { accessKeyId: 'access-key-id', secretAccessKey: 'secret-access-key' } as const;
