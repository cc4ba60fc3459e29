/** Typed references to things that exist outside this repository (their values never enter it). */

/** A key of an existing Secret. */
export interface SecretKeyReference {
  readonly secretName: string;
  readonly key: string;
}

/** An image by repository and digest; the image pipeline writes the digest. */
export interface ImageReference {
  /** Repository inside the environment's registry, or a full reference (`docker.io/library/mysql`). */
  readonly repository: string;
  /** `sha256:<64 hex>`, the published digest of that repository's image. */
  readonly digest: string;
}
