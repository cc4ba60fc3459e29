/** Kubernetes `MAJOR.MINOR` versions, compared numerically (1.9 < 1.10). */

export interface K8sVersion {
  readonly major: number;
  readonly minor: number;
}

const VERSION = /^v?(\d+)\.(\d+)(?:\.\d+)?$/;

/** Parses `1.33` (also `v1.33` or `1.33.2`, as people write it); undefined when it is not a version. */
export function parseK8sVersion(text: string): K8sVersion | undefined {
  const match = VERSION.exec(text.trim());
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : undefined;
}

/** True when `version` is `release` or newer. */
export function isAtLeast(version: K8sVersion, release: K8sVersion): boolean {
  return version.major !== release.major ? version.major > release.major : version.minor >= release.minor;
}
