#!/bin/sh
# electoral-collector: download a signed feed file, verify its detached OpenPGP signature
# against a pinned keyring and pinned signer fingerprints, and publish it atomically with a
# backup of every version, never older over newer and never a damaged live file.
#
# POSIX sh; runs under busybox ash (the image) and dash. Tools: curl, gpgv, openssl (sha256 only),
# flock, timeout and POSIX utilities that busybox also provides (awk, od, base64, ...).
# Only `flock -n FD` is used (busybox flock has no -w): the lock wait is a bounded retry loop.
#
# Environment (see README.md): FEED_SOURCE_URL, FEED_SIGNATURE_URL, FEED_TOKEN_FILE,
# FEED_KEYRING, FEED_SIGNER_FINGERPRINTS, FEED_PUBLISH_DIR, FEED_BACKUP_DIR, FEED_BACKUP_KEEP,
# FEED_FILE_NAME, FEED_WEBHOOK_URL_FILE, FEED_MAX_BYTES, FEED_TIMEOUT_SECONDS, FEED_RETRIES,
# FEED_RETRY_BASE_SECONDS, FEED_LOCK_WAIT_SECONDS, FEED_DEADLINE_SECONDS,
# FEED_MAX_CLOCK_SKEW_SECONDS, FEED_METRICS_FILE.
#
# Exit codes: 0 published, unchanged or repaired; 1 transient failure (network, 5xx/429 after
# retries, 404 on the file, lock busy, deadline, signal, a failed write); 2 rejected content (bad,
# missing, unpinned, future-dated, weak or malformed signature, replay, too large); 3
# configuration or authentication error, or replay state that cannot be recovered.
#
# State: the accepted version's status.json (sha256, signature time...) is the replay record,
# kept in both volumes: $FEED_PUBLISH_DIR/status.json (served) and $FEED_BACKUP_DIR/status.json.
# The newest readable one is the high-water mark; with neither, the newest backup whose
# signature verifies again; with nothing while a volume holds files, exit 3 (manual reset).
#
# Publish order (each step a rename of a complete, checked file in the same directory):
#   1. backup: staging dir (already holding file + .sig) gets status.json, then is renamed to
#      $FEED_BACKUP_DIR/<YYYYMMDDTHHMMSSZ>-<sha12>: a backup is whole or absent (and is removed
#      again if the run fails before step 4: a version never published leaves no backup);
#   2. live data file, 3. live .sig, 4. live status.json last; 5. the backup volume's record.
# status.json is the commit record: until it is renamed, it still describes the old version,
# so a reader comparing the data's sha256 with status.json detects a transition, and a run
# killed between renames leaves a state the next run repairs (the live file's sha256 differs
# from the record). Data before signature: a client that downloads the data and then its
# signature (the usual order) gets a mismatched pair only if both its requests fall in the few
# milliseconds between renames 2 and 3.

# Functions called only from traps look unreachable to shellcheck.
# shellcheck disable=SC2317
set -u
umask 022
LC_ALL=C
export LC_ALL
unset CDPATH GREP_OPTIONS 2>/dev/null

UA='electoral-collector/1'
CUR_STAGE=config
FEED_LABEL=${FEED_FILE_NAME:-unknown}
WEBHOOK_URL=
ALERT_TIMEOUT=5
SCRATCH=
STAGE_LOCK=
STAGE_DIR=
NEW_BACKUP=
REC_TMP=
HAVE_LOCK=0
CHILD=
SHA_PID=
IN_COMMIT=0
PENDING_SIG=
EXITING=0
PUBLISH_DIR=
WORK_DEADLINE=0
MAX_SIG_BYTES=65536
LIVE_SHA_PID=
T_DIR=
METHOD=
WEBHOOK_PROTO=https
# ---------------------------------------------------------------------------------------------
# Time, JSON and file helpers. A run's common path starts as few processes as it can (each costs
# milliseconds on a small node, and the run is measured against bare curl + gpgv): the clock, the
# calendar and plain JSON are shell arithmetic and expansions, and helpers set variables rather
# than print into a command substitution (a fork each).

# now: NOW = the time in epoch seconds. busybox ash (the image's shell) keeps it in EPOCHSECONDS
# and EPOCHREALTIME; other shells run date. clock_init trusts them only when EPOCHREALTIME moves
# between two readings: values inherited from the environment by a shell without them would not.
CLOCK_IN_SHELL=0
now() {
  # shellcheck disable=SC3028 # read only where clock_init saw the shell keep it
  if [ "$CLOCK_IN_SHELL" = 1 ]; then NOW=$EPOCHSECONDS; else NOW=$(date +%s); fi
}
clock_init() {
  # shellcheck disable=SC3028
  _ci_a=${EPOCHREALTIME:-} _ci_s=${EPOCHSECONDS:-}
  # shellcheck disable=SC3028
  _ci_b=${EPOCHREALTIME:-}
  case $_ci_s in
    '' | *[!0-9]*) ;;
    *) [ -n "$_ci_a" ] && [ "$_ci_a" != "$_ci_b" ] && [ "${_ci_a%%.*}" = "$_ci_s" ] && CLOCK_IN_SHELL=1 ;;
  esac
  now
}

# civil EPOCH: CIVIL = RFC 3339 UTC ("2026-12-06T17:12:29Z"), CIVIL_COMPACT = the backup-name form
# ("20261206T171229Z"). Days to civil date as in H. Hinnant's civil_from_days (EPOCH >= 0).
civil() {
  _c_s=$(($1 % 86400))
  _c_z=$(($1 / 86400 + 719468))
  _c_era=$((_c_z / 146097))
  _c_doe=$((_c_z - _c_era * 146097))
  _c_yoe=$(((_c_doe - _c_doe / 1460 + _c_doe / 36524 - _c_doe / 146096) / 365))
  _c_doy=$((_c_doe - (365 * _c_yoe + _c_yoe / 4 - _c_yoe / 100)))
  _c_mp=$(((5 * _c_doy + 2) / 153))
  _c_d=$((_c_doy - (153 * _c_mp + 2) / 5 + 1))
  _c_m=$((_c_mp < 10 ? _c_mp + 3 : _c_mp - 9))
  _c_y=$((_c_yoe + _c_era * 400 + (_c_m <= 2)))
  _c_h=$((_c_s / 3600)) _c_mi=$((_c_s % 3600 / 60)) _c_s=$((_c_s % 60))
  [ "$_c_m" -ge 10 ] || _c_m=0$_c_m
  [ "$_c_d" -ge 10 ] || _c_d=0$_c_d
  [ "$_c_h" -ge 10 ] || _c_h=0$_c_h
  [ "$_c_mi" -ge 10 ] || _c_mi=0$_c_mi
  [ "$_c_s" -ge 10 ] || _c_s=0$_c_s
  CIVIL=$_c_y-$_c_m-${_c_d}T$_c_h:$_c_mi:${_c_s}Z
  CIVIL_COMPACT=$_c_y$_c_m${_c_d}T$_c_h$_c_mi${_c_s}Z
}

# json KEY VALUE...: JSON = one object (a key starting with '#' marks an integer value). Printable
# ASCII without quote or backslash needs no escaping and is joined here; anything else goes
# through awk, which escapes per RFC 8259. Both give the same bytes for the same arguments.
JSON_AWK='
function esc(s,   out, i, c, n) {
  out = ""; n = length(s)
  for (i = 1; i <= n; i++) {
    c = substr(s, i, 1)
    if (c == "\\") out = out "\\\\"
    else if (c == "\"") out = out "\\\""
    else if (c in ctl) out = out ctl[c]
    else out = out c
  }
  return out
}
BEGIN {
  for (i = 1; i < 32; i++) ctl[sprintf("%c", i)] = sprintf("\\u%04x", i)
  ctl["\n"] = "\\n"; ctl["\t"] = "\\t"; ctl["\r"] = "\\r"; ctl[sprintf("%c", 127)] = "\\u007f"
  out = "{"
  for (i = 1; i + 1 < ARGC; i += 2) {
    k = ARGV[i]; v = ARGV[i + 1]
    if (substr(k, 1, 1) == "#") {
      k = substr(k, 2)
      if (v !~ /^(0|-?[1-9][0-9]*)$/) v = "\"" esc(v) "\""
    } else v = "\"" esc(v) "\""
    out = out (i > 1 ? "," : "") "\"" esc(k) "\":" v
  }
  print out "}"
  exit
}'
json() {
  for _j_a in "$@"; do
    case $_j_a in
      *[![:print:]]* | *\"* | *\\*)
        JSON=$(awk "$JSON_AWK" "$@")
        return 0
        ;;
    esac
  done
  JSON='{' _j_sep=''
  while [ $# -ge 2 ]; do
    _j_k=$1 _j_v=$2
    shift 2
    case $_j_k in
      '#'*)
        _j_k=${_j_k#?}
        case $_j_v in
          0) ;;
          '' | - | 0* | -0*) _j_v="\"$_j_v\"" ;;
          *)
            case ${_j_v#-} in
              *[!0-9]*) _j_v="\"$_j_v\"" ;;
            esac
            ;;
        esac
        ;;
      *) _j_v="\"$_j_v\"" ;;
    esac
    JSON="$JSON$_j_sep\"$_j_k\":$_j_v"
    _j_sep=,
  done
  JSON="$JSON}"
}

