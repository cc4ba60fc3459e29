/** Where the credentials and client configuration are mounted (the web app reads these paths). */
export const TASK_MANAGER_PATHS = {
  /** The database Secret's keys, one file each (`username`, `password`, `root-password`). */
  dbSecretDir: '/var/run/secrets/db',
  /** The MySQL client option file (probes, backup), written at pod start on a memory emptyDir. */
  mysqlClientConfig: '/var/run/mysql-client/client.cnf',
  /** The off-cluster store's key pair (`access-key-id`, `secret-access-key`), in the backup job's upload step. */
  offsiteSecretDir: '/var/run/secrets/offsite',
  /** The backup volume, in the backup job. */
  backupDir: '/backup',
  /** The projected API token (`readsKubernetesApi`), where client libraries look for it. */
  serviceAccountDir: '/var/run/secrets/kubernetes.io/serviceaccount',
} as const;

export const MYSQL_PORT = 3306;
