/** Kubernetes `MAJOR.MINOR` versions, compared numerically (1.9 < 1.10). */

export interface K8sVersion {
  readonly major: number;
  readonly minor: number;
}

/**
 * The Kubernetes minor versions (1.x) this program's output targets: cdk8s-plus-28's API, still
 * served by 1.35. The environments accept only these, and `npm run check` judges for the newest by
 * default, so that the CLI and the synth-time gate agree on what our clusters run.
 */
export const SUPPORTED_K8S_MINORS = { min: 28, max: 35 } as const;

/** `1.35`: the default target of the CLI. */
export const NEWEST_SUPPORTED_K8S_VERSION = `1.${SUPPORTED_K8S_MINORS.max}`;

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
