/**
 * Grammar checks for the security response headers set at the edge (other than CSP and
 * Permissions-Policy, which have their own parsers). Each check returns a problem text or
 * undefined; the construct turns a problem into an error naming its path and the header.
 */
import { parseCsp } from './csp';

export const HSTS = 'Strict-Transport-Security';
export const CSP = 'Content-Security-Policy';
export const FRAME_OPTIONS = 'X-Frame-Options';
export const CONTENT_TYPE_OPTIONS = 'X-Content-Type-Options';
export const REFERRER_POLICY = 'Referrer-Policy';
export const PERMISSIONS_POLICY = 'Permissions-Policy';
export const COOP = 'Cross-Origin-Opener-Policy';
export const XSS_PROTECTION = 'X-XSS-Protection';

/** The headers with their own option, in the order they are emitted. */
export const MANAGED_HEADERS: readonly string[] = [
  HSTS, CSP, FRAME_OPTIONS, CONTENT_TYPE_OPTIONS, REFERRER_POLICY, PERMISSIONS_POLICY, COOP, XSS_PROTECTION,
];

/** Gateway API `ResponseHeaderModifier.set` holds at most 16 headers; the same limit keeps every edge equal. */
export const MAX_HEADERS = 16;
/** Gateway API `HTTPHeader.value` is at most 4096 characters. */
export const MAX_HEADER_VALUE = 4096;
/** One year: the HSTS floor for preload lists. */
export const ONE_YEAR_SECONDS = 31536000;

/** Parsed `Strict-Transport-Security`. */
export interface Hsts {
  readonly maxAgeSeconds: number;
  readonly includeSubDomains: boolean;
  readonly preload: boolean;
}

/** Parses HSTS (RFC 6797): `max-age=<seconds>` required once, `includeSubDomains` and `preload` optional. */
export function parseHsts(text: string): Hsts | { readonly error: string } {
  let maxAge: number | undefined;
  let includeSubDomains = false;
  let preload = false;
  const seen = new Set<string>();
  const parts = text.split(';').map((p) => p.trim());
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  for (const part of parts) {
    const match = /^([A-Za-z-]+)(?:\s*=\s*(.*))?$/.exec(part);
    if (!match) return { error: `"${part}" is not an HSTS directive (max-age=<seconds>, includeSubDomains, preload)` };
    const name = match[1].toLowerCase();
    if (seen.has(name)) return { error: `directive ${match[1]} appears twice (browsers then ignore the whole header)` };
    seen.add(name);
    const value = match[2];
    if (name === 'max-age') {
      const digits = value?.replace(/^"(.*)"$/, '$1');
      if (digits === undefined || !/^[0-9]{1,10}$/.test(digits)) return { error: 'max-age needs a number of seconds (max-age=31536000)' };
      maxAge = Number(digits);
    } else if (name === 'includesubdomains' || name === 'preload') {
      if (value !== undefined) return { error: `${match[1]} takes no value` };
      if (name === 'preload') preload = true;
      else includeSubDomains = true;
    } else {
      return { error: `unknown directive "${match[1]}" (max-age, includeSubDomains, preload)` };
    }
  }
  if (maxAge === undefined) return { error: 'has no max-age (browsers ignore an HSTS header without it)' };
  return { maxAgeSeconds: maxAge, includeSubDomains, preload };
}

export function hstsProblem(text: string): string | undefined {
  const hsts = parseHsts(text);
  if ('error' in hsts) return hsts.error;
  if (hsts.maxAgeSeconds === 0) return 'max-age=0 tells browsers to forget HSTS: give a positive max-age (a year by default; ramp up from 300 when introducing HSTS)';
  if (hsts.preload && hsts.maxAgeSeconds < ONE_YEAR_SECONDS) return `preload needs max-age >= ${ONE_YEAR_SECONDS} (one year); got ${hsts.maxAgeSeconds}`;
  if (hsts.preload && !hsts.includeSubDomains) return 'preload needs includeSubDomains';
  return undefined;
}

/** https://w3c.github.io/webappsec-referrer-policy/#referrer-policies */
export const REFERRER_POLICY_TOKENS: ReadonlySet<string> = new Set([
  'no-referrer', 'no-referrer-when-downgrade', 'same-origin', 'origin', 'strict-origin',
  'origin-when-cross-origin', 'strict-origin-when-cross-origin', 'unsafe-url',
]);

/** A comma-separated list of policy tokens (later ones are fallbacks for older browsers). */
export function referrerPolicyProblem(text: string): string | undefined {
  const tokens = text.split(',').map((t) => t.trim());
  const bad = tokens.find((t) => !REFERRER_POLICY_TOKENS.has(t));
  if (bad !== undefined) return `"${bad}" is not a referrer policy (${[...REFERRER_POLICY_TOKENS].join(', ')})`;
  return undefined;
}

