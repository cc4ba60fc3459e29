/**
 * A small, strict Content-Security-Policy (level 3) parser: directive names, source expressions and
 * the value grammar of the non-fetch directives. It rejects what browsers would silently ignore
 * (unknown directives, unquoted keywords, duplicate directives), because an ignored directive is a
 * protection that quietly is not there.
 */

/** One directive: lowercase name and its whitespace-separated values. */
export interface CspDirective {
  readonly name: string;
  readonly values: readonly string[];
}

export type CspParse = { readonly directives: readonly CspDirective[] } | { readonly error: string };

/** Directives whose value is a source list (fetch directives, base-uri, form-action). */
const SOURCE_LIST_DIRECTIVES = new Set([
  'default-src', 'child-src', 'connect-src', 'fenced-frame-src', 'font-src', 'frame-src', 'img-src',
  'manifest-src', 'media-src', 'object-src', 'script-src', 'script-src-elem', 'script-src-attr',
  'style-src', 'style-src-elem', 'style-src-attr', 'worker-src', 'base-uri', 'form-action',
]);
const OTHER_DIRECTIVES = new Set([
  'frame-ancestors', 'sandbox', 'upgrade-insecure-requests', 'report-uri', 'report-to',
  'require-trusted-types-for', 'trusted-types', 'webrtc',
]);
const OBSOLETE_DIRECTIVES: Record<string, string> = {
  'block-all-mixed-content': 'is deprecated: use upgrade-insecure-requests',
  'plugin-types': 'was removed from CSP: use object-src \'none\'',
  'prefetch-src': 'was removed from CSP',
  referrer: 'was removed from CSP: send a Referrer-Policy header',
  'reflected-xss': 'was removed from CSP',
  'navigate-to': 'was removed from CSP',
};

/** Quoted keyword sources of CSP3 (lowercase; CSP compares them case-insensitively). */
const KEYWORDS = new Set([
  "'self'", "'unsafe-inline'", "'unsafe-eval'", "'strict-dynamic'", "'unsafe-hashes'", "'report-sample'",
  "'unsafe-allow-redirects'", "'wasm-unsafe-eval'", "'inline-speculation-rules'", "'trusted-types-eval'",
]);
/** The keywords that switch off what CSP is for: they need a stated reason. */
export const UNSAFE_KEYWORDS: readonly string[] = ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'"];

const SANDBOX_TOKENS = new Set([
  'allow-downloads', 'allow-forms', 'allow-modals', 'allow-orientation-lock', 'allow-pointer-lock',
  'allow-popups', 'allow-popups-to-escape-sandbox', 'allow-presentation', 'allow-same-origin',
  'allow-scripts', 'allow-storage-access-by-user-activation', 'allow-top-navigation',
  'allow-top-navigation-by-user-activation', 'allow-top-navigation-to-custom-protocols',
]);

