/**
 * Image references pinned by digest. A tag can be moved to other content; a digest cannot, so every
 * image we deploy is `name@sha256:<64 hex>` (an informative tag before the digest is allowed).
 */

import type { IConstruct } from 'constructs';
import { propError } from './errors';

const DIGEST = /^sha256:[0-9a-f]{64}$/;
const ENDS_WITH_DIGEST = /@sha256:[0-9a-f]{64}$/;
const REPOSITORY = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** Returns why `image` is not a digest-pinned reference, or undefined when it is. */
export function imagePinProblem(image: string): string | undefined {
  const at = image.indexOf('@');
  if (at < 0) {
    return 'an image must be pinned by digest (name@sha256:<64 hex>); a tag, `:latest` or no tag can change under you';
  }
  const name = image.slice(0, at);
  const digest = image.slice(at + 1);
  if (!DIGEST.test(digest)) return `the digest "${digest}" is not sha256:<64 lowercase hex>`;
  const { repository, tag } = splitTag(name);
  if (!REPOSITORY.test(repository)) return `"${repository}" is not a valid repository name`;
  if (tag !== undefined && !TAG.test(tag)) return `"${tag}" is not a valid tag`;
  if (tag === 'latest') return 'drop the `:latest` tag: it says nothing about the pinned content';
  return undefined;
}

/** Throws the construct error for `prop` when `image` is not pinned by digest. */
export function requirePinnedImage(scope: IConstruct, prop: string, image: string): void {
  const problem = imagePinProblem(image);
  if (problem) throw propError(scope, prop, image, problem);
}

/** Whether a reference, whatever else it holds, ends in `@sha256:<64 hex>` (the policy gate's test). */
export function endsWithDigest(image: string): boolean {
  return ENDS_WITH_DIGEST.test(image);
}

/** Validates a digest on its own (`sha256:<64 hex>`). */
export function isDigest(digest: string): boolean {
  return DIGEST.test(digest);
}

/** Joins a repository (relative to `registry` unless it already names a host) and a digest. */
export function pinnedImage(registry: string, repository: string, digest: string): string {
  const hasHost = repository.includes('/') && /[.:]|^localhost$/.test(repository.split('/')[0]);
  return `${hasHost ? repository : `${registry}/${repository}`}@${digest}`;
}

/** The first 12 hex digits of an image's digest, a stable short version label. */
export function shortDigest(image: string): string {
  const match = /@sha256:([0-9a-f]{12})/.exec(image);
  return match ? match[1] : 'unpinned';
}

function splitTag(name: string): { repository: string; tag?: string } {
  const lastSlash = name.lastIndexOf('/');
  const colon = name.indexOf(':', lastSlash + 1);
  return colon < 0 ? { repository: name } : { repository: name.slice(0, colon), tag: name.slice(colon + 1) };
}
