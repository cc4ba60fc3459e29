import { CLIENT_CONFIG_FUNCTIONS } from './scripts';

/**
 * The mysqld_exporter sidecar's side of MySQL: its own user (created at initialization by the
 * image's init-script mechanism, or by hand on an existing volume), and its option file.
 */
export const EXPORTER = {
  /** The MySQL account: only on the socket ('localhost'), never over the network. */
  user: 'exporter',
  /** mysqld_exporter's upstream recommendation: a scrape under load never takes many connections. */
  maxUserConnections: 3,
  port: 9104,
  portName: 'metrics',
  /** The exporter Secret's password key, as a file. */
  secretDir: '/var/run/secrets/mysql-exporter',
  /** The exporter's option file (`--config.my-cnf`), written at pod start on a memory emptyDir. */
  configFile: '/var/run/mysqld-exporter/my.cnf',
  /** Where the official MySQL image runs init scripts on a new (empty) data directory. */
  initDir: '/docker-entrypoint-initdb.d',
  initScript: '10-exporter-user.sh',
  socket: '/var/run/mysqld/mysqld.sock',
} as const;

/** Why the password's characters are limited: nothing in them needs quoting in SQL, in mysqld_exporter's ini parser or for its `$VAR` expansion. */
export const EXPORTER_PASSWORD_PATTERN = '^[A-Za-z0-9._~+/=-]{16,128}$';

/**
 * Bash: prints the exporter password read from its Secret file with builtins only. mysqld_exporter
 * expands `$NAME` in option values and its ini parser has its own quoting, so the password is
 * limited to characters that need none (base64, hex and URL-safe generators fit); anything else is
 * refused without printing it.
 */
const EXPORTER_PASSWORD_FUNCTION = String.raw`exporter_password() {
  local value pattern='${EXPORTER_PASSWORD_PATTERN}'
  value=$(<${EXPORTER.secretDir}/password)
  if [[ ! $value =~ $pattern ]]; then
    echo "${EXPORTER.secretDir}/password: 16-128 characters of A-Z a-z 0-9 . _ ~ + / = - expected (value not shown)" >&2
    return 65
  fi
  printf '%s' "$value"
}`;

/**
 * The init container's step: the exporter's option file (user, password, socket), mode 0600 on
 * a memory emptyDir, so the exporter reads its credentials from a file and never from argv or env.
 */
export function exporterConfigScript(): string {
  return String.raw`${EXPORTER_PASSWORD_FUNCTION}
exporter_config=${EXPORTER.configFile}
password=$(exporter_password)
printf '[client]\nuser=%s\npassword=%s\nsocket=%s\n' '${EXPORTER.user}' "$password" '${EXPORTER.socket}' > "$exporter_config.partial"
mv "$exporter_config.partial" "$exporter_config"`;
}

/**
 * The exporter's MySQL user: PROCESS and REPLICATION CLIENT (server status, replica status) and
 * SELECT on performance_schema only, at most 3 connections, on the socket only. Idempotent: run
 * again it resets the password to the Secret's (a rotation) and the grants. Executable, so the
 * image's entrypoint runs it (not sources it) at initialization; by hand on an existing volume
 * (docs/task-manager.md) it does the same. It logs in as root on the socket with an option file
 * given through a pipe: no password in any argument.
 */
export function exporterUserScript(rootPasswordFile: string): string {
  const account = `'${EXPORTER.user}'@'localhost'`;
  return String.raw`#!/bin/bash
${CLIENT_CONFIG_FUNCTIONS}
${EXPORTER_PASSWORD_FUNCTION}
password=$(exporter_password)
root_password=$(option_value ${rootPasswordFile})
mysql --defaults-extra-file=<(printf '[client]\nuser=root\npassword=%s\nsocket=%s\n' "$root_password" '${EXPORTER.socket}') --protocol=socket <<SQL
CREATE USER IF NOT EXISTS ${account} IDENTIFIED BY '$password' WITH MAX_USER_CONNECTIONS ${EXPORTER.maxUserConnections};
ALTER USER ${account} IDENTIFIED BY '$password' WITH MAX_USER_CONNECTIONS ${EXPORTER.maxUserConnections};
GRANT PROCESS, REPLICATION CLIENT ON *.* TO ${account};
GRANT SELECT ON performance_schema.* TO ${account};
SQL
echo "MySQL user ${EXPORTER.user}@localhost is ready for mysqld_exporter"`;
}