# ISO 8601 basic "YYYYMMDDTHHMMSS" (gpg's alternative status timestamp) -> epoch
AWK_ISO='
function iso_epoch(t,   y, m, d, hh, mi, ss, era, yoe, doy, doe) {
  y = substr(t, 1, 4) + 0; m = substr(t, 5, 2) + 0; d = substr(t, 7, 2) + 0
  hh = substr(t, 10, 2) + 0; mi = substr(t, 12, 2) + 0; ss = substr(t, 14, 2) + 0
  if (m <= 2) y--
  era = int(y / 400); yoe = y - era * 400
  doy = int((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1
  doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
  return (era * 146097 + doe - 719468) * 86400 + hh * 3600 + mi * 60 + ss
}'

log() { # level msg [key value]...
  _l_level=$1 _l_msg=$2
  shift 2
  now
  civil "$NOW"
  json ts "$CIVIL" level "$_l_level" stage "$CUR_STAGE" msg "$_l_msg" feed "$FEED_LABEL" "$@"
  printf '%s\n' "$JSON"
}

# File sizes come from metadata, one ls for all the files at hand (busybox wc -c reads the whole
# file). file_stat FILE: FILE_SIZE (0 when it cannot be read) and FILE_IDENTITY ("inode:size",
# for "has it been replaced since").
file_stat() {
  # shellcheck disable=SC2012,SC2046 # the name is ours and plain
  set -- $(ls -lni "$1" 2>/dev/null)
  FILE_SIZE=${6:-0} FILE_IDENTITY=${1:-}:${6:-}
}

# pair_sizes DIR: PAIR_DATA_SIZE and PAIR_SIG_SIZE, the sizes of DIR/$NAME and DIR/$NAME.sig from
# one ls; empty for a file that is missing.
pair_sizes() {
  _ps_dir=$1 PAIR_DATA_SIZE='' PAIR_SIG_SIZE=''
  # shellcheck disable=SC2012,SC2046 # the names are ours and plain; only sizes and names are read
  set -- $(ls -ln "$_ps_dir/$NAME" "$_ps_dir/$NAME.sig" 2>/dev/null)
  while [ $# -ge 9 ]; do
    case $9 in
      "$_ps_dir/$NAME") PAIR_DATA_SIZE=$5 ;;
      "$_ps_dir/$NAME.sig") PAIR_SIG_SIZE=$5 ;;
    esac
    shift 9
  done
}

# remove_present FILE...: rm for those that exist (dangling links too), no process when none does.
remove_present() {
  for _rp in "$@"; do
    if [ -e "$_rp" ] || [ -L "$_rp" ]; then rm -f "$@"; return; fi
  done
}

# sha256 of a file, printed as sha256sum does ("<hex> <name>"). openssl, because it uses the CPU's
# SHA instructions (x86 SHA-NI, ARMv8 crypto extensions): busybox's sha256sum has them only from
# 1.36 and only on x86, and without them takes 4x longer than gpgv's whole check of a large file.
sha256_file() { openssl dgst -sha256 -r "$1"; }

first_line() { # file -> its first line, bounded, without CR
  [ -f "$1" ] || return 0
  head -n 1 "$1" 2>/dev/null | tr -d '\r' | cut -c1-300
}

# ---------------------------------------------------------------------------------------------
# Metrics: the Prometheus text file at FEED_METRICS_FILE, the contract of
# lib/observability/feed-metrics.ts (renderFeedMetrics is the reference: same state, same bytes).
# Every exit writes it (a missing or old file makes the freshness alert fire): each stage's latest
# run and result (this run's stages replace the file's earlier ones, the others are kept), and
# from the live record (the publish volume's status.json) signed_at, published_at and the signer.
# Written to a temp file beside it, read back, then renamed: a reader never sees half a file.
METRICS_FILE=
METRICS_TMP=
METRICS_WRITTEN=0
M_RUN= # this run's "stage result epoch;" entries, latest last
# shellcheck disable=SC2016 # an awk program
AWK_METRICS='
function line(name, help) { printf "# HELP %s %s\n# TYPE %s gauge\n", name, help, name }
BEGIN {
  n = split("download verify compare publish offsite run", order, " ")
  for (i = 1; i <= n; i++) known[order[i]] = 1
  ok["success"] = ok["unchanged"] = ok["failure"] = 1
}
FILENAME == ARGV[1] {
  if (split($0, q, "\"") == 5 && q[1] == "electoral_feed_stage_last_run_timestamp_seconds{stage=" && q[3] == ",result=" &&
    q[5] ~ /^} [0-9]+$/ && (q[2] in known) && (q[4] in ok)) { res[q[2]] = q[4]; at[q[2]] = substr(q[5], 3) }
  next
}
FILENAME == ARGV[2] && FNR == 1 { rec = $0 }
function field(k,   s) {
  s = rec
  if (!match(s, "\"" k "\":\"[^\"]*\"")) return ""
  s = substr(s, RSTART + length(k) + 4, RLENGTH - length(k) - 5)
  return s
}
function epoch(t) {
  if (t !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z$/) return ""
  gsub(/[-:Z]/, "", t)
  return sprintf("%d", iso_epoch(t))
}
END {
  m = split(run, entries, ";")
  for (i = 1; i <= m; i++) if (split(entries[i], e, " ") == 3) { res[e[1]] = e[2]; at[e[1]] = e[3] }
  signed = epoch(field("signed_at")); published = epoch(field("published_at")); signer = field("signer")
  if (signer !~ /^[0-9A-F]+$/ || (length(signer) != 40 && length(signer) != 64)) signer = ""
  line("electoral_feed_published_signed_at_seconds", "signed_at of the published results file, in Unix seconds.")
  if (signed != "") print "electoral_feed_published_signed_at_seconds " signed
  line("electoral_feed_last_publish_timestamp_seconds", "Time the collector last replaced the published results file, in Unix seconds.")
  if (published != "") print "electoral_feed_last_publish_timestamp_seconds " published
  line("electoral_feed_stage_last_run_timestamp_seconds", \
    "Time each stage of the collector last ran, in Unix seconds; result is success, unchanged or failure.")
  for (i = 1; i <= n; i++) if (order[i] in res) {
    printf "electoral_feed_stage_last_run_timestamp_seconds{stage=\"%s\",result=\"%s\"} %s\n", order[i], res[order[i]], at[order[i]]
  }
  line("electoral_feed_signer_info", "Fingerprint of the OpenPGP key that signed the published results file (value always 1).")
  if (signer != "") print "electoral_feed_signer_info{fingerprint=\"" signer "\"} 1"
}'

mark() { # stage result: this run's latest result of a contract stage
  now
  M_RUN="$M_RUN$1 $2 $NOW;"
}

# The contract stage the current step belongs to (none for configuration and the lock).
contract_stage() {
  case $CUR_STAGE in
    download | verify | compare | publish | offsite) printf '%s' "$CUR_STAGE" ;;
    recover) printf compare ;;
  esac
}

