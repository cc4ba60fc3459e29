/**
 * CIDR notation, recognised one way for egress destinations and edge source ranges. IPv4 is the
 * dotted-quad form only (no `0x7f.1`, no leading zeros); IPv6 is parsed by ipaddr.js, so `fffff::`
 * (a group over 16 bits) and zone ids (`%eth0`) are refused. A prefix with host bits set is refused
 * with the network it probably meant: normalising silently would widen a rule without saying so.
 */
import * as ipaddr from 'ipaddr.js';

const IPV4_CIDR = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\/(3[0-2]|[12]?\d)$/;
const IPV6_CIDR = /^([0-9a-fA-F:.]+)\/(12[0-8]|1[01]\d|[1-9]?\d)$/;

export function isIpv4Cidr(text: string): boolean {
  return typeof text === 'string' && IPV4_CIDR.test(text);
}

/** An IPv6 CIDR, hex digits in either case, every group at most 16 bits. */
export function isIpv6Cidr(text: string): boolean {
  const match = typeof text === 'string' ? IPV6_CIDR.exec(text) : null;
  return match !== null && match[1].includes(':') && ipaddr.IPv6.isValid(match[1]);
}

/** A /0 in either family (`0.0.0.0/0`, `::/0`, `0::/0`, `1.2.3.4/0`): every address, which defeats an allow list. */
export function isEveryAddress(text: string): boolean {
  return (isIpv4Cidr(text) || isIpv6Cidr(text)) && text.endsWith('/0');
}

/** The network a CIDR with host bits set probably meant (`10.0.0.1/8` -> `10.0.0.0/8`); undefined when none are set. */
export function hostBitsProblem(cidr: string): string | undefined {
  const [address, bits] = cidr.split('/');
  const parsed = ipaddr.parse(address);
  const network = parsed.kind() === 'ipv4'
    ? ipaddr.IPv4.networkAddressFromCIDR(cidr)
    : ipaddr.IPv6.networkAddressFromCIDR(cidr);
  if (network.toNormalizedString() === parsed.toNormalizedString()) return undefined;
  return `a network address: host bits are set (did you mean ${network.toString()}/${bits}?)`;
}

/** A CIDR a NetworkPolicy egress rule may name: IPv4 or IPv6 (either case), a network address, not every address. */
export function egressCidrProblem(cidr: string): string | undefined {
  if (!isIpv4Cidr(cidr) && !isIpv6Cidr(cidr)) return 'an IPv4 or IPv6 CIDR such as "203.0.113.10/32"';
  if (isEveryAddress(cidr)) return 'a specific network: egress to the whole internet defeats the policy';
  return hostBitsProblem(cidr);
}

/**
 * A client source range an edge may admit: IPv4, or IPv6 in lowercase hex; a network address (no
 * host bits set); not every address.
 */
export function sourceRangeProblem(cidr: string): string | undefined {
  // Source ranges take IPv6 in lowercase hex only (egress destinations accept either case).
  if (!isIpv4Cidr(cidr) && !(isIpv6Cidr(cidr) && cidr === cidr.toLowerCase())) return 'an IPv4 or IPv6 CIDR such as "203.0.113.0/24" (lowercase hex for IPv6)';
  if (isEveryAddress(cidr)) return 'a specific network: this admits every source (leave allowedSourceRanges unset instead)';
  return hostBitsProblem(cidr);
}
