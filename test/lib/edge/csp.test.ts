import { mergeCsp, parseCsp, serializeCsp, unsafeSources } from '../../../lib/edge/csp';

function directives(text: string) {
  const parsed = parseCsp(text);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.directives;
}

function problem(text: string): string {
  const parsed = parseCsp(text);
  if (!('error' in parsed)) throw new Error(`expected "${text}" not to parse`);
  return parsed.error;
}

describe('parseCsp', () => {
  test.each([
    "default-src 'self'",
    "default-src 'self';",
    "default-src 'none'; script-src 'self' 'strict-dynamic' 'sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC'; style-src 'self' https://fonts.example.org",
    "img-src 'self' data: blob: https://*.example.org:443/images/ *.cdn.example.org",
    "connect-src 'self' wss://ws.example.org https://api.example.org:*",
    "frame-ancestors https://portal.example.org 'self'",
    'sandbox allow-scripts allow-forms',
    'sandbox',
    'upgrade-insecure-requests',
    'report-uri /csp-reports https://reports.example.org/csp; report-to csp-endpoint',
    "require-trusted-types-for 'script'; trusted-types default dompurify 'allow-duplicates'",
    "DEFAULT-SRC 'SELF'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "webrtc 'block'",
  ])('parses %s', (text) => {
    expect(() => directives(text)).not.toThrow();
  });

  test('lowercases directive names and keywords, keeps hosts as written', () => {
    expect(directives("DEFAULT-SRC 'SELF' https://CDN.example.org")).toEqual([{ name: 'default-src', values: ["'self'", 'https://CDN.example.org'] }]);
  });

  test.each([
    ['', /is empty/],
    ["default-src 'self';; img-src 'self'", /empty directive/],
    ["default-src 'self', img-src 'self'", /starts a second policy/],
    ["defualt-src 'self'", /unknown directive "defualt-src"/],
    ["default_src 'self'", /not a CSP directive name/],
    ["default-src 'self'; default-src *", /appears twice/],
    ["block-all-mixed-content", /deprecated: use upgrade-insecure-requests/],
    ['plugin-types application/pdf', /was removed from CSP/],
    ['default-src', /empty source list: write 'none'/],
    ["default-src 'none' 'self'", /'none' must be the only source/],
    ['default-src self', /"self" must be single-quoted \('self'\)/],
    ["default-src 'self' none", /"none" must be single-quoted/],
    ['img-src data', /"data" names a host; a scheme source ends with ":" \(data:\)/],
    ["script-src 'unsafe-everything'", /'unsafe-everything' is not a CSP keyword/],
    ["script-src \u2018self\u2019", /outside printable ASCII/],
    ["script-src 'sha256-abc'", /the digest is not a base64 sha256 value/],
    ["script-src 'nonce-r4nd0m'", /a nonce must change with every response/],
    ["frame-ancestors 'unsafe-inline'", /frame-ancestors takes only 'self', 'none', hosts and schemes/],
    ['img-src https://exa mple.org/a<b', /is not a source expression/],
    ['img-src https://example.org:port', /is not a source expression/],
    ['upgrade-insecure-requests 1', /takes no value/],
    ['sandbox allow-everything', /"allow-everything" is not a sandbox flag/],
    ['report-to a b', /exactly one reporting endpoint name/],
    ['report-uri http://reports.example.org', /takes https:\/\/ or absolute-path URIs/],
    ["require-trusted-types-for 'style'", /takes exactly 'script'/],
    ["trusted-types 'none' default", /'none' must be the only value/],
    ["webrtc 'maybe'", /takes 'allow' or 'block'/],
  ])('rejects %j', (text, message) => {
    expect(problem(text)).toMatch(message);
  });
});

describe('mergeCsp and unsafeSources', () => {
  const base = directives("default-src 'self'; object-src 'none'; frame-ancestors 'none'");

  test('replaces named directives in place and appends new ones', () => {
    const merged = mergeCsp(base, directives("img-src 'self' data:; default-src 'none'"));
    expect(serializeCsp(merged)).toBe("default-src 'none'; object-src 'none'; frame-ancestors 'none'; img-src 'self' data:");
  });

  test('lists unsafe keywords with their directive', () => {
    expect(unsafeSources(directives("script-src 'self' 'UNSAFE-EVAL'; style-src 'unsafe-inline' 'unsafe-hashes'"))).toEqual([
      "script-src 'unsafe-eval'", "style-src 'unsafe-inline'", "style-src 'unsafe-hashes'",
    ]);
    expect(unsafeSources(base)).toEqual([]);
  });

  test.each<[string, string[]]>([
    ["script-src 'self' data:", ['script-src data:']],
    ['script-src *', ['script-src *']],
    ["script-src-elem 'self' https:", ['script-src-elem https:']],
    ["script-src-attr HTTP:", ['script-src-attr HTTP:']],
    ["default-src 'self' data:", ['default-src data:']],
    // default-src does not govern scripts when a script-src is present; img-src data: loads no script
    ["default-src 'self' data:; script-src 'self'", []],
    ["img-src 'self' data: https:; style-src https:", []],
  ])('a script source that admits any script needs a reason: %s', (policy, expected) => {
    expect(unsafeSources(directives(policy))).toEqual(expected);
  });
});
