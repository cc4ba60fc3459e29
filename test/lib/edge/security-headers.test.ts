import {
  additionalValueProblem, coopProblem, frameOptionsProblem, headerNameProblem, headerValueProblem, hstsProblem, parseHsts,
  referrerPolicyProblem,
} from '../../../lib/edge/security-headers';

describe('HSTS', () => {
  test('parses directives case-insensitively, quoted max-age included', () => {
    expect(parseHsts('max-age=31536000; includeSubDomains')).toEqual({ maxAgeSeconds: 31536000, includeSubDomains: true, preload: false });
    expect(parseHsts('Max-Age="63072000";INCLUDESUBDOMAINS;preload;')).toEqual({ maxAgeSeconds: 63072000, includeSubDomains: true, preload: true });
  });

  test.each([
    ['includeSubDomains', /has no max-age/],
    ['max-age=; includeSubDomains', /max-age needs a number of seconds/],
    ['max-age=1y', /max-age needs a number of seconds/],
    ['max-age=300; max-age=600', /appears twice/],
    ['max-age=300; includeSubDomains=yes', /includeSubDomains takes no value/],
    ['max-age=300; includeSubdomain', /unknown directive "includeSubdomain"/],
    ['max-age=0', /max-age=0 tells browsers to forget HSTS/],
    ['max-age=31535999; includeSubDomains; preload', /preload needs max-age >= 31536000/],
    ['max-age=31536000; preload', /preload needs includeSubDomains/],
    ['max-age=31536000, includeSubDomains', /is not an HSTS directive|max-age needs/],
  ])('rejects %j', (value, message) => {
    expect(hstsProblem(value)).toMatch(message);
  });

  test('accepts a short max-age while ramping up (without preload)', () => {
    expect(hstsProblem('max-age=300')).toBeUndefined();
  });
});

describe('token headers', () => {
  test('Referrer-Policy takes standard tokens, with fallbacks', () => {
    expect(referrerPolicyProblem('strict-origin-when-cross-origin')).toBeUndefined();
    expect(referrerPolicyProblem('no-referrer, strict-origin-when-cross-origin')).toBeUndefined();
    expect(referrerPolicyProblem('never')).toMatch(/"never" is not a referrer policy/);
    expect(referrerPolicyProblem('no-referrer,,origin')).toMatch(/"" is not a referrer policy/);
  });

  test('COOP and X-Frame-Options', () => {
    expect(coopProblem('same-origin')).toBeUndefined();
    expect(coopProblem('noopener-allow-popups')).toBeUndefined();
    expect(coopProblem('Same-Origin')).toMatch(/not a Cross-Origin-Opener-Policy value/);
    expect(frameOptionsProblem('DENY')).toBeUndefined();
    expect(frameOptionsProblem('deny')).toBe('DENY or SAMEORIGIN');
    expect(frameOptionsProblem('ALLOW-FROM https://a.example.org')).toMatch(/obsolete/);
  });
});

describe('extra headers', () => {
  test.each([
    ['Set-Cookie', /cookies belong to the application/],
    ['set-cookie', /cookies belong to the application/],
    ['Feature-Policy', /replaced by Permissions-Policy/],
    ['Public-Key-Pins', /HPKP is obsolete/],
    ['Content-Length', /describes each response body/],
    ['Transfer-Encoding', /hop-by-hop/],
    ['content-security-policy', /its own option/],
    ['X-XSS-Protection', /its own option/],
    ['X Custom', /not a header name/],
    ['X_Custom', /not a header name/],
    ['', /not a header name/],
  ])('rejects the name %j', (name, message) => {
    expect(headerNameProblem(name)).toMatch(message);
  });

  test('accepts ordinary names', () => {
    expect(headerNameProblem('X-Robots-Tag')).toBeUndefined();
    expect(headerNameProblem('Cross-Origin-Embedder-Policy')).toBeUndefined();
  });

  test.each([
    ['', /is empty/],
    [' noindex', /surrounding spaces/],
    ['a\nb', /without line breaks/],
    ['caf\u00e9', /printable ASCII/],
    ['x'.repeat(4097), /longer than 4096/],
  ])('rejects the value %j', (value, message) => {
    expect(headerValueProblem(value)).toMatch(message);
  });

  test('checks the grammar of well-known extra headers only', () => {
    expect(additionalValueProblem('Cross-Origin-Resource-Policy', 'same-site')).toBeUndefined();
    expect(additionalValueProblem('cross-origin-resource-policy', 'everyone')).toMatch(/same-origin, same-site or cross-origin/);
    expect(additionalValueProblem('Content-Security-Policy-Report-Only', "default-src self")).toMatch(/must be single-quoted/);
    expect(additionalValueProblem('X-Robots-Tag', 'anything goes')).toBeUndefined();
  });
});
