import { egressCidrProblem, isEveryAddress, isIpv4Cidr, isIpv6Cidr, sourceRangeProblem } from '../../../lib/validate';

const NOT_A_CIDR = 'an IPv4 or IPv6 CIDR such as "203.0.113.10/32"';
const WHOLE_INTERNET = 'a specific network: egress to the whole internet defeats the policy';

describe('CIDR parsing (egress destinations)', () => {
  test.each<[string, string | undefined]>([
    ['203.0.113.10/32', undefined],
    ['10.0.0.0/8', undefined],
    ['2001:db8::/32', undefined],
    ['2001:DB8::/32', undefined],
    ['::ffff:192.0.2.0/120', undefined],
    // malformed
    ['fffff::/64', NOT_A_CIDR],
    ['2001:db8::g/64', NOT_A_CIDR],
    ['2001:db8:::/64', NOT_A_CIDR],
    ['fe80::1%eth0/64', NOT_A_CIDR],
    ['2001:db8::/129', NOT_A_CIDR],
    ['256.0.0.0/8', NOT_A_CIDR],
    ['010.0.0.0/8', NOT_A_CIDR],
    ['0x7f.0.0.0/8', NOT_A_CIDR],
    ['10.0.0.0', NOT_A_CIDR],
    ['10.0.0.0/33', NOT_A_CIDR],
    ['', NOT_A_CIDR],
    // every address, in either family and however spelt
    ['0.0.0.0/0', WHOLE_INTERNET],
    ['1.2.3.4/0', WHOLE_INTERNET],
    ['::/0', WHOLE_INTERNET],
    ['0::/0', WHOLE_INTERNET],
    ['2001:db8::/0', WHOLE_INTERNET],
    // host bits set: refused with the network meant (never normalised silently)
    ['10.0.0.1/8', 'a network address: host bits are set (did you mean 10.0.0.0/8?)'],
    ['203.0.113.77/24', 'a network address: host bits are set (did you mean 203.0.113.0/24?)'],
    ['2001:db8::1/64', 'a network address: host bits are set (did you mean 2001:db8::/64?)'],
  ])('%s', (cidr, expected) => {
    expect(egressCidrProblem(cidr)).toBe(expected);
  });

  test('the family predicates agree with the parser', () => {
    expect(isIpv6Cidr('fffff::/64')).toBe(false);
    expect(isIpv6Cidr('1.2.3.4/32')).toBe(false);
    expect(isIpv4Cidr('1.2.3.4/32')).toBe(true);
    expect(isEveryAddress('0::/0')).toBe(true);
    expect(isEveryAddress('0::/1')).toBe(false);
  });
});

describe('source ranges (edge allow lists)', () => {
  test.each<[string, string | undefined]>([
    ['203.0.113.0/24', undefined],
    ['2001:db8::/48', undefined],
    ['2001:DB8::/48', 'an IPv4 or IPv6 CIDR such as "203.0.113.0/24" (lowercase hex for IPv6)'],
    ['fffff::/64', 'an IPv4 or IPv6 CIDR such as "203.0.113.0/24" (lowercase hex for IPv6)'],
    ['0::/0', 'a specific network: this admits every source (leave allowedSourceRanges unset instead)'],
    ['1.2.3.4/0', 'a specific network: this admits every source (leave allowedSourceRanges unset instead)'],
    ['2001:db8::5/48', 'a network address: host bits are set (did you mean 2001:db8::/48?)'],
  ])('%s', (cidr, expected) => {
    expect(sourceRangeProblem(cidr)).toBe(expected);
  });
});
