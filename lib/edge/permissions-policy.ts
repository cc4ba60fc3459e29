/**
 * Permissions-Policy (a Structured Fields dictionary, RFC 9651): `feature=allowlist, ...` where an
 * allowlist is `*`, `self`, an origin string, or an inner list of those: `()` allows nothing,
 * `(self "https://maps.example.org")` allows the page and that origin. Features are checked
 * against a list of known names: browsers silently ignore an unknown (misspelt) feature.
 */

/** One feature and its serialized allowlist (`()`, `(self)`, `*`, ...). */
export interface PermissionsPolicyMember {
  readonly feature: string;
  readonly allowlist: string;
}

export type PermissionsPolicyParse = { readonly members: readonly PermissionsPolicyMember[] } | { readonly error: string };

/**
 * Policy-controlled features from the W3C Permissions Policy registry and the specs that define
 * them (standardized, proposed and shipped experimental features, client hints included).
 * Extend this list when a browser ships a new feature you need.
 */
export const KNOWN_PERMISSIONS_POLICY_FEATURES: ReadonlySet<string> = new Set([
  'accelerometer', 'all-screens-capture', 'ambient-light-sensor', 'attribution-reporting', 'autoplay',
  'battery', 'bluetooth', 'browsing-topics', 'camera', 'captured-surface-control', 'clipboard-read',
  'clipboard-write', 'compute-pressure', 'cross-origin-isolated', 'deferred-fetch', 'deferred-fetch-minimal',
  'digital-credentials-get', 'direct-sockets', 'display-capture', 'document-domain', 'encrypted-media',
  'execution-while-not-rendered', 'execution-while-out-of-viewport', 'fullscreen', 'gamepad', 'geolocation',
  'gyroscope', 'hid', 'identity-credentials-get', 'idle-detection', 'interest-cohort', 'join-ad-interest-group',
  'keyboard-map', 'language-detector', 'local-fonts', 'magnetometer', 'microphone', 'midi', 'navigation-override',
  'otp-credentials', 'payment', 'picture-in-picture', 'private-aggregation', 'private-state-token-issuance',
  'private-state-token-redemption', 'publickey-credentials-create', 'publickey-credentials-get', 'rewriter',
  'run-ad-auction', 'screen-wake-lock', 'serial', 'shared-storage', 'shared-storage-select-url', 'smart-card',
  'speaker-selection', 'storage-access', 'summarizer', 'sync-xhr', 'translator', 'unload', 'usb',
  'vertical-scroll', 'web-share', 'window-management', 'writer', 'xr-spatial-tracking',
  // User-agent client hints (delegated through Permissions-Policy).
  'ch-device-memory', 'ch-downlink', 'ch-dpr', 'ch-ect', 'ch-prefers-color-scheme', 'ch-prefers-reduced-motion',
  'ch-prefers-reduced-transparency', 'ch-rtt', 'ch-save-data', 'ch-ua', 'ch-ua-arch', 'ch-ua-bitness',
  'ch-ua-form-factors', 'ch-ua-full-version', 'ch-ua-full-version-list', 'ch-ua-mobile', 'ch-ua-model',
  'ch-ua-platform', 'ch-ua-platform-version', 'ch-ua-wow64', 'ch-viewport-height', 'ch-viewport-width', 'ch-width',
]);

const KEY = /^[a-z*][a-z0-9_\-.*]*$/;
const ORIGIN = /^"https?:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:[0-9]{1,5})?"$/;

/** Parses the header; the first problem found is returned as `error`. */
export function parsePermissionsPolicy(text: string): PermissionsPolicyParse {
  if (/[^\x20-\x7e]/.test(text)) return { error: 'contains a character outside printable ASCII (curly quotes or a line break?)' };
  if (text.trim() === '') return { error: 'is empty' };
  const members: PermissionsPolicyMember[] = [];
  const seen = new Set<string>();
  for (const raw of splitMembers(text)) {
    const member = raw.trim();
    if (member === '') return { error: 'has an empty member (",," or a trailing ",")' };
    const eq = member.indexOf('=');
    if (eq < 0) return { error: `"${member}" has no allowlist: write ${member}=() to turn it off or ${member}=(self) to allow the page` };
    const feature = member.slice(0, eq);
    if (!KEY.test(feature)) return { error: `"${feature}" is not a feature name (lowercase, e.g. camera)` };
    if (!KNOWN_PERMISSIONS_POLICY_FEATURES.has(feature)) return { error: `unknown feature "${feature}" (browsers ignore it; known: camera, microphone, geolocation, payment, ...)` };
    if (seen.has(feature)) return { error: `feature ${feature} appears twice` };
    seen.add(feature);
    const allowlist = member.slice(eq + 1);
    const problem = allowlistProblem(allowlist);
    if (problem) return { error: `feature ${feature}: ${problem}` };
    members.push({ feature, allowlist: normalizeAllowlist(allowlist) });
  }
  return { members };
}

export function serializePermissionsPolicy(members: readonly PermissionsPolicyMember[]): string {
  return members.map((m) => `${m.feature}=${m.allowlist}`).join(', ');
}

/** Members of `base`, each replaced by the override's member for that feature, then the override's new features. */
export function mergePermissionsPolicy(
  base: readonly PermissionsPolicyMember[], override: readonly PermissionsPolicyMember[],
): PermissionsPolicyMember[] {
  const byFeature = new Map(override.map((m) => [m.feature, m]));
  const baseFeatures = new Set(base.map((m) => m.feature));
  return [...base.map((m) => byFeature.get(m.feature) ?? m), ...override.filter((m) => !baseFeatures.has(m.feature))];
}

/** Splits on commas outside quoted strings. */
function splitMembers(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out;
}

function allowlistProblem(allowlist: string): string | undefined {
  if (allowlist.includes(';')) return 'parameters (";...") are not supported here';
  if (allowlist.startsWith('(')) {
    if (!allowlist.endsWith(')')) return `"${allowlist}" is not an inner list: close it with ")"`;
    const items = allowlist.slice(1, -1).split(' ').filter((item) => item !== '');
    if (items.includes('*') && items.length > 1) return '* must be the only item';
    const bad = items.find((item) => itemProblem(item));
    return bad === undefined ? undefined : itemProblem(bad);
  }
  if (allowlist === '') return 'has an empty allowlist: write () to turn the feature off';
  return itemProblem(allowlist);
}

function itemProblem(item: string): string | undefined {
  if (item === '*' || item === 'self') return undefined;
  if (item === "'self'" || item === "'none'" || item === 'none') return `"${item}" is Feature-Policy syntax: use self, () for none`;
  if (item.startsWith('"')) return ORIGIN.test(item) ? undefined : `${item} is not a quoted origin such as "https://maps.example.org"`;
  return `"${item}" is not self, * or a quoted origin`;
}

function normalizeAllowlist(allowlist: string): string {
  return allowlist.startsWith('(') ? `(${allowlist.slice(1, -1).split(' ').filter((i) => i !== '').join(' ')})` : allowlist;
}
