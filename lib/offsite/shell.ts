import type { OffsiteTarget } from './target';

/**
 * String.raw for shell text, where `${` would start a TypeScript substitution: shell parameter
 * expansions are written `$\{name}` and come out as `${name}`.
 */
function shellText(strings: TemplateStringsArray, ...values: unknown[]): string {
  return String.raw(strings, ...values).split('$\\{').join('${');
}

/** Files (mounted Secret keys) that hold the S3 key pair; read by the shell, never passed as arguments. */
export interface OffsiteCredentialFiles {
  readonly accessKeyIdFile: string;
  readonly secretAccessKeyFile: string;
}

/**
 * The environment variables the shell functions read. No name says "secret": they hold paths, and
 * linters (kube-linter env-var-secret, Polaris sensitiveContainerEnvVar) flag such names.
 */
export const OFFSITE_ENV = {
  endpoint: 'OFFSITE_ENDPOINT',
  bucket: 'OFFSITE_BUCKET',
  prefix: 'OFFSITE_PREFIX',
  region: 'OFFSITE_REGION',
  accessKeyIdFile: 'OFFSITE_ACCESS_KEY_ID_FILE',
  secretAccessKeyFile: 'OFFSITE_ACCESS_KEY_FILE',
} as const;

/** The environment a container running `OFFSITE_SHELL_FUNCTIONS` needs (no secret values: paths only). */
export function offsiteEnvironment(target: OffsiteTarget, files: OffsiteCredentialFiles): Record<string, string> {
  return {
    [OFFSITE_ENV.endpoint]: target.endpoint.replace(/\/$/, ''),
    [OFFSITE_ENV.bucket]: target.bucket,
    [OFFSITE_ENV.prefix]: target.prefix,
    [OFFSITE_ENV.region]: target.region,
    [OFFSITE_ENV.accessKeyIdFile]: files.accessKeyIdFile,
    [OFFSITE_ENV.secretAccessKeyFile]: files.secretAccessKeyFile,
  };
}

/** The oldest curl whose `--aws-sigv4` can sign an S3 upload (see the header of index.ts). */
export const OFFSITE_MIN_CURL = { major: 7, minor: 87 } as const;

/** One PUT carries at most 5 GiB (S3's single-part limit); larger files need a multipart client. */
export const OFFSITE_MAX_SINGLE_PUT_BYTES = 5 * 1024 ** 3;

/**
 * POSIX sh (dash, busybox ash, bash) functions that copy files to the target and prove the copy:
 *
 * - `offsite_init`: checks the environment and curl's version, reads the key pair from its files;
 * - `offsite_put FILE NAME`: one signed PUT of FILE to `<prefix>NAME`, with its SHA-256 as
 *   `x-amz-content-sha256` and its MD5 as `Content-MD5` (the server refuses a body that differs
 *   from either; object lock requires one of them), then `offsite_verify`;
 * - `offsite_verify NAME SIZE MD5`: HEAD of the object; its Content-Length must be SIZE and its
 *   ETag MD5 (what S3 reports for a single-part upload without SSE-KMS/SSE-C).
 *
 * Any failure prints `offsite: <reason>` on stderr and exits 1. Needs curl, sed, tr, tail, wc,
 * sha256sum, md5sum and base64.
 */
