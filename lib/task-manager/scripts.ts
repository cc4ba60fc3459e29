import { MYSQL_PORT, TASK_MANAGER_PATHS } from './paths';

/**
 * Bash that writes a MySQL client option file from the mounted Secret files. Only builtins
 * (`printf`, `$(<file)`) see the password, so it never appears in a process's arguments; the file
 * is 0600 (umask 077). Values are quoted for the option-file grammar: backslashes doubled, enclosed
 * in a quote character the value does not contain; a line break or both quotes is refused.
 */
export const CLIENT_CONFIG_FUNCTIONS = String.raw`set -euo pipefail
umask 077
option_value() {
  local value
  value=$(<"$1")
  case $value in
    *$'\n'*|*$'\r'*) echo "$1: a line break cannot be written to a MySQL option file" >&2; return 65 ;;
  esac
  value=$(printf '%s' "$value" | sed 's/\\/\\\\/g')
  case $value in
    *'"'*)
      case $value in *"'"*) echo "$1: contains both quote characters, which a MySQL option file cannot hold" >&2; return 65 ;; esac
      printf "'%s'" "$value" ;;
    *) printf '"%s"' "$value" ;;
  esac
}
write_client_config() {
  local target=$1 user password
  shift
  user=$(option_value ${TASK_MANAGER_PATHS.dbSecretDir}/username)
  password=$(option_value ${TASK_MANAGER_PATHS.dbSecretDir}/password)
  printf '[client]\nuser=%s\npassword=%s\n' "$user" "$password" > "$target.partial"
  printf '%s\n' "$@" >> "$target.partial"
  mv "$target.partial" "$target"
}`;

/**
 * The backup: a consistent dump (one InnoDB snapshot, `--single-transaction`) with routines,
 * events and triggers, gzip-compressed to a hidden partial file, verified, renamed into place
 * (atomic on one filesystem), then only the newest `keep` dumps are kept. Any failure fails the job
 * (pipefail) before the rename, so a broken dump never replaces or prunes a good one.
 */
export function backupScript(options: { database: string; host: string; keep: number }): string {
  const { database, host, keep } = options;
  const dir = TASK_MANAGER_PATHS.backupDir;
  return String.raw`${CLIENT_CONFIG_FUNCTIONS}
config=${TASK_MANAGER_PATHS.mysqlClientConfig}
trap 'rm -f "$config" "$config.partial"' EXIT
write_client_config "$config" 'host=${host}' 'port=${MYSQL_PORT}'
stamp=$(date -u +%Y%m%dT%H%M%SZ)
final=${dir}/${database}-$stamp.sql.gz
partial=${dir}/.${database}-$stamp.sql.gz.partial
rm -f ${dir}/.*.partial
mysqldump --defaults-extra-file="$config" --single-transaction --quick --routines --events --triggers --no-tablespaces --hex-blob ${database} | gzip -c > "$partial"
gzip -t "$partial"
mv "$partial" "$final"
echo "backup written: $final"
ls -1 ${dir}/${database}-*.sql.gz | sort | head -n -${keep} | xargs -r rm -f --
echo "kept the newest ${keep} backups"`;
}
