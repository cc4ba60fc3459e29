/**
 * The electoral collector's contract (images/electoral-collector/collect.sh): the environment it
 * reads, the exit codes it returns, and the file-name rule it enforces. Kept here so that the
 * construct and the tests check the same rules the script checks, at synth instead of at 03:00.
 */

/** Exit codes of collect.sh. */
export const COLLECTOR_EXIT_CODES = {
  /** Published, or the signed file is unchanged. */
  ok: 0,
  /** Network, 5xx/429 after retries, 404 on the file, lock busy, deadline, signal: the next run may succeed. */
  transient: 1,
  /** Bad or missing signature, unknown key, replay of an older version, too large: retrying fetches the same. */
  rejected: 2,
  /** Configuration or authentication (401/403): retrying cannot help until someone changes something. */
  configuration: 3,
} as const;

/** The exit codes that fail the Job at once (podFailurePolicy FailJob) instead of retrying the pod. */
export const NON_RETRYABLE_EXIT_CODES: readonly number[] = [COLLECTOR_EXIT_CODES.rejected, COLLECTOR_EXIT_CODES.configuration];

/** The size bound collect.sh applies when FEED_MAX_BYTES is not set (256 MiB). */
export const SCRIPT_DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

/** The size bound collect.sh applies to the detached signature (1 MiB). */
export const SIGNATURE_MAX_BYTES = 1024 * 1024;

const FILE_NAME_CHARACTERS = /^[A-Za-z0-9._~+@%=,-]+$/;

/**
 * Why `name` is not a file name collect.sh accepts as FEED_FILE_NAME, or undefined when it is:
 * a plain name of letters, digits and `. _ ~ + @ % = , -`, not starting with `.` (dot-files are
 * the collector's lock and temp files, and the microsite never serves them), not `status.json`
 * (the commit record), at most 200 characters.
 */
export function feedFileNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'a non-empty file name';
  if (name.length > 200) return `at most 200 characters (has ${name.length})`;
  if (name.startsWith('.')) return 'a name not starting with "." (dot-files are never served)';
  if (name === 'status.json') return 'a name other than status.json (the collector writes its commit record there)';
  if (!FILE_NAME_CHARACTERS.test(name)) return 'a plain file name of letters, digits and ". _ ~ + @ % = , -" (no "/")';
  return undefined;
}

/** The last path segment of a URL, as collect.sh derives FEED_FILE_NAME; undefined when there is none. */
export function feedFileNameFromUrl(url: string): string | undefined {
  let path = url.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//, '');
  path = path.split('#')[0].split('?')[0];
  const slash = path.lastIndexOf('/');
  if (slash < 0) return undefined;
  const name = path.slice(slash + 1);
  return name === '' ? undefined : name;
}

/**
 * Why `url` is not a URL the feed may fetch, or undefined when it is: https (the token travels in
 * its Authorization header), no user info, visible ASCII without quotes or backslashes (collect.sh
 * passes it to curl through a config line).
 */
export function feedUrlProblem(url: string): string | undefined {
  if (!/^https:\/\/[^/]/.test(url)) return 'an https:// URL (the bearer token must never travel in clear text)';
  if (/[^!-~]/.test(url) || /["\\]/.test(url)) return 'a URL of visible ASCII characters without spaces, quotes or backslashes';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'a URL that parses (WHATWG URL)';
  }
  if (parsed.username !== '' || parsed.password !== '') return 'a URL without user info (credentials belong in the token Secret)';
  if (parsed.hash !== '') return 'a URL without a #fragment';
  return undefined;
}
