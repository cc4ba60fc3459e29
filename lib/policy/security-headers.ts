/**
 * The HTTP response headers every public route must send, and how to read which ones a Gateway
 * API filter, a Traefik Middleware or an ingress-nginx custom-headers ConfigMap sets.
 */
import { asArray, asInteger, asObject, asString, asStringMap } from './json';
import { Manifest } from './types';

/** Response headers a route sets: lowercase name to value. */
export type HeaderSet = ReadonlyMap<string, string>;

interface RequiredHeader {
  readonly label: string;
  readonly isSet: (headers: HeaderSet) => boolean;
}

const REQUIRED_HEADERS: readonly RequiredHeader[] = [
  { label: 'Strict-Transport-Security', isSet: (headers) => headers.has('strict-transport-security') },
  { label: 'X-Content-Type-Options', isSet: (headers) => headers.has('x-content-type-options') },
  {
    label: 'X-Frame-Options (or a Content-Security-Policy with frame-ancestors)',
    isSet: (headers) => headers.has('x-frame-options') || /(^|;)\s*frame-ancestors\b/i.test(headers.get('content-security-policy') ?? ''),
  },
  { label: 'Content-Security-Policy', isSet: (headers) => headers.has('content-security-policy') },
  { label: 'Referrer-Policy', isSet: (headers) => headers.has('referrer-policy') },
];

/** Labels of the required headers that `headers` lacks, in a fixed order. */
export function missingSecurityHeaders(headers: HeaderSet): string[] {
  return REQUIRED_HEADERS.filter((header) => !header.isSet(headers)).map((header) => header.label);
}

export function mergeHeaders(sets: readonly HeaderSet[]): HeaderSet {
  return new Map(sets.flatMap((set) => [...set]));
}

/** Headers set or added by a Gateway API `ResponseHeaderModifier` filter (`{ type, responseHeaderModifier }`). */
export function headersOfResponseModifier(filter: unknown): HeaderSet {
  const modifier = asObject(asObject(filter)?.responseHeaderModifier);
  const headers = new Map<string, string>();
  for (const list of [modifier?.set, modifier?.add]) {
    for (const header of asArray(list)) {
      const name = asString(asObject(header)?.name);
      const value = asString(asObject(header)?.value);
      if (name && value) headers.set(name.toLowerCase(), value);
    }
  }
  return headers;
}

/**
 * Headers a Traefik Middleware's `headers` section sends. A custom header with an empty value
 * removes the header in Traefik, so it does not count.
 */
export function headersOfMiddleware(middleware: Manifest): HeaderSet {
  const config = asObject(asObject(middleware.spec)?.headers);
  const headers = new Map<string, string>();
  if (!config) return headers;
  for (const [name, value] of Object.entries(asStringMap(config.customResponseHeaders))) {
    if (value !== '') headers.set(name.toLowerCase(), value);
  }
  const stsSeconds = asInteger(config.stsSeconds);
  if (stsSeconds !== undefined && stsSeconds > 0) headers.set('strict-transport-security', `max-age=${stsSeconds}`);
  if (config.contentTypeNosniff === true) headers.set('x-content-type-options', 'nosniff');
  if (config.frameDeny === true) headers.set('x-frame-options', 'DENY');
  const frameOptions = asString(config.customFrameOptionsValue);
  if (frameOptions) headers.set('x-frame-options', frameOptions);
  const contentSecurityPolicy = asString(config.contentSecurityPolicy);
  if (contentSecurityPolicy) headers.set('content-security-policy', contentSecurityPolicy);
  const referrerPolicy = asString(config.referrerPolicy);
  if (referrerPolicy) headers.set('referrer-policy', referrerPolicy);
  return headers;
}

/** Headers of an ingress-nginx custom-headers ConfigMap: each data key is a header name. */
export function headersOfConfigMap(configMap: Manifest): HeaderSet {
  return new Map(
    Object.entries(asStringMap(configMap.data))
      .filter(([, value]) => value !== '')
      .map(([name, value]) => [name.toLowerCase(), value]),
  );
}
