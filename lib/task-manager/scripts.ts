import { OFFSITE_CREDENTIAL_KEYS, OFFSITE_SHELL_FUNCTIONS, OffsiteCredentialFiles } from '../offsite';
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
 * The dump (the backup job's first step, in the MySQL image): a consistent dump (one InnoDB
 * snapshot, `--single-transaction`) with routines, events and triggers, gzip-compressed to a hidden
 * partial file, verified, renamed into place (atomic on one filesystem). Any failure fails the job
 * (pipefail) before the rename, so a broken dump is never published, copied off-site or kept.
 * `--set-gtid-purged=OFF`: the dump never carries `SET @@GLOBAL.GTID_PURGED`, which a restore into a
 * server with GTIDs of its own would refuse and which the application user may not run.
 */
export function dumpScript(options: { database: string; host: string; port?: number }): string {
  const { database, host } = options;
  const dir = TASK_MANAGER_PATHS.backupDir;
  return String.raw`${CLIENT_CONFIG_FUNCTIONS}
config=${TASK_MANAGER_PATHS.mysqlClientConfig}
trap 'rm -f "$config" "$config.partial"' EXIT
write_client_config "$config" 'host=${host}' 'port=${options.port ?? MYSQL_PORT}'
stamp=$(date -u +%Y%m%dT%H%M%SZ)
final=${dir}/${database}-$stamp.sql.gz
partial=${dir}/.${database}-$stamp.sql.gz.partial
rm -f ${dir}/.*.partial
mysqldump --defaults-extra-file="$config" --single-transaction --set-gtid-purged=OFF --quick \
  --routines --events --triggers --no-tablespaces --hex-blob ${database} | gzip -c > "$partial"
gzip -t "$partial"
mv "$partial" "$final"
echo "backup written: $final"`;
}

/** Where the upload step reads the key pair: the credentials Secret's two keys, one file each. */
export const BACKUP_OFFSITE_CREDENTIAL_FILES: OffsiteCredentialFiles = {
  accessKeyIdFile: `${TASK_MANAGER_PATHS.offsiteSecretDir}/${OFFSITE_CREDENTIAL_KEYS.accessKeyId}`,
  secretAccessKeyFile: `${TASK_MANAGER_PATHS.offsiteSecretDir}/${OFFSITE_CREDENTIAL_KEYS.secretAccessKey}`,
};

/**
 * The off-cluster copy (the backup job's second step, POSIX sh in the upload image): every dump on
 * the claim that is not yet verified off-site is uploaded and read back (lib/offsite), oldest first,
 * and marked with a hidden `.<dump>.offsite` file holding its MD5; so a dump whose upload failed is
 * sent again by the next run. Only when every dump is off-site are all but the newest `keep` removed
 * from the claim, which is a cache: a failed upload fails the job and prunes nothing.
 */
export function offsiteCopyScript(options: { database: string; keep: number }): string {
  const { database, keep } = options;
  const dir = TASK_MANAGER_PATHS.backupDir;
  return String.raw`set -eu
${OFFSITE_SHELL_FUNCTIONS}
offsite_init
cd ${dir}
for dump in ${database}-*.sql.gz; do
  [ -f "$dump" ] || continue
  [ -f ".$dump.offsite" ] && continue
  offsite_put "${dir}/$dump" "$dump"
  printf '%s\n' "$offsite_md5" > ".$dump.offsite.partial"
  mv ".$dump.offsite.partial" ".$dump.offsite"
done
set -- ${database}-*.sql.gz
[ -f "$1" ] || { echo "no dump in ${dir}" >&2; exit 1; }
while [ "$#" -gt ${keep} ]; do
  rm -f -- "$1" ".$1.offsite"
  shift
done
echo "all dumps are off-site; kept the newest ${keep} on the claim"`;
}
