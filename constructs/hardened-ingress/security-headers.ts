import { mergeCsp, parseCsp, serializeCsp, unsafeSources } from '../../lib/edge/csp';
import { mergePermissionsPolicy, parsePermissionsPolicy, serializePermissionsPolicy } from '../../lib/edge/permissions-policy';
import {
  additionalValueProblem, CONTENT_TYPE_OPTIONS, COOP, coopProblem, CSP, FRAME_OPTIONS, frameOptionsProblem, HSTS,
  headerNameProblem, headerValueProblem, hstsProblem, MAX_HEADERS, parseHsts, PERMISSIONS_POLICY, REFERRER_POLICY,
  referrerPolicyProblem, XSS_PROTECTION,
} from '../../lib/edge/security-headers';

/* The response headers HardenedIngress sets: strict defaults, per-header overrides, grammar checks. */

/** A reason for allowing CSP `'unsafe-inline'`, `'unsafe-eval'` or `'unsafe-hashes'`. */
export interface CspUnsafeAllowance {
  /** Why the application needs it (kept in the code that loosens the default). */
  readonly reason: string;
}

/**
 * Per-header overrides of `SecurityHeaders.strict()`. Every value is checked against its grammar.
 * `Content-Security-Policy` and `Permissions-Policy` are merged per directive / feature onto the
 * defaults: a directive or feature you name replaces the default one, the others stay.
 */
export interface SecurityHeaderOverrides {
  /**
   * `Strict-Transport-Security`. `preload` needs max-age ≥ 31536000 and includeSubDomains.
   * @default 'max-age=31536000; includeSubDomains'
   */
  readonly strictTransportSecurity?: string;
  /**
   * `Content-Security-Policy` directives, merged onto the default per directive.
   * @default "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
   */
  readonly contentSecurityPolicy?: string;
  /**
   * `Permissions-Policy` features, merged onto the default per feature (e.g. `'geolocation=(self)'`).
   * @default 'camera=(), microphone=(), geolocation=()'
   */
  readonly permissionsPolicy?: string;
  /** @default 'strict-origin-when-cross-origin' */
  readonly referrerPolicy?: string;
  /**
   * `X-Frame-Options`; must agree with CSP `frame-ancestors` (DENY ⇔ 'none').
   * @default 'DENY'
   */
  readonly frameOptions?: 'DENY' | 'SAMEORIGIN';
  /** @default 'same-origin' */
  readonly crossOriginOpenerPolicy?: string;
  /**
   * Further response headers by name. `Set-Cookie` (cookies belong to the application),
   * `Feature-Policy` (replaced by Permissions-Policy) and the headers above are rejected.
   * @default none
   */
  readonly additional?: Readonly<Record<string, string>>;
  /**
   * Needed when the CSP contains `'unsafe-inline'`, `'unsafe-eval'` or `'unsafe-hashes'`.
   * @default not allowed
   */
  readonly allowUnsafe?: CspUnsafeAllowance;
}

/** A header that failed its grammar check. */
export interface SecurityHeaderProblem {
  readonly header: string;
  readonly value: string;
  readonly problem: string;
}

/**
 * The response headers HardenedIngress sets at the edge. Built by `SecurityHeaders.strict()`;
 * HardenedIngress checks them (`problems()`) in its constructor, naming its path and the header.
 */
export class SecurityHeaders {
  /**
   * Safe defaults: HSTS one year with subdomains, nosniff, DENY + frame-ancestors 'none', a
   * self-only CSP, strict-origin-when-cross-origin, camera/microphone/geolocation off,
   * `X-XSS-Protection: 0`, COOP same-origin. Tighten or override per header with `overrides`.
   */
  static strict(overrides: SecurityHeaderOverrides = {}): SecurityHeaders {
    return new SecurityHeaders(overrides);
  }

  private readonly resolved: { headers: Record<string, string>; problems: SecurityHeaderProblem[] };

  private constructor(readonly overrides: SecurityHeaderOverrides) {
    this.resolved = resolveHeaders(overrides);
  }

  /** Header name → value, in a fixed order. Throws when a header fails its grammar check. */
  headers(): Record<string, string> {
    const [first] = this.resolved.problems;
    if (first) throw new Error(`SecurityHeaders: invalid ${first.header} ${JSON.stringify(first.value)}: ${first.problem}`);
    return { ...this.resolved.headers };
  }

  /** Every grammar problem of these headers; empty when they are all valid. */
  problems(): SecurityHeaderProblem[] {
    return [...this.resolved.problems];
  }
}

/** Traefik's dedicated header fields where they exist; the rest as customResponseHeaders. */
export function traefikHeaders(headers: Readonly<Record<string, string>>) {
  const hsts = parseHsts(headers[HSTS]);
  if ('error' in hsts) throw new Error(`unreachable: HSTS was validated (${hsts.error})`);
  const dedicated = new Set([HSTS, CSP, FRAME_OPTIONS, CONTENT_TYPE_OPTIONS, REFERRER_POLICY, PERMISSIONS_POLICY]);
  return {
    stsSeconds: hsts.maxAgeSeconds,
    stsIncludeSubdomains: hsts.includeSubDomains,
    stsPreload: hsts.preload,
    contentTypeNosniff: true as const,
    ...(headers[FRAME_OPTIONS] === 'DENY' ? { frameDeny: true as const } : { customFrameOptionsValue: 'SAMEORIGIN' as const }),
    contentSecurityPolicy: headers[CSP],
    referrerPolicy: headers[REFERRER_POLICY],
    permissionsPolicy: headers[PERMISSIONS_POLICY],
    customResponseHeaders: Object.fromEntries(Object.entries(headers).filter(([name]) => !dedicated.has(name))),
  };
}