# write_metrics RUN_RESULT: once per run; non-zero (logged) when the file could not be replaced.
write_metrics() {
  [ -n "$METRICS_FILE" ] && [ "$METRICS_WRITTEN" = 0 ] || return 0
  METRICS_WRITTEN=1
  mark run "$1"
  _wm_dir=${METRICS_FILE%/*}
  _wm_old=$METRICS_FILE
  [ -f "$_wm_old" ] || _wm_old=/dev/null
  _wm_rec=${PUBLISH_DIR:-${FEED_PUBLISH_DIR:-/nonexistent}}/status.json
  [ -f "$_wm_rec" ] || _wm_rec=/dev/null
  _wm_text=$(awk -v run="$M_RUN" "$AWK_ISO$AWK_METRICS" "$_wm_old" "$_wm_rec" 2>/dev/null) || _wm_text=
  if [ -z "$_wm_text" ]; then
    log error "cannot render the metrics file" path "$METRICS_FILE"
    return 1
  fi
  _wm_ok=0
  { [ -d "$_wm_dir" ] || mkdir -p "$_wm_dir"; } 2>/dev/null &&
    METRICS_TMP=$(mktemp "$_wm_dir/.tmp-collect-XXXXXX" 2>/dev/null) &&
    { printf '%s\n' "$_wm_text" >"$METRICS_TMP"; } 2>/dev/null &&
    [ "$(cat "$METRICS_TMP" 2>/dev/null)" = "$_wm_text" ] &&
    chmod 644 "$METRICS_TMP" 2>/dev/null && mv -f "$METRICS_TMP" "$METRICS_FILE" 2>/dev/null && METRICS_TMP= && _wm_ok=1
  if [ "$_wm_ok" = 0 ]; then
    [ -z "$METRICS_TMP" ] || rm -f "$METRICS_TMP"
    METRICS_TMP=
    log error "cannot write the metrics file (disk full?); the freshness alert will treat the feed as stale" path "$METRICS_FILE"
    return 1
  fi
  return 0
}

# ---------------------------------------------------------------------------------------------
# Alerting, failing, cleanup, signals.

alert() { # exit_code msg: POST {text, feed, stage, exit_code} to the webhook, if there is one
  [ -n "$WEBHOOK_URL" ] || return 0
  if [ "$1" = 0 ]; then
    _a_text="electoral-collector: feed $FEED_LABEL, stage $CUR_STAGE (run continues): $2"
  else
    _a_text="electoral-collector: feed $FEED_LABEL failed at stage $CUR_STAGE (exit $1): $2"
  fi
  json text "$_a_text" feed "$FEED_LABEL" stage "$CUR_STAGE" '#exit_code' "$1"
  _a_payload=$JSON
  # The webhook URL is a secret: it reaches curl through a config on stdin, never argv.
  printf 'url = "%s"\n' "$WEBHOOK_URL" |
    curl -q -sS --globoff --proto "=$WEBHOOK_PROTO" --tlsv1.2 -A "$UA" -K - -X POST \
      -H 'Content-Type: application/json' --data-binary "$_a_payload" \
      --connect-timeout "$ALERT_TIMEOUT" --max-time "$ALERT_TIMEOUT" \
      -o /dev/null -w '%{http_code}' >"$SCRATCH/webhook.code" 2>"$SCRATCH/webhook.err" 9>&- 8>&-
  _a_rc=$?
  _a_code=
  { read -r _a_code <"$SCRATCH/webhook.code"; } 2>/dev/null
  case "$_a_rc:$_a_code" in
    0:2??) log info "alert sent" '#http_status' "$_a_code" ;;
    *) log warn "alert could not be delivered" '#curl_exit' "$_a_rc" '#http_status' "${_a_code:-0}" \
      error "$(first_line "$SCRATCH/webhook.err")" ;;
  esac
  return 0
}

fail() { # exit_code msg [key value]...
  _f_code=$1 _f_msg=$2
  shift 2
  trap '' TERM INT HUP
  log error "$_f_msg" '#exit_code' "$_f_code" "$@"
  _f_stage=$(contract_stage)
  [ -z "$_f_stage" ] || mark "$_f_stage" failure
  write_metrics failure
  alert "$_f_code" "$_f_msg"
  exit "$_f_code"
}

stop_children() {
  for _s_pid in $CHILD $SHA_PID $LIVE_SHA_PID; do
    kill "$_s_pid" 2>/dev/null
    wait "$_s_pid" 2>/dev/null
  done
  CHILD='' SHA_PID='' LIVE_SHA_PID=''
}

cleanup() {
  [ "$EXITING" = 1 ] && return
  EXITING=1
  stop_children
  set --
  # A backup of a version that never went live is removed: it would pass for a published one.
  [ -n "$NEW_BACKUP" ] && set -- "$@" "$NEW_BACKUP"
  [ -n "$REC_TMP" ] && set -- "$@" "$REC_TMP"
  [ -n "$METRICS_TMP" ] && set -- "$@" "$METRICS_TMP"
  [ -n "$STAGE_DIR" ] && set -- "$@" "$STAGE_DIR"
  [ -n "$STAGE_LOCK" ] && set -- "$@" "$STAGE_LOCK"
  if [ "$HAVE_LOCK" = 1 ]; then
    # Holding the publish lock: every temp file in the publish directory is ours or a leftover.
    for _c_f in "$PUBLISH_DIR"/.tmp-collect-*; do
      [ -e "$_c_f" ] && set -- "$@" "$_c_f"
    done
  fi
  [ -n "$SCRATCH" ] && set -- "$@" "$SCRATCH"
  [ $# -eq 0 ] || rm -rf "$@"
}

on_signal() {
  if [ "$IN_COMMIT" = 1 ]; then
    PENDING_SIG=$1 # finish the three renames (milliseconds), then stop
    return
  fi
  trap '' TERM INT HUP
  stop_children
  fail 1 "terminated by SIG$1" signal "$1"
}

trap cleanup EXIT
trap 'on_signal TERM' TERM
trap 'on_signal INT' INT
trap 'on_signal HUP' HUP

# curl is always called with -q first: no ~/.curlrc.
# Run a command in the background and wait, so that a signal is handled at once (a trap does
# not run while a foreground command runs). fds 8 and 9 (locks) are not inherited.
run_waiting() {
  "$@" 8>&- 9>&- &
  CHILD=$!
  wait "$CHILD"
  _rw_rc=$?
  CHILD=
  return $_rw_rc
}

# run_waiting_to OUT ERR CMD...: the same with stdout and stderr in files. (Never redirect the
# call of a function that waits: a trap running meanwhile would inherit that redirection, and
# its log lines and alert would go to the file.)
run_waiting_to() {
  _rwt_out=$1 _rwt_err=$2
  shift 2
  "$@" >"$_rwt_out" 2>"$_rwt_err" 8>&- 9>&- &
  CHILD=$!
  wait "$CHILD"
  _rw_rc=$?
  CHILD=
  return $_rw_rc
}

# ---------------------------------------------------------------------------------------------
# Configuration.

# The metrics file first: every later exit, a failed configuration included, writes it.
case ${FEED_METRICS_FILE:-} in
  '') ;;
  /*[!/]) METRICS_FILE=$FEED_METRICS_FILE ;;
  *)
    log error "FEED_METRICS_FILE must be an absolute file path" path "$FEED_METRICS_FILE" '#exit_code' 3
    exit 3
    ;;
esac
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/.tmp-collect-XXXXXX" 2>/dev/null) || {
  SCRATCH=
  log error "cannot create a temporary directory in ${TMPDIR:-/tmp}" '#exit_code' 3
  write_metrics failure
  exit 3
}
# gpgv's home (holding no keys, so no default keyring) and curl's HOME: the scratch directory.
GNUPGHOME=$SCRATCH HOME=$SCRATCH
export GNUPGHOME HOME

# read_first_line FILE: FIRST_LINE = its first line without leading and trailing whitespace;
# non-zero if the file cannot be read.
read_first_line() {
  FIRST_LINE=
  [ -f "$1" ] || return 1
  { IFS= read -r FIRST_LINE <"$1" || [ -n "$FIRST_LINE" ]; } 2>/dev/null || {
    [ -s "$1" ] && return 1 # unreadable
  }
  FIRST_LINE=${FIRST_LINE#"${FIRST_LINE%%[![:space:]]*}"}
  FIRST_LINE=${FIRST_LINE%"${FIRST_LINE##*[![:space:]]}"}
  return 0
}

valid_url() { # http(s) URL made of visible ASCII, no quote or backslash
  case $1 in
    http://?* | https://?*) ;;
    *) return 1 ;;
  esac
  case $1 in
    *[!!-~]* | *\"* | *\\*) return 1 ;;
  esac
  return 0
}


# Transport: https, or plain http only to a loopback literal (127.0.0.0/8, [::1], localhost: the
# tests). URL_PROTO = the curl protocol for the URL; non-zero for any other http URL, which is
# then refused before a single byte is sent (it would carry the token or the webhook secret in
# clear).
url_proto() {
  URL_PROTO=
  case $1 in
    https://?*) URL_PROTO=https && return 0 ;;
    http://?*) ;;
    *) return 1 ;;
  esac
  _u_auth=${1#http://}
  _u_auth=${_u_auth%%[/?#]*}
  case $_u_auth in
    *@*) return 1 ;; # user info: the host would not be what it seems
    '[::1]' | '[::1]:'*) _u_host='[::1]' ;;
    *) _u_host=${_u_auth%%:*} ;;
  esac
  _u_port=${_u_auth#"$_u_host"}
  case $_u_port in
    '') ;;
    :*[!0-9]* | :) return 1 ;;
    :*) ;;
    *) return 1 ;;
  esac
  case $_u_host in
    localhost | '[::1]') URL_PROTO=http && return 0 ;;
    127.*.*.*) ;;
    *) return 1 ;;
  esac
  # Dotted decimal only (each 0-255, no leading zero): any other spelling may be a host name
  # that a resolver would look up elsewhere.
  _u_oldifs=$IFS
  IFS=.
  # shellcheck disable=SC2086 # split on dots
  set -- $_u_host
  IFS=$_u_oldifs
  [ $# -eq 4 ] || return 1
  for _u_o in "$@"; do
    case $_u_o in
      '' | *[!0-9]* | 0?*) return 1 ;;
    esac
    [ ${#_u_o} -le 3 ] && [ "$_u_o" -le 255 ] || return 1
  done
  URL_PROTO=http
}

# Webhook first, so that every later configuration error can alert.
if [ -n "${FEED_WEBHOOK_URL_FILE:-}" ]; then
  read_first_line "$FEED_WEBHOOK_URL_FILE" ||
    fail 3 "FEED_WEBHOOK_URL_FILE is not a readable file" path "$FEED_WEBHOOK_URL_FILE"
  _w=$FIRST_LINE
  valid_url "$_w" ||
    fail 3 "FEED_WEBHOOK_URL_FILE does not hold an http(s) URL on its first line" path "$FEED_WEBHOOK_URL_FILE"
  url_proto "$_w" ||
    fail 3 "FEED_WEBHOOK_URL_FILE holds a plain http URL to a host other than 127.0.0.0/8, [::1] or localhost: https is required" \
      path "$FEED_WEBHOOK_URL_FILE"
  WEBHOOK_PROTO=$URL_PROTO WEBHOOK_URL=$_w
fi

# The tools beyond busybox's POSIX utilities (command -v is a builtin: no process): one missing
# is a broken image, a configuration error before any request.
for _tool in curl gpgv openssl flock timeout; do
  command -v "$_tool" >/dev/null 2>&1 || fail 3 "$_tool is not installed; the image provides it" tool "$_tool"
done

[ -n "${FEED_SOURCE_URL:-}" ] || fail 3 "FEED_SOURCE_URL is required"
valid_url "$FEED_SOURCE_URL" || fail 3 "FEED_SOURCE_URL must be an http(s) URL without spaces or quotes" url "$FEED_SOURCE_URL"
FEED_SIGNATURE_URL=${FEED_SIGNATURE_URL:-$FEED_SOURCE_URL.sig}
valid_url "$FEED_SIGNATURE_URL" || fail 3 "FEED_SIGNATURE_URL must be an http(s) URL without spaces or quotes" url "$FEED_SIGNATURE_URL"
url_proto "$FEED_SOURCE_URL" ||
  fail 3 "FEED_SOURCE_URL must be https (plain http only to 127.0.0.0/8, [::1] or localhost); nothing was sent" url "$FEED_SOURCE_URL"
SOURCE_PROTO=$URL_PROTO
url_proto "$FEED_SIGNATURE_URL" ||
  fail 3 "FEED_SIGNATURE_URL must be https (plain http only to 127.0.0.0/8, [::1] or localhost); nothing was sent" url "$FEED_SIGNATURE_URL"
SIGNATURE_PROTO=$URL_PROTO

# Pinned signers: primary-key fingerprints, 40 hex digits, separated by commas and/or spaces.
[ -n "${FEED_SIGNER_FINGERPRINTS:-}" ] ||
  fail 3 "FEED_SIGNER_FINGERPRINTS is required (the publisher's primary-key fingerprints, 40 hex digits each)"
PINS=
_fps=$FEED_SIGNER_FINGERPRINTS
case $_fps in
  *[a-f]*) _fps=$(printf '%s' "$_fps" | tr 'a-f' 'A-F') ;; # gpgv prints upper case
esac
_ifs=$IFS
IFS=",$_ifs"
set -f
# shellcheck disable=SC2086 # split on commas and white space
set -- $_fps
IFS=$_ifs
for _fp in "$@"; do
  [ -n "$_fp" ] || continue # between two commas
  case $_fp in
    *[!0-9A-F]*) _fp_ok=0 ;;
    *) _fp_ok=1 ;;
  esac
  { [ "$_fp_ok" = 1 ] && [ ${#_fp} -eq 40 ]; } ||
    fail 3 "FEED_SIGNER_FINGERPRINTS holds something that is not a 40-hex-digit fingerprint" value "$_fp"
  PINS="$PINS $_fp "
done
set +f
[ -n "$PINS" ] || fail 3 "FEED_SIGNER_FINGERPRINTS holds no fingerprint"
if [ -z "${FEED_FILE_NAME:-}" ]; then
  _p=${FEED_SOURCE_URL#*://}
  _p=${_p%%\#*}
  _p=${_p%%\?*}
  case $_p in
    */*) FEED_FILE_NAME=${_p##*/} ;;
    *) FEED_FILE_NAME= ;;
  esac
  [ -n "$FEED_FILE_NAME" ] || fail 3 "cannot derive FEED_FILE_NAME from FEED_SOURCE_URL (no path segment): set FEED_FILE_NAME"
fi
FEED_LABEL=$FEED_FILE_NAME
case $FEED_FILE_NAME in
  .* | */* | status.json | *[!A-Za-z0-9._~+@%=,-]*)
    fail 3 "FEED_FILE_NAME must be a plain file name (letters, digits, . _ ~ + @ % = , -), not starting with '.', not status.json" name "$FEED_FILE_NAME" ;;
esac
[ ${#FEED_FILE_NAME} -le 200 ] || fail 3 "FEED_FILE_NAME is longer than 200 characters"

check_int() { # NAME VALUE MIN
  case $2 in
    '' | *[!0-9]*) fail 3 "$1 must be an integer >= $3" variable "$1" value "$2" ;;
  esac
  case $2 in
    0?*) fail 3 "$1 must be an integer >= $3 without leading zeros" variable "$1" value "$2" ;;
  esac
  [ ${#2} -le 12 ] || fail 3 "$1 is too large" variable "$1" value "$2"
  [ "$2" -ge "$3" ] || fail 3 "$1 must be an integer >= $3" variable "$1" value "$2"
}
FEED_BACKUP_KEEP=${FEED_BACKUP_KEEP:-48}
FEED_MAX_BYTES=${FEED_MAX_BYTES:-268435456}
FEED_TIMEOUT_SECONDS=${FEED_TIMEOUT_SECONDS:-60}
FEED_RETRIES=${FEED_RETRIES:-3}
FEED_RETRY_BASE_SECONDS=${FEED_RETRY_BASE_SECONDS:-2}
FEED_LOCK_WAIT_SECONDS=${FEED_LOCK_WAIT_SECONDS:-30}
FEED_DEADLINE_SECONDS=${FEED_DEADLINE_SECONDS:-240}
FEED_MAX_CLOCK_SKEW_SECONDS=${FEED_MAX_CLOCK_SKEW_SECONDS:-300}
check_int FEED_BACKUP_KEEP "$FEED_BACKUP_KEEP" 1
check_int FEED_MAX_BYTES "$FEED_MAX_BYTES" 1
check_int FEED_TIMEOUT_SECONDS "$FEED_TIMEOUT_SECONDS" 1
check_int FEED_RETRIES "$FEED_RETRIES" 0 # 0 = no retry
check_int FEED_RETRY_BASE_SECONDS "$FEED_RETRY_BASE_SECONDS" 1
check_int FEED_LOCK_WAIT_SECONDS "$FEED_LOCK_WAIT_SECONDS" 1
check_int FEED_DEADLINE_SECONDS "$FEED_DEADLINE_SECONDS" 1
check_int FEED_MAX_CLOCK_SKEW_SECONDS "$FEED_MAX_CLOCK_SKEW_SECONDS" 0

clock_init
START=$NOW
# Keep time for the alert inside the deadline: the run, alert included, ends within it.
if [ -n "$WEBHOOK_URL" ]; then
  ALERT_TIMEOUT=$((FEED_DEADLINE_SECONDS / 5))
  [ "$ALERT_TIMEOUT" -le 5 ] || ALERT_TIMEOUT=5
  [ "$ALERT_TIMEOUT" -ge 1 ] || ALERT_TIMEOUT=1
  WORK_DEADLINE=$((START + FEED_DEADLINE_SECONDS - ALERT_TIMEOUT))
else
  WORK_DEADLINE=$((START + FEED_DEADLINE_SECONDS))
fi

[ -n "${FEED_TOKEN_FILE:-}" ] || fail 3 "FEED_TOKEN_FILE is required"
read_first_line "$FEED_TOKEN_FILE" || fail 3 "FEED_TOKEN_FILE is not a readable file" path "$FEED_TOKEN_FILE"
TOKEN=$FIRST_LINE
[ -n "$TOKEN" ] || fail 3 "FEED_TOKEN_FILE is empty" path "$FEED_TOKEN_FILE"
case $TOKEN in
  *[!!-~]*) fail 3 "the token in FEED_TOKEN_FILE contains spaces or control characters" path "$FEED_TOKEN_FILE" ;;
esac

[ -n "${FEED_KEYRING:-}" ] || fail 3 "FEED_KEYRING is required"
case $FEED_KEYRING in
  /*) KEYRING=$FEED_KEYRING ;;
  *) KEYRING=$PWD/$FEED_KEYRING ;; # gpgv reads a name without a slash from its home: never
esac
[ -f "$KEYRING" ] || fail 3 "FEED_KEYRING is not a readable file" path "$FEED_KEYRING"
_kb_words=$(od -An -tx1 -N16 "$KEYRING" 2>/dev/null)
_kb=
for _kb_w in $_kb_words; do _kb=$_kb$_kb_w; done # join the hex bytes
[ -n "$_kb" ] || fail 3 "FEED_KEYRING is empty or unreadable" path "$FEED_KEYRING"
case $_kb in
  [89abcdef]*) ;;             # an OpenPGP packet (public key) as written by gpg --export
  ????????????????4b425866*) ;; # a keybox (.kbx): "KBXf" at offset 8
  2d2d2d2d2d424547494e20504750* | *2d2d2d2d2d424547494e*) # "-----BEGIN PGP", "-----BEGIN"
    fail 3 "FEED_KEYRING is ASCII-armored; gpgv needs a binary keyring (gpg --export, or gpg --dearmor the armored file)" path "$FEED_KEYRING" ;;
  *) fail 3 "FEED_KEYRING is not a binary OpenPGP keyring (gpg --export writes one)" path "$FEED_KEYRING" ;;
esac

[ -n "${FEED_PUBLISH_DIR:-}" ] || fail 3 "FEED_PUBLISH_DIR is required"
[ -n "${FEED_BACKUP_DIR:-}" ] || fail 3 "FEED_BACKUP_DIR is required"
[ -d "$FEED_PUBLISH_DIR" ] || fail 3 "FEED_PUBLISH_DIR is not a directory" path "$FEED_PUBLISH_DIR"
[ -d "$FEED_BACKUP_DIR" ] || fail 3 "FEED_BACKUP_DIR is not a directory" path "$FEED_BACKUP_DIR"
PUBLISH_DIR=${FEED_PUBLISH_DIR%/}
BACKUP_DIR=${FEED_BACKUP_DIR%/}
PUBLISH_DIR=${PUBLISH_DIR:-/}
BACKUP_DIR=${BACKUP_DIR:-/}
# Physical paths, with cd and PWD (builtins) rather than $(pwd -P) subshells.
_here=$PWD
if ! { cd -P -- "$PUBLISH_DIR" && _pd=$PWD && cd -- "$_here" && cd -P -- "$BACKUP_DIR" && _bd=$PWD && cd -- "$_here"; }; then
  fail 3 "FEED_PUBLISH_DIR or FEED_BACKUP_DIR cannot be entered" publish_dir "$PUBLISH_DIR" backup_dir "$BACKUP_DIR"
fi
[ "$_pd" != "$_bd" ] || fail 3 "FEED_BACKUP_DIR must differ from FEED_PUBLISH_DIR (backups are not served)"

NAME=$FEED_FILE_NAME
LOCK_FILE=$PUBLISH_DIR/.collector.lock

# Off-cluster copies of the backups (lib/offsite's variables), on when OFFSITE_ENDPOINT is set.
OFFSITE=0
OFFSITE_TARGET=
if [ -n "${OFFSITE_ENDPOINT:-}" ]; then
  for _ov in OFFSITE_BUCKET OFFSITE_REGION OFFSITE_ACCESS_KEY_ID_FILE OFFSITE_ACCESS_KEY_FILE; do
    eval "_ovv=\${$_ov:-}"
    [ -n "$_ovv" ] || fail 3 "$_ov is required with OFFSITE_ENDPOINT" variable "$_ov"
  done
  if ! valid_url "$OFFSITE_ENDPOINT" || ! url_proto "$OFFSITE_ENDPOINT"; then
    fail 3 "OFFSITE_ENDPOINT must be https (plain http only to 127.0.0.0/8, [::1] or localhost)" url "$OFFSITE_ENDPOINT"
  fi
  for _ov in "$OFFSITE_ACCESS_KEY_ID_FILE" "$OFFSITE_ACCESS_KEY_FILE"; do
    [ -f "$_ov" ] || fail 3 "an off-site credential file is not a readable file" path "$_ov"
  done
  OFFSITE_TARGET=${OFFSITE_ENDPOINT%/}/$OFFSITE_BUCKET/${OFFSITE_PREFIX:-}
  OFFSITE=1
fi

# Open the publish lock now (without taking it): this proves the publish directory writable
# before any request is made.
{ command exec 9>>"$LOCK_FILE"; } 2>/dev/null ||
  fail 3 "publish directory is not writable (cannot open $LOCK_FILE)" path "$PUBLISH_DIR"

# Staging area in the backup directory, so that the backup is a rename of what was downloaded.
# Its liveness is a flock held on <stage>, the data lives in <stage>.d; the cleaner of a later
# run removes a stage only when it can take that lock (its owner is gone). Lock files are opened
# read-write, like the publish lock: on NFS (EFS) flock becomes a POSIX lock, which needs a
# writable descriptor.
make_stage() {
  _m_n=0
  while [ $_m_n -lt 5 ]; do
    _m_n=$((_m_n + 1))
    STAGE_LOCK=$(mktemp "$BACKUP_DIR/.tmp-collect-XXXXXX" 2>/dev/null) || {
      STAGE_LOCK=
      fail 3 "backup directory is not writable" path "$BACKUP_DIR"
    }
    if { command exec 8<>"$STAGE_LOCK"; } 2>/dev/null && flock -n 8 && [ -e "$STAGE_LOCK" ]; then
      STAGE_DIR=$STAGE_LOCK.d
      mkdir "$STAGE_DIR" 2>/dev/null || fail 3 "backup directory is not writable" path "$BACKUP_DIR"
      return 0
    fi
    # A concurrent cleaner removed it between mktemp and flock: take another name.
    exec 8<&-
    rm -f "$STAGE_LOCK"
  done
  fail 1 "could not create a staging directory in the backup directory"
}
make_stage

log info "starting" source "$FEED_SOURCE_URL" signature_url "$FEED_SIGNATURE_URL" \
  '#max_bytes' "$FEED_MAX_BYTES" '#deadline_seconds' "$FEED_DEADLINE_SECONDS"

# ---------------------------------------------------------------------------------------------
# Download.


# download KIND URL PROTO OUT MAX_BYTES [HEADERS]: returns on success (HTTP 200, size within
# bound, the whole body on disk); every other outcome ends the run with the exit code the
# contract gives it. With HEADERS, the first attempt was already made (fetch_both): its curl exit
# status is FIRST_RC, its "http_code size" line is in $SCRATCH/code and its headers in HEADERS.
download() {
  _d_kind=$1 _d_url=$2 _d_proto=$3 _d_out=$4 _d_max=$5 _d_headers=${6:-}
  _d_attempt=0
  while :; do
    _d_attempt=$((_d_attempt + 1))
    if [ "$_d_attempt" = 1 ] && [ -n "$_d_headers" ]; then
      _d_rc=$FIRST_RC
    else
      _d_headers=$SCRATCH/headers
      download_attempt
    fi
    download_judge && return 0
    # Transient: retry with exponential backoff or the server's Retry-After, within the deadline.
    download_wait
  done
}

# One request for the current download (download's variables), its outcome in _d_rc,
# $SCRATCH/code and $SCRATCH/headers.
download_attempt() {
  now
  _d_left=$((WORK_DEADLINE - NOW))
  [ "$_d_left" -ge 1 ] || fail 1 "deadline reached before the $_d_kind download" '#attempt' "$_d_attempt"
  _d_mt=$FEED_TIMEOUT_SECONDS
  [ "$_d_mt" -le "$_d_left" ] || _d_mt=$_d_left
  _d_ct=10
  [ "$_d_ct" -le "$_d_mt" ] || _d_ct=$_d_mt
  # No stale Retry-After from an earlier attempt (curl creates this file only on a response).
  { true >"$SCRATCH/headers"; } 2>/dev/null
  remove_present "$_d_out"
  # The token reaches curl on stdin (-H @-), from a here-document (a pipe in dash and busybox
  # ash for so short a text, and no process of its own): never in argv, never in a file.
  curl -q -sS --globoff --proto "=$_d_proto" --tlsv1.2 -A "$UA" -H @- \
    --connect-timeout "$_d_ct" --max-time "$_d_mt" --max-filesize "$_d_max" \
    -D "$SCRATCH/headers" -o "$_d_out" -w '%{http_code} %{size_download}' --url "$_d_url" \
    >"$SCRATCH/code" 2>"$SCRATCH/curl.err" 8>&- 9>&- <<END_OF_HEADER &
Authorization: Bearer $TOKEN
END_OF_HEADER
  CHILD=$!
  wait "$CHILD"
  _d_rc=$?
  CHILD=
}

# The outcome of the current attempt: 0 when the download is done; otherwise the run ends here
# (fail), or _d_why says why another attempt is worth it.
download_judge() {
  _d_http='' _d_bytes=''
  { read -r _d_http _d_bytes <"$SCRATCH/code"; } 2>/dev/null
  case $_d_http in
    [0-9][0-9][0-9]) ;;
    *) _d_http=000 ;;
  esac
  # The written size (curl counts the body bytes it wrote): --max-filesize cannot refuse a
  # chunked body up front (nor stop it before curl 8.4).
  case $_d_bytes in
    '' | *[!0-9]*) _d_bytes=0 ;;
  esac
  if [ "$_d_rc:$_d_http" = 0:200 ] && [ ! -f "$_d_out" ]; then
    { true >"$_d_out"; } 2>/dev/null # an empty body creates no file
  fi
  _d_err=
  [ "$_d_rc" = 0 ] || _d_err=$(first_line "$SCRATCH/curl.err")
  _d_why=
  case $_d_rc in
    0)
      case $_d_http in
        200)
          [ "$_d_bytes" -le "$_d_max" ] ||
            fail 2 "$_d_kind is larger than $_d_max bytes" '#http_status' 200 '#bytes' "$_d_bytes" '#attempt' "$_d_attempt"
          log info "$_d_kind downloaded" '#http_status' 200 '#bytes' "$_d_bytes" '#attempt' "$_d_attempt"
          DL_BYTES=$_d_bytes
          return 0
          ;;
        401 | 403)
          fail 3 "authentication refused for the $_d_kind (HTTP $_d_http); no further request" \
            '#http_status' "$_d_http" '#attempt' "$_d_attempt"
          ;;
        404)
          if [ "$_d_kind" = signature ]; then
            fail 2 "signature missing (HTTP 404)" '#http_status' 404 url "$_d_url"
          fi
          fail 1 "$_d_kind not found (HTTP 404)" '#http_status' 404 url "$_d_url"
          ;;
        408 | 429 | 5??) _d_why="HTTP $_d_http" ;;
        *) fail 1 "unexpected HTTP status $_d_http for the $_d_kind" '#http_status' "$_d_http" ;;
      esac
      ;;
    63) fail 2 "$_d_kind is larger than $_d_max bytes" '#curl_exit' 63 '#http_status' "$_d_http" ;;
    1 | 3) fail 3 "curl cannot use the $_d_kind URL: $_d_err" '#curl_exit' "$_d_rc" url "$_d_url" ;;
    23) fail 1 "cannot write the $_d_kind into the backup volume (disk full?); nothing changed" '#curl_exit' 23 error "$_d_err" ;;
    18) _d_why="body shorter than its Content-Length (curl exit 18)" ;;
    28) _d_why="timed out (curl exit 28)" ;;
    *) _d_why="curl exit $_d_rc: $_d_err" ;;
  esac
  return 1
}

# Before another attempt: the backoff, or the server's Retry-After, within the deadline.
download_wait() {
  if [ "$_d_attempt" -gt "$FEED_RETRIES" ]; then
    fail 1 "$_d_kind download failed after $_d_attempt attempts: $_d_why" \
      '#attempt' "$_d_attempt" '#http_status' "$_d_http" '#curl_exit' "$_d_rc"
  fi
  _d_wait=$FEED_RETRY_BASE_SECONDS
  _d_i=1
  while [ "$_d_i" -lt "$_d_attempt" ] && [ "$_d_wait" -lt 3600 ]; do
    _d_wait=$((_d_wait * 2))
    _d_i=$((_d_i + 1))
  done
  _d_ra=
  if [ -f "$_d_headers" ]; then
    _d_ra=$(tr -d '\r' <"$_d_headers" |
      sed -n 's/^[Rr][Ee][Tt][Rr][Yy]-[Aa][Ff][Tt][Ee][Rr]:[[:space:]]*\([0-9][0-9]*\)[[:space:]]*$/\1/p' | tail -n 1)
  fi
  if [ -n "$_d_ra" ]; then
    _d_ra=${_d_ra#"${_d_ra%%[!0]*}"}
    [ ${#_d_ra} -le 7 ] || _d_ra=9999999
    _d_wait=${_d_ra:-0}
  fi
  now
  _d_left=$((WORK_DEADLINE - NOW))
  if [ $((_d_wait + 1)) -gt "$_d_left" ]; then
    fail 1 "$_d_kind download failed ($_d_why); waiting ${_d_wait}s for another attempt would pass the deadline" \
      '#attempt' "$_d_attempt" '#wait_seconds' "$_d_wait" '#http_status' "$_d_http"
  fi
  log warn "$_d_kind download failed, retrying" reason "$_d_why" '#attempt' "$_d_attempt" \
    '#http_status' "$_d_http" '#curl_exit' "$_d_rc" '#wait_seconds' "$_d_wait" \
    retry_after "${_d_ra:+yes}"
  run_waiting sleep "$_d_wait"
}

# The first attempt of both downloads in one curl process and, keep-alive, one connection (curl
# is the heaviest program a run starts; over https this also saves a TLS handshake): file, then
# signature, with --fail-early so that a file that is not a 200 is never followed by the
# signature request (a 3xx is not a failure to curl: the signature is then requested too, and the
# file's 3xx still ends the run; so does an oversized chunked body, which curl before 8.4 cannot
# stop). Each transfer's outcome is then judged by download as its first attempt. Sets
# FB_FILE_RC and FB_FILE_LINE, FB_SIG_RC and FB_SIG_LINE ("" when not requested); non-zero when
# the pair was not tried (too little time left for two transfers of FEED_TIMEOUT_SECONDS each,
# or no /dev/fd), and download makes every attempt itself.
fetch_both() {
  [ -d /dev/fd ] || return 1
  now
  [ $((WORK_DEADLINE - NOW)) -ge $((2 * FEED_TIMEOUT_SECONDS)) ] || return 1
  _fb_ct=10
  [ "$_fb_ct" -le "$FEED_TIMEOUT_SECONDS" ] || _fb_ct=$FEED_TIMEOUT_SECONDS
  { true >"$SCRATCH/headers" && true >"$SCRATCH/headers.sig"; } 2>/dev/null
  remove_present "$STAGE_DIR/$NAME" "$STAGE_DIR/$NAME.sig"
  # The token reaches curl on fds 3 and 4 (here-documents: pipes), one header for each transfer
  # (--next resets them): never in argv, never in a file.
  curl -q -sS --globoff --fail-early \
    --fail --proto "=$SOURCE_PROTO" --tlsv1.2 -A "$UA" -H @/dev/fd/3 \
    --connect-timeout "$_fb_ct" --max-time "$FEED_TIMEOUT_SECONDS" --max-filesize "$FEED_MAX_BYTES" \
    -D "$SCRATCH/headers" -o "$STAGE_DIR/$NAME" -w '%{http_code} %{size_download} %{exitcode}\n' --url "$FEED_SOURCE_URL" \
    --next -sS --globoff \
    --fail --proto "=$SIGNATURE_PROTO" --tlsv1.2 -A "$UA" -H @/dev/fd/4 \
    --connect-timeout "$_fb_ct" --max-time "$FEED_TIMEOUT_SECONDS" --max-filesize $((2 * MAX_SIG_BYTES)) \
    -D "$SCRATCH/headers.sig" -o "$STAGE_DIR/$NAME.sig" -w '%{http_code} %{size_download} %{exitcode}\n' --url "$FEED_SIGNATURE_URL" \
    >"$SCRATCH/code.both" 2>"$SCRATCH/curl.err" 8>&- 9>&- 3<<END_OF_FILE_HEADER 4<<END_OF_SIGNATURE_HEADER &
Authorization: Bearer $TOKEN
END_OF_FILE_HEADER
Authorization: Bearer $TOKEN
END_OF_SIGNATURE_HEADER
  CHILD=$!
  wait "$CHILD"
  CHILD=
  _fb_file='' _fb_sig=''
  { read -r _fb_file; read -r _fb_sig; } <"$SCRATCH/code.both" 2>/dev/null
  fb_outcome "$_fb_file" || return 1 # no transfer reported (curl could not start): download does it all
  FB_FILE_RC=$FB_RC FB_FILE_LINE=$FB_LINE
  FB_SIG_RC='' FB_SIG_LINE=''
  if fb_outcome "$_fb_sig"; then
    FB_SIG_RC=$FB_RC FB_SIG_LINE=$FB_LINE
  fi
  return 0
}

# fb_outcome LINE: one transfer's "http_code size_download exitcode" line from fetch_both ->
# FB_LINE ("http_code size_download", as download reads it) and FB_RC, curl's exit status for
# that transfer (--fail's 22, an HTTP error, is the 0 that download judges by the status code);
# non-zero when LINE is not such a line.
fb_outcome() {
  # shellcheck disable=SC2086 # three words
  set -- $1
  [ $# -eq 3 ] || return 1
  case $1:$2:$3 in
    *[!0-9:]* | :* | *::* | *:) return 1 ;;
  esac
  FB_LINE="$1 $2" FB_RC=$3
  [ "$FB_RC" != 22 ] || FB_RC=0
  return 0
}

fetch_pair() {
  CUR_STAGE=download
  _fp_file_headers='' _fp_sig_headers=''
  if fetch_both; then
    FIRST_RC=$FB_FILE_RC _fp_file_headers=$SCRATCH/headers
    printf '%s\n' "$FB_FILE_LINE" >"$SCRATCH/code"
  fi
  download file "$FEED_SOURCE_URL" "$SOURCE_PROTO" "$STAGE_DIR/$NAME" "$FEED_MAX_BYTES" "$_fp_file_headers"
  BYTES=$DL_BYTES
  if [ -n "$_fp_file_headers" ] && [ -n "$FB_SIG_RC" ]; then
    FIRST_RC=$FB_SIG_RC _fp_sig_headers=$SCRATCH/headers.sig
    printf '%s\n' "$FB_SIG_LINE" >"$SCRATCH/code"
  fi
  # 2x the binary limit: room for ASCII armor (4/3 and line breaks); checked again once dearmored.
  download signature "$FEED_SIGNATURE_URL" "$SIGNATURE_PROTO" "$STAGE_DIR/$NAME.sig" $((2 * MAX_SIG_BYTES)) "$_fp_sig_headers"
  SIG_BYTES=$DL_BYTES
  # Every byte curl received is on disk (a full volume can leave a short file behind a transfer
  # curl reports whole).
  pair_sizes "$STAGE_DIR"
  [ "$PAIR_DATA_SIZE" = "$BYTES" ] ||
    fail 1 "cannot write the file into the backup volume (disk full?); nothing changed" '#bytes' "$BYTES" '#written' "${PAIR_DATA_SIZE:-0}"
  [ "$PAIR_SIG_SIZE" = "$SIG_BYTES" ] ||
    fail 1 "cannot write the signature into the backup volume (disk full?); nothing changed" '#bytes' "$SIG_BYTES" '#written' "${PAIR_SIG_SIZE:-0}"
  mark download success
}

# ---------------------------------------------------------------------------------------------
# Records: status.json, one line of JSON written by this script, in either volume.

# read_record FILE: sets R_LINE, R_SHA, R_SIGNED_AT; non-zero when missing or unreadable.
read_record() {
  R_LINE='' R_SHA='' R_SIGNED_AT=''
  [ -f "$1" ] || return 1
  { IFS= read -r R_LINE <"$1"; } 2>/dev/null
  case $R_LINE in
    '{'*'}') ;;
    *) return 1 ;;
  esac
  json_field "$R_LINE" sha256
  R_SHA=$JSON_FIELD
  json_field "$R_LINE" signed_at
  R_SIGNED_AT=$JSON_FIELD
  case $R_SHA in
    *[!0-9a-f]* | '') return 1 ;;
  esac
  [ ${#R_SHA} -eq 64 ] || return 1
  case $R_SIGNED_AT in
    [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z) ;;
    *) return 1 ;;
  esac
  return 0
}

# write_checked FILE LINE: writes the line, then reads it back (a full volume may leave a short
# or empty file behind a tool that reports success); non-zero unless the file holds exactly it.
write_checked() {
  case $2 in
    '{'*'}') ;;
    *) return 1 ;;
  esac
  { printf '%s\n' "$2" >"$1"; } 2>/dev/null || return 1
  _wc_back=
  { IFS= read -r _wc_back <"$1"; } 2>/dev/null || return 1 # no newline: a short file
  [ "$_wc_back" = "$2" ]
}

# The backup volume's record is replaced through REC_TMP, a temp name derived from this run's
# stage lock (unique, and written only while holding the publish lock, under which alone the
# cleaner runs), created with the umask's 0644. cleanup removes it if the run ends before the
# rename. write_backup_record_tmp LINE: written and checked; rename_backup_record: into place.
write_backup_record_tmp() {
  REC_TMP=$STAGE_LOCK.rec
  write_checked "$REC_TMP" "$1"
}
rename_backup_record() {
  mv -f "$REC_TMP" "$BACKUP_DIR/status.json" && REC_TMP=
}

# Does DIR hold anything but lost+found, the lock file, the collector's temp entries and the
# metrics file (or the directory holding it): none of them is a published version.
holds_state() {
  for _hs in "$1"/* "$1"/.[!.]* "$1"/..?*; do
    [ -e "$_hs" ] || [ -L "$_hs" ] || continue
    case ${_hs##*/} in
      lost+found | .collector.lock | .tmp-collect-*) continue ;;
    esac
    case $METRICS_FILE in
      "$_hs" | "$_hs"/*) continue ;;
    esac
    return 0
  done
  return 1
}

BACKUP_GLOB='[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]Z-*'

# Neither volume has a readable record: the newest backup (by the signature time its status.json
# claims; the signature itself decides) whose signature verifies again, with pinned signer, strong
# hash and a sane date, and whose data matches the sha256 computed now. Sets HW_*.
recover_from_backups() {
  CUR_STAGE=recover
  : >"$SCRATCH/candidates"
  for _rb in "$BACKUP_DIR"/$BACKUP_GLOB; do
    [ -d "$_rb" ] || continue
    _rb_key=0
    read_record "$_rb/status.json" && digits "$R_SIGNED_AT" && _rb_key=$DIGITS
    printf '%s %s\n' "$_rb_key" "$_rb" >>"$SCRATCH/candidates"
  done
  sort -rn "$SCRATCH/candidates" >"$SCRATCH/candidates.sorted"
  while read -r _rb_key _rb; do
    { [ -f "$_rb/$NAME" ] && [ -f "$_rb/$NAME.sig" ]; } || continue
    if ! check_signature_file "$_rb/$NAME.sig"; then
      log warn "backup not usable for recovery" backup "$_rb" reason "$SIG_WHY"
      continue
    fi
    sha256_file "$_rb/$NAME" >"$SCRATCH/backup.sha" 2>/dev/null 8>&- 9>&- &
    SHA_PID=$!
    run_gpgv "$SIG_BIN" "$_rb/$NAME"
    _rb_ok=$?
    wait "$SHA_PID"
    SHA_PID=
    _rb_sha=
    read_digest "$SCRATCH/backup.sha" && _rb_sha=$DIGEST
    if [ "$_rb_ok" = 0 ] && acceptable_signature && [ -n "$_rb_sha" ]; then
      HW_SHA=$_rb_sha HW_SIGNED_AT=$G_SIGNED_AT HW_FROM=$_rb
      log warn "no readable record in either volume: high-water mark recovered from a backup whose signature verifies" \
        backup "$_rb" sha256 "$HW_SHA" signed_at "$HW_SIGNED_AT"
      alert 0 "no readable record in either volume; high-water mark recovered from backup ${_rb##*/} (signed $HW_SIGNED_AT)"
      CUR_STAGE=compare
      return 0
    fi
    log warn "backup not usable for recovery" backup "$_rb" reason "${VERIFY_WHY:-}${REJECT_WHY:-}"
  done <"$SCRATCH/candidates.sorted"
  CUR_STAGE=compare
  return 1
}

