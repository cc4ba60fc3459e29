import { isIP } from 'node:net';

/**
 * Where off-cluster copies go: one prefix of one bucket of an S3-compatible service, addressed
 * path-style (`<endpoint>/<bucket>/<prefix><name>`), which AWS S3, MinIO, Ceph RGW and most other
 * S3-compatible services accept.
 */
export interface OffsiteTarget {
  /** The service's origin, `https://host[:port]`: no path, query string or credentials. */
  readonly endpoint: string;
  /** An S3 bucket name (3-63 lowercase letters, digits, "." and "-"). */
  readonly bucket: string;
  /** Key prefix: empty, or "/"-terminated segments of letters, digits, ".", "_" and "-" (e.g. `task-manager/prod/`). */
  readonly prefix: string;
  /** The signing region (`eu-west-1`; providers without regions usually accept `us-east-1`). */
  readonly region: string;
}

/** A problem with one field of a target, for the caller's error message. */
export interface OffsiteTargetProblem {
  readonly field: keyof OffsiteTarget;
  /** The value, safe to print (credentials in a URL are hidden). */
  readonly value: string;
  readonly problem: string;
}

/** Every problem of `target`; empty when it can be used. */
export function offsiteTargetProblems(target: OffsiteTarget): OffsiteTargetProblem[] {
  const problems: OffsiteTargetProblem[] = [];
  const check = (field: keyof OffsiteTarget, problem: string | undefined) => {
    // The value goes into error messages and CI logs: never with the credentials a URL may carry.
    const value = String(target[field]).replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1(credentials hidden)@');
    if (problem) problems.push({ field, value, problem });
  };
  check('endpoint', endpointProblem(target.endpoint));
  check('bucket', bucketProblem(target.bucket));
  check('prefix', prefixProblem(target.prefix));
  check('region', typeof target.region === 'string' && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(target.region) && target.region.length <= 32
    ? undefined : 'a region name of lowercase letters, digits and single "-", e.g. "eu-west-1"');
  return problems;
}

/**
 * The endpoint must be an https origin. Credentials in the URL would land in dist/ and in every
 * log line that prints it; a query string or path would be signed into every request and is never
 * part of an S3 endpoint; plain http would send the dumps and the signed requests in clear text.
 */
export function endpointProblem(endpoint: string): string | undefined {
  const expected = 'an https origin such as "https://s3.eu-west-1.amazonaws.com" (no credentials, path, query string or fragment)';
  if (typeof endpoint !== 'string' || /\s/.test(endpoint)) return expected;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return expected;
  }
  if (url.protocol !== 'https:') return `https only, not ${url.protocol.replace(/:$/, '')}: ${expected}`;
  if (url.username !== '' || url.password !== '' || /^https:\/\/[^/]*@/i.test(endpoint)) {
    return `no credentials in the URL (use the credentials Secret): ${expected}`;
  }
  if (endpoint.includes('?')) return `no query string: ${expected}`;
  if (endpoint.includes('#')) return `no fragment: ${expected}`;
  if (url.pathname !== '/' || /^https:\/\/[^/]+\/./i.test(endpoint)) return `no path: ${expected}`;
  return undefined;
}

/** The S3 bucket naming rules that matter for path-style requests. */
export function bucketProblem(bucket: string): string | undefined {
  if (typeof bucket !== 'string' || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    return 'a bucket name of 3 to 63 lowercase letters, digits, "." and "-", starting and ending with a letter or digit';
  }
  if (bucket.includes('..')) return 'a bucket name without ".."';
  if (isIP(bucket) !== 0) return 'a bucket name that is not an IP address';
  return undefined;
}

/**
 * Only characters that need no percent-encoding: curl signs the path as written, and the server
 * signs its canonical (encoded) form, so anything else would break the signature.
 */
export function prefixProblem(prefix: string): string | undefined {
  if (prefix === '') return undefined;
  const dotSegment = (segment: string) => segment === '.' || segment === '..';
  if (typeof prefix !== 'string' || !/^([A-Za-z0-9._-]+\/)+$/.test(prefix) || prefix.split('/').some(dotSegment)) {
    return 'empty, or "/"-terminated segments of letters, digits, ".", "_" and "-" (e.g. "task-manager/prod/"), without "." or ".." segments';
  }
  if (prefix.length > 512) return 'a prefix of at most 512 characters';
  return undefined;
}
