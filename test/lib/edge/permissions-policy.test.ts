import { mergePermissionsPolicy, parsePermissionsPolicy, serializePermissionsPolicy } from '../../../lib/edge/permissions-policy';

function members(text: string) {
  const parsed = parsePermissionsPolicy(text);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.members;
}

function problem(text: string): string {
  const parsed = parsePermissionsPolicy(text);
  if (!('error' in parsed)) throw new Error(`expected "${text}" not to parse`);
  return parsed.error;
}

describe('parsePermissionsPolicy', () => {
  test.each([
    'camera=()',
    'camera=(), microphone=(), geolocation=()',
    'geolocation=(self "https://maps.example.org")',
    'fullscreen=*',
    'fullscreen=self',
    'payment=( self )',
    'autoplay=("https://*.example.org:8443")',
    'ch-ua-platform=*,sync-xhr=()',
  ])('parses %s', (text) => {
    expect(() => members(text)).not.toThrow();
  });

  test('normalizes inner-list spacing', () => {
    expect(serializePermissionsPolicy(members('payment=(  self   "https://pay.example.org" )'))).toBe('payment=(self "https://pay.example.org")');
  });

  test.each([
    ['', /is empty/],
    ['camra=()', /unknown feature "camra"/],
    ['Camera=()', /"Camera" is not a feature name/],
    ['camera', /has no allowlist: write camera=\(\) to turn it off/],
    ["camera 'none'", /has no allowlist/],
    ['camera=(), camera=(self)', /feature camera appears twice/],
    ['camera=(),, microphone=()', /empty member/],
    ['camera=(self', /is not an inner list/],
    ["camera=('self')", /Feature-Policy syntax/],
    ['camera=none', /Feature-Policy syntax/],
    ['camera=(* self)', /\* must be the only item/],
    ['camera=("http://a.example.org/path")', /is not a quoted origin/],
    ['camera=(https://a.example.org)', /is not self, \* or a quoted origin/],
    ['camera=();report-to=x', /parameters/],
    ['camera=', /empty allowlist/],
  ])('rejects %j', (text, message) => {
    expect(problem(text)).toMatch(message);
  });

  test('merge replaces features in place and appends new ones', () => {
    const merged = mergePermissionsPolicy(members('camera=(), microphone=(), geolocation=()'), members('payment=(), geolocation=(self)'));
    expect(serializePermissionsPolicy(merged)).toBe('camera=(), microphone=(), geolocation=(self), payment=()');
  });
});