# read_digest FILE: DIGEST = the sha256 that sha256_file wrote into FILE; non-zero when none.
read_digest() {
  DIGEST=
  { read -r DIGEST _rd_rest <"$1"; } 2>/dev/null
  case $DIGEST in
    *[!0-9a-f]* | '') DIGEST= && return 1 ;;
  esac
  [ ${#DIGEST} -eq 64 ] || { DIGEST= && return 1; }
}

# Is the live data file the recorded version (sha256 HW_SHA)? Its sha256, computed during
# verification when it had the download's size, counts while the file is still the one hashed
# (inode and size); otherwise it is hashed now (a file of another size cannot be that version).
live_matches_record() {
  _lm_rc=
  if [ -n "$LIVE_SHA_PID" ]; then
    wait "$LIVE_SHA_PID"
    _lm_rc=$?
    LIVE_SHA_PID=
  fi
  file_stat "$PUBLISH_DIR/$NAME"
  if [ "$_lm_rc" = 0 ] && [ "$FILE_IDENTITY" = "$LIVE_HASHED_ID" ]; then
    read_digest "$SCRATCH/live.sha" && [ "$DIGEST" = "$HW_SHA" ]
    return
  fi
  [ -f "$PUBLISH_DIR/$NAME" ] || return 1
  [ "$FILE_SIZE" = "$BYTES" ] || return 1
  run_waiting_to "$SCRATCH/live.sha" /dev/null sha256_file "$PUBLISH_DIR/$NAME" || return 1
  read_digest "$SCRATCH/live.sha" && [ "$DIGEST" = "$HW_SHA" ]
}

digits() { # RFC 3339 UTC -> DIGITS = YYYYMMDDHHMMSS (comparable as an integer)
  _dg_ifs=$IFS
  IFS='-T:Z'
  # shellcheck disable=SC2086 # splitting on IFS is the point
  set -- $1
  IFS=$_dg_ifs
  DIGITS=$1$2$3$4$5$6
}
times_compare() { # A -gt|-ge|-le B, on two RFC 3339 UTC times
  digits "$1"
  _tc_a=$DIGITS
  digits "$3"
  case $2 in
    -gt) [ "$_tc_a" -gt "$DIGITS" ] ;;
    -ge) [ "$_tc_a" -ge "$DIGITS" ] ;;
    -le) [ "$_tc_a" -le "$DIGITS" ] ;;
    *) return 2 ;;
  esac
}
# json_field LINE KEY: JSON_FIELD = the value (string or number) of KEY in a one-line JSON object
# written by this script, empty when absent.
json_field() {
  JSON_FIELD=
  case $1 in
    *"\"$2\":"*) ;;
    *) return 0 ;;
  esac
  _jf=${1#*\""$2"\":}
  _jf=${_jf#\"}
  JSON_FIELD=${_jf%%[\",\}]*}
}
# ---------------------------------------------------------------------------------------------
# Verification, bounded: the signature is first unarmored and walked packet header by packet
# header (only signature packets, definite lengths, at most 64 KiB), so that gpgv never sees a
# compressed packet or anything else it would have to expand; gpgv then runs within the
# remaining deadline and is stopped by SIGTERM. Only the keys of FEED_KEYRING count (absolute
# --keyring, empty GNUPGHOME/HOME: no default keyring), and only the pinned primary keys.

# Binary form of an ASCII-armored signature file into OUT; non-zero (SIG_WHY) unless it is one
# armored "PGP SIGNATURE" block.
unarmor() { # SIG OUT
  # Armor: BEGIN line, header lines, a blank line, base64 lines, an optional =CRC24 line (gpgv
  # checks the signature itself), the END line; nothing else.
  awk '{ sub(/\r$/, "") }
    s == 0 { if ($0 == "-----BEGIN PGP SIGNATURE-----") { s = 1; next } exit 1 }
    s == 1 { if ($0 ~ /^[ \t]*$/) s = 2; else if ($0 !~ /^[A-Za-z][A-Za-z0-9-]*: /) exit 1; next }
    s == 2 && /^=[A-Za-z0-9+\/]{4}$/ { s = 3; next }
    (s == 2 || s == 3) && $0 == "-----END PGP SIGNATURE-----" { s = 4; next }
    s == 2 && /^[A-Za-z0-9+\/]+=?=?$/ { print; next }
    s == 4 && /^[ \t]*$/ { next }
    { exit 1 }
    END { if (s != 4) exit 1 }' "$1" >"$SCRATCH/sig.b64" 2>/dev/null ||
    { SIG_WHY="signature file is neither a binary OpenPGP signature nor one armored PGP SIGNATURE block" && return 1; }
  base64 -d <"$SCRATCH/sig.b64" >"$2" 2>/dev/null ||
    { SIG_WHY="armored signature holds invalid base64" && return 1; }
  return 0
}

# Walks every packet header of a binary OpenPGP file (od -tu1 output): old format (tag in bits
# 5-2, length type 0-2; 3, indeterminate, is refused) and new format (one-, two- or five-octet
# lengths; partial lengths are refused). Prints the packet count, or why the file is refused:
# "empty", "armored" (it starts with '-': read no further), "notpgp" (neither), "size N" (more
# than max bytes), or the structural reason.
# shellcheck disable=SC2016 # an awk program
AWK_PACKETS='
NR == 1 && $1 == 45 { armored = 1; exit }
{ for (i = 1; i <= NF; i++) b[n++] = $i + 0 }
function need(k) { if (p + k > n) { print "truncated packet header at offset " p; exit 1 } }
END {
  if (armored) { print "armored"; exit }
  if (n == 0) { print "empty"; exit 1 }
  if (b[0] < 128) { print "notpgp"; exit 1 }
  if (n > max) { print "size " n; exit 1 }
  p = 0; count = 0
  while (p < n) {
    at = p; h = b[p++]
    if (h < 128) { print "no OpenPGP packet header at offset " at; exit 1 }
    tag = (h >= 192) ? h - 192 : int((h - 128) / 4)
    if (tag != 2) { print "packet of type " tag " at offset " at " (only signature packets, type 2)"; exit 1 }
    if (h >= 192) {
      need(1); l1 = b[p++]
      if (l1 < 192) len = l1
      else if (l1 < 224) { need(1); len = (l1 - 192) * 256 + b[p++] + 192 }
      else if (l1 == 255) { need(4); len = ((b[p] * 256 + b[p + 1]) * 256 + b[p + 2]) * 256 + b[p + 3]; p += 4 }
      else { print "partial body length at offset " at; exit 1 }
    } else {
      lt = h % 4
      if (lt == 3) { print "indeterminate length at offset " at; exit 1 }
      k = (lt == 0 ? 1 : (lt == 1 ? 2 : 4)); need(k); len = 0
      for (j = 0; j < k; j++) len = len * 256 + b[p++]
    }
    if (p + len > n) { print "packet at offset " at " runs past the end of the file"; exit 1 }
    p += len; count++
  }
  print count
}'

# check_signature_file SIG: SIG_BIN = the binary signature gpgv gets (SIG itself, or its
# unarmored form in $SCRATCH/sig.bin), checked; non-zero with SIG_WHY when refused.
check_signature_file() {
  SIG_BIN=$1
  _cs_out=$(od -An -v -tu1 "$1" 2>/dev/null | awk -v max="$MAX_SIG_BYTES" "$AWK_PACKETS")
  if [ "$_cs_out" = armored ]; then
    SIG_BIN=$SCRATCH/sig.bin
    unarmor "$1" "$SIG_BIN" || return 1
    _cs_out=$(od -An -v -tu1 "$SIG_BIN" 2>/dev/null | awk -v max="$MAX_SIG_BYTES" "$AWK_PACKETS")
  fi
  case $_cs_out in
    [1-9] | [1-9][0-9] | [1-9][0-9][0-9] | [1-9][0-9][0-9][0-9]) return 0 ;;
    empty) SIG_WHY="signature file is empty" ;;
    notpgp | armored) SIG_WHY="signature file is neither a binary OpenPGP signature nor one armored PGP SIGNATURE block" ;;
    'size '*) SIG_WHY="signature is larger than $MAX_SIG_BYTES bytes (${_cs_out#size } once unarmored)" ;;
    *) SIG_WHY="signature file holds more than signature packets: ${_cs_out:-unreadable}" ;;
  esac
  return 1
}