export const COOP_VALUES: readonly string[] = ['same-origin', 'same-origin-allow-popups', 'noopener-allow-popups', 'unsafe-none'];

export function coopProblem(text: string): string | undefined {
  return COOP_VALUES.includes(text) ? undefined : `not a Cross-Origin-Opener-Policy value (${COOP_VALUES.join(', ')})`;
}

export function frameOptionsProblem(text: string): string | undefined {
  if (text === 'DENY' || text === 'SAMEORIGIN') return undefined;
  if (/^allow-from/i.test(text)) return 'ALLOW-FROM is obsolete (browsers ignore it): use DENY or SAMEORIGIN, and CSP frame-ancestors for origins';
  return 'DENY or SAMEORIGIN';
}

/**
 * Header names that must never be set at the edge, and why. Cookies belong to the application: an
 * edge `Set-Cookie` replaces (ResponseHeaderModifier `set`, Traefik customResponseHeaders,
 * ingress-nginx more_set_headers) every cookie the application sent.
 */
const FORBIDDEN_HEADERS: Record<string, string> = {
  'set-cookie': 'cookies belong to the application: an edge Set-Cookie overwrites the cookies the application sets (set Secure, HttpOnly and SameSite in the application)',
  'set-cookie2': 'is obsolete, and cookies belong to the application',
  'feature-policy': 'is replaced by Permissions-Policy: use the permissionsPolicy option',
  'public-key-pins': 'HPKP is obsolete and can lock users out of the site',
  'expect-ct': 'is obsolete (Certificate Transparency is enforced by browsers)',
  connection: 'is hop-by-hop: the proxy owns it',
  'keep-alive': 'is hop-by-hop: the proxy owns it',
  'transfer-encoding': 'is hop-by-hop: the proxy owns it',
  upgrade: 'is hop-by-hop: the proxy owns it',
  trailer: 'is hop-by-hop: the proxy owns it',
  'proxy-connection': 'is hop-by-hop: the proxy owns it',
  'content-length': 'describes each response body: the application and proxy own it',
  'content-type': 'describes each response body: the application owns it',
  'content-encoding': 'describes each response body: the application and proxy own it',
  location: 'belongs to the application\'s redirects',
};

/** Value grammars of well-known extra headers. */
const ADDITIONAL_VALUE_CHECKS: Record<string, (value: string) => string | undefined> = {
  'cross-origin-embedder-policy': (v) => (['require-corp', 'credentialless', 'unsafe-none'].includes(v) ? undefined : 'require-corp, credentialless or unsafe-none'),
  'cross-origin-resource-policy': (v) => (['same-origin', 'same-site', 'cross-origin'].includes(v) ? undefined : 'same-origin, same-site or cross-origin'),
  'content-security-policy-report-only': (v) => {
    const parsed = parseCsp(v);
    return 'error' in parsed ? parsed.error : undefined;
  },
  'x-permitted-cross-domain-policies': (v) => (['none', 'master-only', 'by-content-type', 'by-ftp-filename', 'all'].includes(v) ? undefined : 'none, master-only, by-content-type, by-ftp-filename or all'),
  'x-dns-prefetch-control': (v) => (['on', 'off'].includes(v) ? undefined : 'on or off'),
};

/**
 * A header name every edge accepts: letters, digits and "-" (ingress-nginx allows no other
 * characters in its custom-headers ConfigMap; underscores are dropped by many proxies).
 */
export function headerNameProblem(name: string): string | undefined {
  if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,255}$/.test(name)) return 'not a header name: letters, digits and "-", at most 256 characters';
  const lower = name.toLowerCase();
  if (FORBIDDEN_HEADERS[lower]) return FORBIDDEN_HEADERS[lower];
  if (MANAGED_HEADERS.some((h) => h.toLowerCase() === lower)) return 'is set through its own option of SecurityHeaders.strict(), not through additional';
  return undefined;
}

/** Printable ASCII without leading/trailing spaces (no CR/LF: no header injection), at most 4096 characters. */
export function headerValueProblem(value: string): string | undefined {
  if (value.length === 0) return 'is empty';
  if (value.length > MAX_HEADER_VALUE) return `is longer than ${MAX_HEADER_VALUE} characters (the Gateway API limit)`;
  if (!/^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(value)) return 'must be printable ASCII without line breaks or surrounding spaces';
  return undefined;
}

/** Grammar of a well-known extra header's value; undefined for headers without a known grammar. */
export function additionalValueProblem(name: string, value: string): string | undefined {
  const check = ADDITIONAL_VALUE_CHECKS[name.toLowerCase()];
  return check ? check(value) : undefined;
}