const DEFAULTS = {
  hsts: 'max-age=31536000; includeSubDomains',
  csp: "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
  permissionsPolicy: 'camera=(), microphone=(), geolocation=()',
  referrerPolicy: 'strict-origin-when-cross-origin',
  frameOptions: 'DENY',
  coop: 'same-origin',
} as const;

function resolveHeaders(o: SecurityHeaderOverrides): { headers: Record<string, string>; problems: SecurityHeaderProblem[] } {
  const problems: SecurityHeaderProblem[] = [];
  const report = (header: string, value: string, problem: string | undefined): boolean => {
    if (problem) problems.push({ header, value, problem });
    return problem === undefined;
  };

  const hsts = o.strictTransportSecurity ?? DEFAULTS.hsts;
  report(HSTS, hsts, hstsProblem(hsts));

  let csp = o.contentSecurityPolicy ?? DEFAULTS.csp;
  const cspParse = parseCsp(csp);
  const baseCsp = parseCsp(DEFAULTS.csp);
  if ('error' in cspParse || 'error' in baseCsp) {
    report(CSP, csp, 'error' in cspParse ? `does not parse: ${cspParse.error}` : 'unreachable');
  } else {
    const merged = mergeCsp(baseCsp.directives, cspParse.directives);
    csp = serializeCsp(merged);
    const unsafe = unsafeSources(merged);
    const reason = o.allowUnsafe?.reason?.trim();
    if (unsafe.length > 0 && !reason) {
      report(CSP, csp, `uses ${unsafe.join(', ')}, which lets injected script run: remove it (hashes, 'strict-dynamic') or pass allowUnsafe: { reason: '...' }`);
    }
    const frameOptions = o.frameOptions ?? DEFAULTS.frameOptions;
    const ancestors = merged.find((d) => d.name === 'frame-ancestors')?.values ?? [];
    if (frameOptions === 'DENY' && !(ancestors.length === 1 && ancestors[0] === "'none'")) {
      report(CSP, csp, `frame-ancestors ${ancestors.join(' ')} contradicts X-Frame-Options DENY: use frame-ancestors 'none', or frameOptions 'SAMEORIGIN'`);
    }
    if (frameOptions === 'SAMEORIGIN' && ancestors.length === 1 && ancestors[0] === "'none'") {
      report(CSP, csp, "frame-ancestors 'none' contradicts X-Frame-Options SAMEORIGIN: use frame-ancestors 'self' (and the hosts allowed to frame)");
    }
  }
  report(CSP, csp, headerValueProblem(csp));

  const frameOptions: string = o.frameOptions ?? DEFAULTS.frameOptions;
  report(FRAME_OPTIONS, frameOptions, frameOptionsProblem(frameOptions));

  const referrerPolicy = o.referrerPolicy ?? DEFAULTS.referrerPolicy;
  report(REFERRER_POLICY, referrerPolicy, referrerPolicyProblem(referrerPolicy));

  let permissionsPolicy = o.permissionsPolicy ?? DEFAULTS.permissionsPolicy;
  const ppParse = parsePermissionsPolicy(permissionsPolicy);
  const basePp = parsePermissionsPolicy(DEFAULTS.permissionsPolicy);
  if ('error' in ppParse || 'error' in basePp) {
    report(PERMISSIONS_POLICY, permissionsPolicy, 'error' in ppParse ? `does not parse: ${ppParse.error}` : 'unreachable');
  } else {
    permissionsPolicy = serializePermissionsPolicy(mergePermissionsPolicy(basePp.members, ppParse.members));
    report(PERMISSIONS_POLICY, permissionsPolicy, headerValueProblem(permissionsPolicy));
  }

  const coop = o.crossOriginOpenerPolicy ?? DEFAULTS.coop;
  report(COOP, coop, coopProblem(coop));

  const headers: Record<string, string> = {
    [HSTS]: hsts,
    [CSP]: csp,
    [FRAME_OPTIONS]: frameOptions,
    [CONTENT_TYPE_OPTIONS]: 'nosniff',
    [REFERRER_POLICY]: referrerPolicy,
    [PERMISSIONS_POLICY]: permissionsPolicy,
    [COOP]: coop,
    // 0 switches off the legacy XSS auditor: "1; mode=block" was itself exploitable and is gone from browsers.
    [XSS_PROTECTION]: '0',
  };
  const seen = new Set(Object.keys(headers).map((h) => h.toLowerCase()));
  for (const name of Object.keys(o.additional ?? {}).sort()) {
    const value = (o.additional ?? {})[name];
    if (!report(name, value, headerNameProblem(name))) continue;
    if (seen.has(name.toLowerCase())) {
      report(name, value, 'is given twice (header names are case-insensitive)');
      continue;
    }
    seen.add(name.toLowerCase());
    if (!report(name, value, headerValueProblem(value))) continue;
    if (!report(name, value, additionalValueProblem(name, value))) continue;
    headers[name] = value;
  }
  if (Object.keys(headers).length > MAX_HEADERS) {
    problems.push({ header: 'additional', value: Object.keys(headers).join(','), problem: `at most ${MAX_HEADERS} headers in all (Gateway API ResponseHeaderModifier limit); has ${Object.keys(headers).length}` });
  }
  return { headers, problems };
}