# gpgv SIG DATA within the deadline, in the background (a trap runs at once on SIGTERM):
# gpgv_start starts it, gpgv_finish waits for it and returns 0 when the signature is valid,
# setting G_SIGNING_KEY, G_SIGNER (primary key), G_EPOCH, G_SIGNED_AT, G_HASH, G_STATUS, G_RC;
# VERIFY_WHY when not valid. run_gpgv does both.
gpgv_start() {
  G_STATUS=none G_RC=
  now
  _g_t0=$NOW
  _g_left=$((WORK_DEADLINE - NOW))
  [ "$_g_left" -ge 1 ] || fail 1 "deadline reached before signature verification"
  timeout "$_g_left" gpgv --homedir "$SCRATCH" --keyring "$KEYRING" --status-fd 1 "$1" "$2" \
    >"$SCRATCH/gpgv.status" 2>"$SCRATCH/gpgv.err" 8>&- 9>&- &
  CHILD=$!
}
run_gpgv() {
  gpgv_start "$1" "$2"
  gpgv_finish
}
gpgv_finish() {
  wait "$CHILD"
  G_RC=$?
  CHILD=
  if [ "$G_RC" -ge 124 ] && now && [ "$NOW" -ge $((_g_t0 + _g_left)) ]; then
    fail 1 "deadline reached during signature verification: gpgv stopped" '#gpgv_exit' "$G_RC"
  fi
  # gpgv's status lines: the first VALIDSIG (signing key, time, hash algorithm, primary key),
  # whether a GOODSIG came, and the first line saying the signature is not good.
  _g_fpr='' _g_ts='' _g_hash='' _g_prim='' _g_good='' _g_bad=''
  while read -r _g_tag _g_kw _g_1 _g_2 _g_3 _g_4 _g_5 _g_6 _g_7 _g_8 _g_9 _g_10 _g_rest; do
    [ "$_g_tag" = '[GNUPG:]' ] || continue
    case $_g_kw in
      VALIDSIG)
        # fingerprint, date, time, expiry, version, reserved, key algorithm, hash, class, primary
        [ -n "$_g_fpr" ] || _g_fpr=$_g_1 _g_ts=$_g_3 _g_hash=$_g_8 _g_prim=${_g_10:-$_g_1}
        ;;
      GOODSIG) _g_good=1 ;;
      BADSIG | ERRSIG | EXPSIG | EXPKEYSIG | REVKEYSIG | NO_PUBKEY | NODATA | BADARMOR | UNEXPECTED | FAILURE)
        _g_bad=${_g_bad:-$_g_kw}
        ;;
    esac
  done <"$SCRATCH/gpgv.status"
  if [ -n "$_g_bad" ]; then
    set -- bad "$_g_bad"
  elif [ -n "$_g_fpr" ] && [ -n "$_g_good" ]; then
    case $_g_ts in
      *T*) _g_ts=$(awk "$AWK_ISO"'BEGIN { printf "%d\n", iso_epoch(ARGV[1]) }' "$_g_ts") ;; # ISO 8601 form
    esac
    case $_g_ts in
      '' | *[!0-9]* | ????????????*) set -- bad UNPARSABLE_TIMESTAMP ;; # digits, before the year 5000
      *) set -- ok "$_g_fpr" "$_g_ts" "$_g_prim" "$_g_hash" ;;
    esac
  else
    set -- bad NO_VALID_SIGNATURE
  fi
  if [ "${1:-}" = ok ] && [ "$G_RC" = 0 ] && [ $# -eq 5 ]; then
    G_SIGNING_KEY=$2 G_EPOCH=$3 G_SIGNER=$4 G_HASH=$5
    case $G_SIGNER:$G_EPOCH in
      *[!0-9A-F:]*:* | :* | *:*[!0-9]* | *:) VERIFY_WHY="unparsable gpgv status" ;;
      *)
        civil "$G_EPOCH"
        G_SIGNED_AT=$CIVIL
        return 0
        ;;
    esac
  else
    case ${2:-} in
      BADSIG) VERIFY_WHY="bad signature (content and signature do not match)" ;;
      ERRSIG | NO_PUBKEY) VERIFY_WHY="signature by a key that is not in FEED_KEYRING, or unusable" ;;
      NODATA | BADARMOR | UNEXPECTED) VERIFY_WHY="signature file is not an OpenPGP detached signature" ;;
      EXPSIG) VERIFY_WHY="signature expired" ;;
      EXPKEYSIG) VERIFY_WHY="signing key expired" ;;
      REVKEYSIG) VERIFY_WHY="signing key revoked" ;;
      *) VERIFY_WHY="signature not valid: $(first_line "$SCRATCH/gpgv.err")" ;;
    esac
  fi
  G_STATUS=${2:-none}
  return 1
}