export const OFFSITE_SHELL_FUNCTIONS = shellText`offsite_fail() {
  printf 'offsite: %s\n' "$*" >&2
  exit 1
}
offsite_nl='
'
offsite_cr=$(printf '\r')
offsite_empty_sha256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
offsite_init() {
  for offsite_var in ${OFFSITE_ENV.endpoint} ${OFFSITE_ENV.bucket} ${OFFSITE_ENV.region} \
    ${OFFSITE_ENV.accessKeyIdFile} ${OFFSITE_ENV.secretAccessKeyFile}; do
    eval "offsite_value=\${$offsite_var:-}"
    [ -n "$offsite_value" ] || offsite_fail "$offsite_var is not set"
  done
  ${OFFSITE_ENV.prefix}=$\{${OFFSITE_ENV.prefix}:-}
  # Older curl signs an empty payload and no x-amz-content-sha256 header: S3 refuses every upload.
  offsite_version=$(curl --version 2>/dev/null | sed -n '1s/^curl \([0-9][0-9]*\)\.\([0-9][0-9]*\)\..*/\1 \2/p')
  [ -n "$offsite_version" ] || offsite_fail "curl is missing or did not report its version"
  set -- $offsite_version
  if [ "$1" -lt ${OFFSITE_MIN_CURL.major} ] || { [ "$1" -eq ${OFFSITE_MIN_CURL.major} ] && [ "$2" -lt ${OFFSITE_MIN_CURL.minor} ]; }; then
    offsite_fail "curl $1.$2 cannot sign S3 uploads with --aws-sigv4: ${OFFSITE_MIN_CURL.major}.${OFFSITE_MIN_CURL.minor}.0 or newer is needed"
  fi
  offsite_key_id=$(cat "$${OFFSITE_ENV.accessKeyIdFile}") || offsite_fail "cannot read $${OFFSITE_ENV.accessKeyIdFile}"
  offsite_secret=$(cat "$${OFFSITE_ENV.secretAccessKeyFile}") || offsite_fail "cannot read $${OFFSITE_ENV.secretAccessKeyFile}"
  for offsite_value in "$offsite_key_id" "$offsite_secret"; do
    case $offsite_value in
      '' | *"$offsite_nl"* | *"$offsite_cr"* | *'"'* | *'\'*)
        offsite_fail "a credential file is empty or holds a line break, a double quote or a backslash" ;;
    esac
  done
  case $offsite_key_id in *:*) offsite_fail "the access key id holds a ':'" ;; esac
}
# The key pair reaches curl as a config file on its standard input, never as an argument;
# --disable (first) keeps a ~/.curlrc out of it.
offsite_curl() {
  printf 'user = "%s:%s"\n' "$offsite_key_id" "$offsite_secret" |
    curl --disable --config - --fail --silent --show-error --globoff --connect-timeout 20 --retry 3 --retry-delay 5 \
      --aws-sigv4 "aws:amz:$${OFFSITE_ENV.region}:s3" "$@"
}
offsite_url() {
  printf '%s/%s/%s%s' "$\{${OFFSITE_ENV.endpoint}%/}" "$${OFFSITE_ENV.bucket}" "$${OFFSITE_ENV.prefix}" "$1"
}
offsite_hex_to_base64() {
  offsite_hex=$1
  offsite_octal=
  while [ -n "$offsite_hex" ]; do
    offsite_octal="$offsite_octal$(printf '\\%03o' "0x$\{offsite_hex%"$\{offsite_hex#??}"}")"
    offsite_hex=$\{offsite_hex#??}
  done
  printf "$offsite_octal" | base64
}
offsite_put() {
  offsite_file=$1
  offsite_name=$2
  case $offsite_name in
    '' | *[!A-Za-z0-9._-]*) offsite_fail "object name '$offsite_name': letters, digits, '.', '_' and '-' only" ;;
  esac
  [ -f "$offsite_file" ] || offsite_fail "$offsite_file is not a file"
  offsite_size=$(wc -c < "$offsite_file") || offsite_fail "cannot read $offsite_file"
  offsite_size=$((offsite_size))
  if [ "$offsite_size" -gt ${OFFSITE_MAX_SINGLE_PUT_BYTES} ]; then
    offsite_fail "$offsite_file has $offsite_size bytes, more than one PUT may carry (5 GiB): it needs a multipart client"
  fi
  offsite_sha256=$(sha256sum < "$offsite_file") || offsite_fail "cannot hash $offsite_file"
  offsite_md5=$(md5sum < "$offsite_file") || offsite_fail "cannot hash $offsite_file"
  offsite_sha256=$\{offsite_sha256%% *}
  offsite_md5=$\{offsite_md5%% *}
  offsite_content_md5=$(offsite_hex_to_base64 "$offsite_md5")
  offsite_curl --upload-file "$offsite_file" --output /dev/null \
    --header "x-amz-content-sha256: $offsite_sha256" --header "Content-MD5: $offsite_content_md5" \
    "$(offsite_url "$offsite_name")" || offsite_fail "upload of $offsite_file to $${OFFSITE_ENV.bucket}/$${OFFSITE_ENV.prefix}$offsite_name failed"
  offsite_verify "$offsite_name" "$offsite_size" "$offsite_md5"
  echo "offsite: $${OFFSITE_ENV.bucket}/$${OFFSITE_ENV.prefix}$offsite_name stored and verified ($offsite_size bytes, MD5 $offsite_md5)"
}
offsite_verify() {
  offsite_headers=$(offsite_curl --head --header "x-amz-content-sha256: $offsite_empty_sha256" "$(offsite_url "$1")") ||
    offsite_fail "cannot read back $${OFFSITE_ENV.bucket}/$${OFFSITE_ENV.prefix}$1"
  offsite_headers=$(printf '%s\n' "$offsite_headers" | tr -d '\r' | tr 'A-Z' 'a-z')
  offsite_length=$(printf '%s\n' "$offsite_headers" | sed -n 's/^content-length:[[:space:]]*//p' | tail -n 1)
  offsite_etag=$(printf '%s\n' "$offsite_headers" | sed -n 's/^etag:[[:space:]]*//p' | tail -n 1 | tr -d '"')
  [ "$offsite_length" = "$2" ] || offsite_fail "read back $1: the store holds '$offsite_length' bytes, $2 were sent"
  [ "$offsite_etag" = "$3" ] ||
    offsite_fail "read back $1: ETag '$offsite_etag' is not the MD5 $3 of what was sent (SSE-KMS or SSE-C encryption also changes it)"
}`;
