/**
 * Kubernetes versions as the Pod Security Standards use them: each control has behaviours that
 * start at a `MAJOR.MINOR` release, and the newest behaviour at or below the target version applies.
 */

/**
 * The newest policy version the upstream PodSecurity admission code defines (the 1.37 safe sysctls,
 * kubernetes/pod-security-admission `policy/check_sysctls.go`). Targets newer than this behave like it.
 */
export const LATEST_PSS_VERSION = '1.37';

export interface K8sVersion {
  readonly major: number;
  readonly minor: number;
}

const VERSION_PATTERN = /^v?(\d+)\.(\d+)(?:\.\d+)?$/;

/** Parses `MAJOR.MINOR` (a leading `v` or a patch number are tolerated, as users write them). */
export function parseK8sVersion(text: string): K8sVersion {
  const match = VERSION_PATTERN.exec(text.trim());
  if (!match) {
    throw new Error(`Pod Security Standards: Kubernetes version "${text}" is not MAJOR.MINOR (e.g. "${LATEST_PSS_VERSION}")`);
  }
  return { major: Number(match[1]), minor: Number(match[2]) };
}

function compare(a: K8sVersion, b: K8sVersion): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

/** True when `version` is `minimum` or newer; numeric, so 1.9 < 1.10. */
export function isAtLeast(version: K8sVersion, minimum: string): boolean {
  return compare(version, parseK8sVersion(minimum)) >= 0;
}

/** One behaviour of a control and the release it starts at. */
export interface VersionStep<T> {
  readonly since: string;
  readonly value: T;
}

/**
 * The value of the newest step at or below `version`. Steps are listed oldest first; a version older
 * than every step gets the oldest, so the standard's earliest definition covers ancient targets too.
 */
export function valueAt<T>(steps: readonly [VersionStep<T>, ...VersionStep<T>[]], version: K8sVersion): T {
  let chosen = steps[0].value;
  for (const step of steps) {
    if (isAtLeast(version, step.since)) chosen = step.value;
  }
  return chosen;
}