# A valid signature still has to be by a pinned primary key, with SHA-256/384/512 (gpg's hash
# algorithm ids 8, 9, 10), and not dated ahead of our clock by more than the allowed skew (it
# would become a high-water mark that refuses every genuine version until that date).
# Non-zero with REJECT_WHY.
acceptable_signature() {
  case $PINS in
    *" $G_SIGNER "*) ;;
    *) REJECT_WHY="signer $G_SIGNER is not pinned in FEED_SIGNER_FINGERPRINTS" && return 1 ;;
  esac
  case $G_HASH in
    8 | 9 | 10) ;;
    *) REJECT_WHY="signature uses hash algorithm $G_HASH; only SHA-256, SHA-384 and SHA-512 (8, 9, 10) are accepted" && return 1 ;;
  esac
  now
  if [ "$G_EPOCH" -gt $((NOW + FEED_MAX_CLOCK_SKEW_SECONDS)) ]; then
    REJECT_WHY="signature is dated in the future ($G_SIGNED_AT), beyond FEED_MAX_CLOCK_SKEW_SECONDS=$FEED_MAX_CLOCK_SKEW_SECONDS"
    return 1
  fi
  return 0
}

# start_flush FILE: start writing FILE's data to disk in the background (sync -d: fdatasync), not
# waited for. Replacing a file by rename makes ext4 allocate and flush the new file's blocks in
# the rename (auto_da_alloc): begun earlier, during work the run does anyway, that flush no
# longer lengthens the commit. A hint only: its result does not matter, and it may outlive the run.
start_flush() {
  sync -d "$1" >/dev/null 2>&1 8>&- 9>&- &
}