const SCHEME = '[A-Za-z][A-Za-z0-9+.-]*';
const HOST = '(?:\\*|(?:\\*\\.)?[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*)';
const PORT = '(?::(?:[0-9]+|\\*))?';
const PATH = "(?:/[A-Za-z0-9\\-._~!$&'()*+=:@%/]*)?";
const SCHEME_SOURCE = new RegExp(`^${SCHEME}:$`);
const HOST_SOURCE = new RegExp(`^(?:${SCHEME}://)?${HOST}${PORT}${PATH}$`);
const HASH_SOURCE = /^'(sha256|sha384|sha512)-([A-Za-z0-9+/_-]+={0,2})'$/i;
const HASH_BYTES: Record<string, number> = { sha256: 32, sha384: 48, sha512: 64 };
const DIRECTIVE_NAME = /^[A-Za-z0-9-]+$/;
const REPORT_TO_TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
const TRUSTED_TYPES_POLICY = /^[A-Za-z0-9\-#=_/@.%]+$/;
/** Unquoted words that are keywords when quoted: unquoted, CSP reads them as host names. */
const BARE_KEYWORDS = new Set(['self', 'none', 'unsafe-inline', 'unsafe-eval', 'strict-dynamic', 'unsafe-hashes', 'report-sample', 'wasm-unsafe-eval']);
/** Scheme names written without their ":": CSP reads them as host names. */
const BARE_SCHEMES = new Set(['data', 'blob', 'https', 'http', 'wss', 'ws', 'mediastream', 'filesystem']);

/** Parses a serialized policy; the first problem found is returned as `error`. */
export function parseCsp(text: string): CspParse {
  if (text.trim() === '') return { error: 'is empty' };
  if (text.includes(',')) return { error: 'contains "," which starts a second policy: send one policy, directives separated by ";"' };
  if (/[^\x20-\x7e]/.test(text)) return { error: 'contains a character outside printable ASCII (curly quotes or a line break?)' };
  const parts = text.split(';').map((part) => part.trim());
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop(); // one trailing ";" is fine
  const directives: CspDirective[] = [];
  const seen = new Set<string>();
  for (const part of parts) {
    if (part === '') return { error: 'has an empty directive (";;" or a leading ";")' };
    const [rawName, ...values] = part.split(/[\t ]+/);
    if (!DIRECTIVE_NAME.test(rawName)) return { error: `directive name "${rawName}" is not a CSP directive name` };
    const name = rawName.toLowerCase();
    if (OBSOLETE_DIRECTIVES[name]) return { error: `directive ${name} ${OBSOLETE_DIRECTIVES[name]}` };
    if (!SOURCE_LIST_DIRECTIVES.has(name) && !OTHER_DIRECTIVES.has(name)) return { error: `unknown directive "${rawName}"` };
    if (seen.has(name)) return { error: `directive ${name} appears twice (browsers ignore the second)` };
    seen.add(name);
    const problem = directiveValueProblem(name, values);
    if (problem) return { error: `directive ${name}: ${problem}` };
    directives.push({ name, values: values.map(normalizeKeyword) });
  }
  return { directives };
}

/** Serializes directives the way browsers and people read them: `name v1 v2; name2 ...`. */
export function serializeCsp(directives: readonly CspDirective[]): string {
  return directives.map((d) => [d.name, ...d.values].join(' ')).join('; ');
}

/**
 * Directives of `base` with every directive `override` names replaced by the override's, then the
 * override's new directives in its order.
 */
export function mergeCsp(base: readonly CspDirective[], override: readonly CspDirective[]): CspDirective[] {
  const byName = new Map(override.map((d) => [d.name, d]));
  const merged = base.map((d) => byName.get(d.name) ?? d);
  const baseNames = new Set(base.map((d) => d.name));
  return [...merged, ...override.filter((d) => !baseNames.has(d.name))];
}

/**
 * Sources that let an attacker's script run when a directive that governs scripts allows them: any
 * host (`*`), any host of a scheme (`https:`, `http:`) and inline `data:` URLs (`<script src="data:...">`).
 */
export const UNSAFE_SCRIPT_SOURCES: readonly string[] = ['*', 'data:', 'http:', 'https:'];
const SCRIPT_DIRECTIVES = new Set(['script-src', 'script-src-elem', 'script-src-attr']);

/**
 * The unsafe sources a policy uses, with their directive: the unsafe keywords anywhere
 * (`style-src 'unsafe-inline'`), and `UNSAFE_SCRIPT_SOURCES` in the directives that govern scripts
 * (the script-src family, or default-src when the policy has none of them).
 */
export function unsafeSources(directives: readonly CspDirective[]): string[] {
  const hasScriptDirective = directives.some((d) => SCRIPT_DIRECTIVES.has(d.name));
  const governsScripts = (name: string) => SCRIPT_DIRECTIVES.has(name) || (name === 'default-src' && !hasScriptDirective);
  return directives.flatMap((d) => d.values
    .filter((v) => UNSAFE_KEYWORDS.includes(v) || (governsScripts(d.name) && UNSAFE_SCRIPT_SOURCES.includes(v.toLowerCase())))
    .map((v) => `${d.name} ${v}`));
}

function normalizeKeyword(value: string): string {
  return value.startsWith("'") && KEYWORDS.has(value.toLowerCase()) ? value.toLowerCase() : value;
}

function directiveValueProblem(name: string, values: readonly string[]): string | undefined {
  if (SOURCE_LIST_DIRECTIVES.has(name)) return sourceListProblem(values, false);
  switch (name) {
    case 'frame-ancestors':
      return sourceListProblem(values, true);
    case 'sandbox': {
      const bad = values.find((v) => !SANDBOX_TOKENS.has(v.toLowerCase()));
      return bad === undefined ? undefined : `"${bad}" is not a sandbox flag (allow-scripts, allow-forms, ...)`;
    }
    case 'upgrade-insecure-requests':
      return values.length === 0 ? undefined : 'takes no value';
    case 'report-uri':
      if (values.length === 0) return 'needs at least one URI';
      return values.find((v) => !/^(https:\/\/[^\s]+|\/[^\s]*)$/.test(v)) === undefined ? undefined : 'takes https:// or absolute-path URIs';
    case 'report-to':
      return values.length === 1 && REPORT_TO_TOKEN.test(values[0]) ? undefined : 'takes exactly one reporting endpoint name';
    case 'require-trusted-types-for':
      return values.length === 1 && values[0] === "'script'" ? undefined : "takes exactly 'script'";
    case 'trusted-types':
      return trustedTypesProblem(values);
    case 'webrtc':
      return values.length === 1 && ["'allow'", "'block'"].includes(values[0].toLowerCase()) ? undefined : "takes 'allow' or 'block'";
    default:
      return undefined;
  }
}

function sourceListProblem(values: readonly string[], ancestors: boolean): string | undefined {
  if (values.length === 0) return "has an empty source list: write 'none' to allow nothing";
  const lowered = values.map((v) => v.toLowerCase());
  if (lowered.includes("'none'")) return values.length === 1 ? undefined : "'none' must be the only source";
  for (const value of values) {
    const problem = sourceExpressionProblem(value, ancestors);
    if (problem) return problem;
  }
  return undefined;
}

function sourceExpressionProblem(value: string, ancestors: boolean): string | undefined {
  const lower = value.toLowerCase();
  if (value.startsWith("'")) {
    if (lower === "'self'") return undefined;
    if (/^'nonce-/i.test(value)) return `${value}: a nonce must change with every response; a header fixed at the edge cannot carry one (use a hash)`;
    const hash = HASH_SOURCE.exec(value);
    if (hash) {
      if (ancestors) return `${value}: frame-ancestors takes only 'self', 'none', hosts and schemes`;
      return base64Bytes(hash[2]) === HASH_BYTES[hash[1].toLowerCase()] ? undefined : `${value}: the digest is not a base64 ${hash[1]} value`;
    }
    if (KEYWORDS.has(lower)) return ancestors ? `${value}: frame-ancestors takes only 'self', 'none', hosts and schemes` : undefined;
    return `${value} is not a CSP keyword ('self', 'none', 'strict-dynamic', 'sha256-...', ...)`;
  }
  if (BARE_KEYWORDS.has(lower)) return `"${value}" must be single-quoted ('${lower}'); unquoted it names a host`;
  if (BARE_SCHEMES.has(lower)) return `"${value}" names a host; a scheme source ends with ":" (${lower}:)`;
  if (value === '*' || SCHEME_SOURCE.test(value) || HOST_SOURCE.test(value)) return undefined;
  return `"${value}" is not a source expression (a host such as https://cdn.example.org, a scheme such as https:, or a quoted keyword)`;
}

function trustedTypesProblem(values: readonly string[]): string | undefined {
  if (values.length === 0) return undefined;
  if (values.map((v) => v.toLowerCase()).includes("'none'")) return values.length === 1 ? undefined : "'none' must be the only value";
  const bad = values.find((v) => !(v === '*' || v.toLowerCase() === "'allow-duplicates'" || TRUSTED_TYPES_POLICY.test(v)));
  return bad === undefined ? undefined : `"${bad}" is not a policy name, * or 'allow-duplicates'`;
}

function base64Bytes(text: string): number {
  const body = text.replace(/=+$/, '');
  const padding = text.length - body.length;
  if (padding > 0 && (body.length + padding) % 4 !== 0) return -1;
  return Math.floor((body.length * 6) / 8);
}
