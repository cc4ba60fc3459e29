import { hostnameProblem } from '../../../lib/edge/hostnames';
import { pathKey, pathProblem } from '../../../lib/edge/paths';
import { sourceRangeProblem } from '../../../lib/validate';

describe('hostnameProblem', () => {
  test.each(['shop.example.org', '*.example.org', 'a-b.c1.example.org', 'xn--bcher-kva.example'])('accepts %s', (host) => {
    expect(hostnameProblem(host)).toBeUndefined();
  });

  test.each([
    ['Shop.example.org', /lowercase/],
    ['*.Example.org', /lowercase/],
    ['a.*.example.org', /whole first label/],
    ['*a.example.org', /whole first label/],
    ['*', /whole first label|at least two labels/],
    ['*.com', /at least two labels/],
    ['intranet', /fully qualified/],
    ['a..example.org', /label "" is not an RFC 1123 label/],
    ['a_b.example.org', /label "a_b"/],
    [`${'a'.repeat(64)}.example.org`, /label "a{64}"/],
    [`${'a.'.repeat(127)}org`, /at most 253 characters/],
    ['192.168.1.1', /IP address/],
  ])('rejects %j', (host, message) => {
    expect(hostnameProblem(host)).toMatch(message);
  });
});

describe('pathProblem and pathKey', () => {
  test.each(['/', '/api', '/api/v1/', '/static/app.min.js', '/~user'])('accepts %s', (path) => {
    expect(pathProblem(path)).toBeUndefined();
  });

  test.each([
    ['api', /start with "\/"/],
    ['/api/(.*)', /may contain only/],
    ['/a b', /may contain only/],
    ['/a#b', /may contain only/],
    ['/a%2fb', /may contain only/],
    ['/a//b', /"\/\/"/],
    ['/a/./b', /"\." or "\.\." segments/],
    ['/a/..', /"\." or "\.\." segments/],
    [`/${'a'.repeat(1024)}`, /at most 1024/],
  ])('rejects %j', (path, message) => {
    expect(pathProblem(path)).toMatch(message);
  });

  test('a trailing slash does not make a different route', () => {
    expect(pathKey('/api/')).toBe(pathKey('/api'));
    expect(pathKey('/')).toBe('/');
  });
});

describe('sourceRangeProblem', () => {
  test.each(['10.0.0.0/8', '203.0.113.7/32', '2001:db8::/32', '::1/128'])('accepts %s', (cidr) => {
    expect(sourceRangeProblem(cidr)).toBeUndefined();
  });

  test.each([
    ['10.0.0.0', /CIDR/],
    ['10.0.0.256/32', /CIDR/],
    ['10.0.0.0/33', /CIDR/],
    ['0.0.0.0/0', /admits every source/],
    ['::/0', /admits every source/],
    ['192.168.1.10/24', /did you mean 192.168.1.0\/24/],
  ])('rejects %j', (cidr, message) => {
    expect(sourceRangeProblem(cidr)).toMatch(message);
  });
});