# The downloaded pair: structure first (no gpgv for what is not a plain signature), then gpgv on
# one core while the other hashes the download (busybox's tee costs more CPU than it saves in a
# stream) and then:
# - when the download is the version the live record names and the live file has its size, the
#   live file (it is checked, not assumed);
# - else, the download starts going to disk when a live file is there to be replaced
#   (start_flush), and if the publish lock is free, it is taken and the download linked into the
#   publish volume (link_for_publish): work the publish needs, done while gpgv runs; a run that
#   fails removes it.
# Which one is a guess made before the publish lock (another run may publish meanwhile), and
# only saves time: live_matches_record and the publish decide after the lock.
verify() {
  CUR_STAGE=verify
  check_signature_file "$STAGE_DIR/$NAME.sig" ||
    fail 2 "signature refused before verification: $SIG_WHY" '#bytes' "$SIG_BYTES"
  if [ -n "$LIVE_SHA_PID" ]; then # still running from the first attempt
    kill "$LIVE_SHA_PID" 2>/dev/null
    wait "$LIVE_SHA_PID"
    LIVE_SHA_PID='' LIVE_HASHED_ID=''
  fi
  if [ -n "$T_DIR" ]; then # links to the first attempt's files
    rm -rf "$T_DIR"
    T_DIR='' METHOD=''
  fi
  sha256_file "$STAGE_DIR/$NAME" >"$SCRATCH/sha256" 2>"$SCRATCH/sha256.err" 8>&- 9>&- &
  SHA_PID=$!
  gpgv_start "$SIG_BIN" "$STAGE_DIR/$NAME"
  wait "$SHA_PID"
  _v_shrc=$?
  SHA_PID=
  [ "$_v_shrc" = 0 ] || fail 1 "hashing the download failed: $(first_line "$SCRATCH/sha256.err")"
  read_digest "$SCRATCH/sha256" || fail 1 "hashing the download printed no sha256"
  SHA256=$DIGEST
  if read_record "$PUBLISH_DIR/status.json" && [ "$R_SHA" = "$SHA256" ] && [ -f "$PUBLISH_DIR/$NAME" ]; then
    file_stat "$PUBLISH_DIR/$NAME"
    if [ "$FILE_SIZE" = "$BYTES" ]; then
      LIVE_HASHED_ID=$FILE_IDENTITY
      sha256_file "$PUBLISH_DIR/$NAME" >"$SCRATCH/live.sha" 2>/dev/null 8>&- 9>&- &
      LIVE_SHA_PID=$!
    fi
  else
    [ ! -f "$PUBLISH_DIR/$NAME" ] || start_flush "$STAGE_DIR/$NAME"
    ! try_publish_lock || link_for_publish "$STAGE_DIR" || :
  fi
  gpgv_finish || return 1
  SIGNING_KEY=$G_SIGNING_KEY SIGNER=$G_SIGNER SIGNED_AT=$G_SIGNED_AT
  return 0
}

# The publish lock, without waiting: 0 when taken now or already held. Whoever takes it removes
# the leftovers of killed runs (only the lock holder may).
try_publish_lock() {
  [ "$HAVE_LOCK" = 1 ] && return 0
  flock -n 9 || return 1
  HAVE_LOCK=1
  remove_leftovers
}
remove_leftovers() {
  for _f in "$PUBLISH_DIR"/.tmp-collect-*; do
    [ -e "$_f" ] || continue
    rm -rf "$_f" && log info "removed leftover of an earlier run" path "$_f"
  done
  for _f in "$BACKUP_DIR"/.tmp-collect-*; do
    [ -e "$_f" ] || continue
    case $_f in
      "$STAGE_LOCK" | "$STAGE_DIR") continue ;;
      *.d)
        [ -e "${_f%.d}" ] && continue # judged through its lock file
        rm -rf "$_f" || continue
        ;;
      *)
        # Remove only if its owner is gone (its lock can be taken), holding that lock meanwhile.
        # shellcheck disable=SC2094 # the file is opened only to lock it
        (flock -n 7 || exit 1; rm -rf "$_f.d" "$_f") 7<>"$_f" 2>/dev/null || continue
        ;;
    esac
    log info "removed leftover of an earlier run" path "$_f"
  done
}

# T_DIR: a temp directory in the publish volume holding the download's data and signature, ready
# to be renamed into place. link_for_publish SRC_DIR: hard links to the staged files, when both
# volumes are one file system (files are never modified in place, so sharing inodes is safe, and
# the staged files were checked); made while gpgv runs when the lock is free, else after the lock.
# copy_for_publish: copies, checked by size and sha256. Both need the publish lock.
link_for_publish() {
  [ -n "$T_DIR" ] || T_DIR=$(mktemp -d "$PUBLISH_DIR/.tmp-collect-XXXXXX" 2>/dev/null) || { T_DIR= && return 1; }
  ln "$1/$NAME" "$1/$NAME.sig" "$T_DIR" 2>/dev/null && METHOD='link'
}
copy_for_publish() {
  METHOD='copy'
  { rm -rf "$T_DIR" && mkdir "$T_DIR" && cp "$1/$NAME" "$1/$NAME.sig" "$T_DIR"; } 2>/dev/null || return 1
  [ ! -f "$PUBLISH_DIR/$NAME" ] || start_flush "$T_DIR/$NAME" # while the copy is read back
  pair_sizes "$T_DIR"
  { [ "$PAIR_DATA_SIZE" = "$BYTES" ] && [ "$PAIR_SIG_SIZE" = "$SIG_BYTES" ]; } || { COPY_WHY="short copy" && return 1; }
  run_waiting_to "$SCRATCH/copy.sha" /dev/null sha256_file "$T_DIR/$NAME" || return 1
  { read_digest "$SCRATCH/copy.sha" && [ "$DIGEST" = "$SHA256" ]; } || { COPY_WHY="the copy's sha256 differs" && return 1; }
}

LIVE_HASHED_ID=
fetch_pair
if ! verify; then
  # The publisher may have replaced file and signature between our two requests: once more.
  log warn "verification failed, downloading file and signature once more" reason "$VERIFY_WHY" \
    gpg_status "$G_STATUS" '#gpgv_exit' "$G_RC"
  fetch_pair
  verify || fail 2 "verification failed: $VERIFY_WHY" gpg_status "$G_STATUS" '#gpgv_exit' "$G_RC"
fi
acceptable_signature ||
  fail 2 "signature rejected: $REJECT_WHY" signer "$G_SIGNER" signed_at "$G_SIGNED_AT" '#hash_algorithm' "$G_HASH"
mark verify success
log info "signature verified" sha256 "$SHA256" '#bytes' "$BYTES" signer "$SIGNER" \
  signing_key "$SIGNING_KEY" signed_at "$SIGNED_AT" '#hash_algorithm' "$G_HASH"

CUR_STAGE=lock
if ! try_publish_lock; then
  log info "waiting for the publish lock" '#lock_wait_seconds' "$FEED_LOCK_WAIT_SECONDS"
  now
  _lk_until=$((NOW + FEED_LOCK_WAIT_SECONDS))
  [ "$_lk_until" -le "$WORK_DEADLINE" ] || _lk_until=$WORK_DEADLINE
  until try_publish_lock; do
    now
    [ "$NOW" -lt "$_lk_until" ] ||
      fail 1 "another run holds the publish lock; nothing changed" '#lock_wait_seconds' "$FEED_LOCK_WAIT_SECONDS"
    run_waiting sleep 1
  done
fi

# ---------------------------------------------------------------------------------------------
# Off-cluster copy (lib/offsite): every backup not yet copied to the current target, newest
# first, as three objects <backup>.data, <backup>.sig and <backup>.status.json (last: the record
# says the copy is whole), each uploaded and read back (size and MD5). A copied backup gets a
# marker <backup>/.offsite naming the target, so that a later run sends only what is missing
# (and everything again after a change of target). A failure exits 1 and alerts (stage offsite)
# but changes nothing published or backed up: the next run retries.
OFFSITE_MARKER=.offsite

# lib/offsite's OFFSITE_SHELL_FUNCTIONS, verbatim (a test compares them). They run in a child sh:
# offsite_fail exits that child, never the collector, and the child runs under the deadline.
offsite_functions() {
  cat <<'END_OF_OFFSITE_FUNCTIONS'
offsite_fail() {
  printf 'offsite: %s\n' "$*" >&2
  exit 1
}
offsite_nl='
'
offsite_cr=$(printf '\r')
offsite_empty_sha256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
offsite_init() {
  for offsite_var in OFFSITE_ENDPOINT OFFSITE_BUCKET OFFSITE_REGION \
    OFFSITE_ACCESS_KEY_ID_FILE OFFSITE_ACCESS_KEY_FILE; do
    eval "offsite_value=\${$offsite_var:-}"
    [ -n "$offsite_value" ] || offsite_fail "$offsite_var is not set"
  done
  OFFSITE_PREFIX=${OFFSITE_PREFIX:-}
  # Older curl signs an empty payload and no x-amz-content-sha256 header: S3 refuses every upload.
  offsite_version=$(curl --version 2>/dev/null | sed -n '1s/^curl \([0-9][0-9]*\)\.\([0-9][0-9]*\)\..*/\1 \2/p')
  [ -n "$offsite_version" ] || offsite_fail "curl is missing or did not report its version"
  set -- $offsite_version
  if [ "$1" -lt 7 ] || { [ "$1" -eq 7 ] && [ "$2" -lt 87 ]; }; then
    offsite_fail "curl $1.$2 cannot sign S3 uploads with --aws-sigv4: 7.87.0 or newer is needed"
  fi
  offsite_key_id=$(cat "$OFFSITE_ACCESS_KEY_ID_FILE") || offsite_fail "cannot read $OFFSITE_ACCESS_KEY_ID_FILE"
  offsite_secret=$(cat "$OFFSITE_ACCESS_KEY_FILE") || offsite_fail "cannot read $OFFSITE_ACCESS_KEY_FILE"
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
      --aws-sigv4 "aws:amz:$OFFSITE_REGION:s3" "$@"
}
offsite_url() {
  printf '%s/%s/%s%s' "${OFFSITE_ENDPOINT%/}" "$OFFSITE_BUCKET" "$OFFSITE_PREFIX" "$1"
}
offsite_hex_to_base64() {
  offsite_hex=$1
  offsite_octal=
  while [ -n "$offsite_hex" ]; do
    offsite_octal="$offsite_octal$(printf '\\%03o' "0x${offsite_hex%"${offsite_hex#??}"}")"
    offsite_hex=${offsite_hex#??}
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
  if [ "$offsite_size" -gt 5368709120 ]; then
    offsite_fail "$offsite_file has $offsite_size bytes, more than one PUT may carry (5 GiB): it needs a multipart client"
  fi
  offsite_sha256=$(sha256sum < "$offsite_file") || offsite_fail "cannot hash $offsite_file"
  offsite_md5=$(md5sum < "$offsite_file") || offsite_fail "cannot hash $offsite_file"
  offsite_sha256=${offsite_sha256%% *}
  offsite_md5=${offsite_md5%% *}
  offsite_content_md5=$(offsite_hex_to_base64 "$offsite_md5")
  offsite_curl --upload-file "$offsite_file" --output /dev/null \
    --header "x-amz-content-sha256: $offsite_sha256" --header "Content-MD5: $offsite_content_md5" \
    "$(offsite_url "$offsite_name")" || offsite_fail "upload of $offsite_file to $OFFSITE_BUCKET/$OFFSITE_PREFIX$offsite_name failed"
  offsite_verify "$offsite_name" "$offsite_size" "$offsite_md5"
  echo "offsite: $OFFSITE_BUCKET/$OFFSITE_PREFIX$offsite_name stored and verified ($offsite_size bytes, MD5 $offsite_md5)"
}
offsite_verify() {
  offsite_headers=$(offsite_curl --head --header "x-amz-content-sha256: $offsite_empty_sha256" "$(offsite_url "$1")") ||
    offsite_fail "cannot read back $OFFSITE_BUCKET/$OFFSITE_PREFIX$1"
  offsite_headers=$(printf '%s\n' "$offsite_headers" | tr -d '\r' | tr 'A-Z' 'a-z')
  offsite_length=$(printf '%s\n' "$offsite_headers" | sed -n 's/^content-length:[[:space:]]*//p' | tail -n 1)
  offsite_etag=$(printf '%s\n' "$offsite_headers" | sed -n 's/^etag:[[:space:]]*//p' | tail -n 1 | tr -d '"')
  [ "$offsite_length" = "$2" ] || offsite_fail "read back $1: the store holds '$offsite_length' bytes, $2 were sent"
  [ "$offsite_etag" = "$3" ] ||
    offsite_fail "read back $1: ETag '$offsite_etag' is not the MD5 $3 of what was sent (SSE-KMS or SSE-C encryption also changes it)"
}
END_OF_OFFSITE_FUNCTIONS
}

# The backups not yet copied to OFFSITE_TARGET, one path a line, newest first.
offsite_pending() {
  for _op in "$BACKUP_DIR"/$BACKUP_GLOB; do
    [ -d "$_op" ] || continue
    _op_line=
    { IFS= read -r _op_line <"$_op/$OFFSITE_MARKER"; } 2>/dev/null
    json_field "$_op_line" target
    [ "$JSON_FIELD" = "$OFFSITE_TARGET" ] || printf '%s\n' "$_op"
  done | sort -r
}

offsite_copy() {
  [ "$OFFSITE" = 1 ] || return 0
  CUR_STAGE=offsite
  offsite_pending >"$SCRATCH/offsite.pending"
  if [ ! -s "$SCRATCH/offsite.pending" ]; then
    mark offsite unchanged
    return 0
  fi
  now
  _oc_t0=$NOW
  _oc_left=$((WORK_DEADLINE - NOW))
  [ "$_oc_left" -ge 1 ] ||
    fail 1 "deadline reached before the off-cluster copy; the backups stay on the backup volume, the next run copies them"
  # shellcheck disable=SC2016 # the child's own script
  run_waiting_to "$SCRATCH/offsite.out" "$SCRATCH/offsite.err" timeout "$_oc_left" sh -c "$(offsite_functions)"'
offsite_init
while IFS= read -r backup; do
  base=${backup##*/}
  offsite_put "$backup/$1" "$base.data"
  offsite_put "$backup/$1.sig" "$base.sig"
  offsite_put "$backup/status.json" "$base.status.json"
  echo "copied $base"
done <"$2"' offsite "$NAME" "$SCRATCH/offsite.pending"
  _oc_rc=$?
  # Every backup the child finished is marked, even when a later one failed.
  while read -r _oc_word _oc_base; do
    { [ "$_oc_word" = copied ] && [ -d "$BACKUP_DIR/$_oc_base" ]; } || continue
    now
    civil "$NOW"
    json target "$OFFSITE_TARGET" copied_at "$CIVIL"
    write_checked "$BACKUP_DIR/$_oc_base/$OFFSITE_MARKER" "$JSON" ||
      fail 1 "backup copied off the cluster, but its marker could not be written (disk full?); the next run copies it again" \
        backup "$_oc_base"
    log info "backup copied off the cluster and read back" backup "$_oc_base" target "$OFFSITE_TARGET"
  done <"$SCRATCH/offsite.out"
  if [ "$_oc_rc" != 0 ]; then
    now
    if [ "$_oc_rc" -ge 124 ] && [ "$NOW" -ge $((_oc_t0 + _oc_left)) ]; then
      fail 1 "deadline reached during the off-cluster copy; the next run copies what is missing" target "$OFFSITE_TARGET"
    fi
    _oc_why=$(grep '^offsite: ' "$SCRATCH/offsite.err" 2>/dev/null | tail -n 1 | cut -c1-300)
    fail 1 "off-cluster copy failed (${_oc_why:-exit $_oc_rc}); nothing published or backed up changed, the next run retries" \
      target "$OFFSITE_TARGET" '#exit' "$_oc_rc"
  fi
  mark offsite success
}

# ---------------------------------------------------------------------------------------------
# The high-water mark: the newest readable record of the two volumes.
CUR_STAGE=compare
HW_SHA='' HW_SIGNED_AT='' HW_FROM=''
PUB_LINE='' BAK_LINE=''
if read_record "$PUBLISH_DIR/status.json"; then
  PUB_LINE=$R_LINE HW_SHA=$R_SHA HW_SIGNED_AT=$R_SIGNED_AT HW_FROM=publish
fi
if read_record "$BACKUP_DIR/status.json"; then
  BAK_LINE=$R_LINE
  if [ -z "$HW_SHA" ] || times_compare "$R_SIGNED_AT" -gt "$HW_SIGNED_AT"; then
    HW_SHA=$R_SHA HW_SIGNED_AT=$R_SIGNED_AT HW_FROM=backup
  fi
fi
if [ -z "$PUB_LINE" ]; then
  if [ -n "$BAK_LINE" ]; then
    CUR_STAGE=recover
    log warn "the publish volume's record is missing or unreadable: high-water mark taken from the backup volume's record" \
      sha256 "$HW_SHA" signed_at "$HW_SIGNED_AT"
    alert 0 "the publish volume's record (status.json) is missing or unreadable; high-water mark taken from the backup volume ($HW_SIGNED_AT)"
    CUR_STAGE=compare
  elif ! holds_state "$PUBLISH_DIR" && ! holds_state "$BACKUP_DIR"; then
    log info "first publish: both volumes are empty"
  elif ! recover_from_backups; then
    fail 3 "replay protection lost: no readable record in either volume and no backup whose signature verifies, but the volumes hold files; see the manual reset in docs/electoral-feed.md" \
      publish_dir "$PUBLISH_DIR" backup_dir "$BACKUP_DIR"
  fi
fi

# Is the live version whole and the recorded one? (data hashed, signature present, record.)
live_intact() {
  [ -n "$PUB_LINE" ] && read_record "$PUBLISH_DIR/status.json" && [ "$R_SHA" = "$HW_SHA" ] &&
    [ -s "$PUBLISH_DIR/$NAME.sig" ] && live_matches_record
}

REPAIR=0
if [ -n "$HW_SHA" ] && [ "$SHA256" = "$HW_SHA" ]; then
  if live_intact; then
    if [ "$BAK_LINE" != "$PUB_LINE" ]; then
      { write_backup_record_tmp "$PUB_LINE" && rename_backup_record; } ||
        fail 1 "cannot write the backup volume's record (disk full?); the live version is unchanged" path "$BACKUP_DIR/status.json"
      log info "backup volume's record brought up to date" sha256 "$HW_SHA" signed_at "$HW_SIGNED_AT"
    fi
    mark compare unchanged
    CUR_STAGE='done'
    log info "unchanged" sha256 "$SHA256" '#bytes' "$BYTES" signed_at "$SIGNED_AT" live_signed_at "$HW_SIGNED_AT"
    offsite_copy
    CUR_STAGE='done'
    write_metrics unchanged || fail 1 "unchanged, but the metrics file could not be written" path "$METRICS_FILE"
    exit 0
  fi
  times_compare "$SIGNED_AT" -ge "$HW_SIGNED_AT" ||
    fail 1 "the live version is damaged and the source serves an older signature of it; restore it from its backup (docs/electoral-feed.md)" \
      sha256 "$HW_SHA" signed_at "$SIGNED_AT" live_signed_at "$HW_SIGNED_AT"
  REPAIR=1
  log warn "the live version is damaged or incomplete: publishing it again from the verified download" \
    sha256 "$HW_SHA" signed_at "$SIGNED_AT"
elif [ -n "$HW_SHA" ] && times_compare "$SIGNED_AT" -le "$HW_SIGNED_AT"; then
  fail 2 "replay: signature ($SIGNED_AT) is not newer than the accepted version's ($HW_SIGNED_AT) and the content differs" \
    sha256 "$SHA256" live_sha256 "$HW_SHA" signed_at "$SIGNED_AT" live_signed_at "$HW_SIGNED_AT" record "$HW_FROM"
fi

mark compare success

# ---------------------------------------------------------------------------------------------
# Publish.
CUR_STAGE=publish
# Backup names must sort in publication order: never reuse the second of the newest backup.
_newest=
for _nb_f in "$BACKUP_DIR"/$BACKUP_GLOB; do
  [ -e "$_nb_f" ] && _newest=${_nb_f##*/}
done
_newest=${_newest%"${_newest#????????????????}"} # its first 16 characters: the time
_i=0
while :; do
  now
  civil "$NOW"
  PUBLISHED_AT=$CIVIL _compact=$CIVIL_COMPACT
  if [ "$_compact" != "$_newest" ] || [ $_i -ge 3 ]; then break; fi
  run_waiting sleep 1
  _i=$((_i + 1))
done
json file "$NAME" sha256 "$SHA256" '#bytes' "$BYTES" signed_at "$SIGNED_AT" \
  published_at "$PUBLISHED_AT" signer "$SIGNER" source "$FEED_SOURCE_URL"
STATUS_LINE=$JSON
write_checked "$STAGE_DIR/status.json" "$STATUS_LINE" ||
  fail 1 "cannot write status.json into the backup volume (disk full?); nothing changed" path "$BACKUP_DIR"

# 1. The backup: one rename of the complete staging directory. Until the live status.json is
# renamed, it is NEW_BACKUP, removed if the run ends early.
_bk_base=$_compact-${SHA256%"${SHA256#????????????}"}
BACKUP=$BACKUP_DIR/$_bk_base
_n=1
while [ -e "$BACKUP" ]; do
  _n=$((_n + 1))
  BACKUP=$BACKUP_DIR/$_bk_base-$_n
done
NEW_BACKUP=$BACKUP
mv "$STAGE_DIR" "$BACKUP" || fail 1 "cannot create the backup $BACKUP" path "$BACKUP"
STAGE_DIR=

# 2-4. The three files, complete, in a temp directory inside the publish directory (T_DIR: data
# and signature linked or copied, status.json written and read back), then renamed into place in
# a row.
publish_failed() {
  fail 1 "cannot write into the publish volume (disk full?); the live version is unchanged" path "$PUBLISH_DIR" "$@"
}
if [ "$METHOD" != link ] && ! link_for_publish "$BACKUP"; then
  [ -n "$T_DIR" ] || publish_failed
  COPY_WHY=
  copy_for_publish "$BACKUP" || publish_failed reason "${COPY_WHY:-copy failed}"
fi
write_checked "$T_DIR/status.json" "$STATUS_LINE" || publish_failed reason "short copy"

# The backup volume's record, written and checked now, renamed after the live commit: after the
# commit only renames remain, and a record is never ahead of what went live.
write_backup_record_tmp "$STATUS_LINE" ||
  fail 1 "cannot write the backup volume's record (disk full?); the live version is unchanged" path "$BACKUP_DIR"

IN_COMMIT=1
mv -f "$T_DIR/$NAME" "$PUBLISH_DIR/$NAME" &&
  mv -f "$T_DIR/$NAME.sig" "$PUBLISH_DIR/$NAME.sig" &&
  mv -f "$T_DIR/status.json" "$PUBLISH_DIR/status.json"
_mv_rc=$?
[ "$_mv_rc" = 0 ] && NEW_BACKUP=
IN_COMMIT=0
[ "$_mv_rc" = 0 ] || publish_failed reason "rename failed"
log info "published" sha256 "$SHA256" '#bytes' "$BYTES" signer "$SIGNER" signed_at "$SIGNED_AT" \
  published_at "$PUBLISHED_AT" backup "$BACKUP" method "$METHOD"

# 5. The backup volume's record.
rename_backup_record ||
  fail 1 "published, but the backup volume's record could not be renamed into place" path "$BACKUP_DIR/status.json"
mark publish success
[ -z "$PENDING_SIG" ] || fail 1 "terminated by SIG$PENDING_SIG (after publishing)" signal "$PENDING_SIG"

# Rotation: keep the newest FEED_BACKUP_KEEP backups by name (chronological), but never the
# backup of the live version, whatever other names say (a node clock running ahead).
CUR_STAGE=rotate
rotate() {
  # shellcheck disable=SC2086 # the glob is meant to expand
  set -- "$BACKUP_DIR"/$BACKUP_GLOB
  [ -e "$1" ] || return 0
  _r_excess=$(($# - FEED_BACKUP_KEEP))
  for _r_b in "$@"; do
    [ "$_r_excess" -gt 0 ] || break
    [ "$_r_b" = "$BACKUP" ] && continue
    rm -rf "$_r_b" && log info "removed old backup" path "$_r_b"
    _r_excess=$((_r_excess - 1))
  done
}
rotate
if [ "$REPAIR" = 1 ]; then
  CUR_STAGE=repair
  log warn "repaired: the live version was damaged and is whole again" sha256 "$SHA256"
  alert 0 "the live file did not match its record (sha256 $HW_SHA); republished from the verified download"
fi
offsite_copy
CUR_STAGE='done'
write_metrics success || fail 1 "published, but the metrics file could not be written" path "$METRICS_FILE"
exit 0
