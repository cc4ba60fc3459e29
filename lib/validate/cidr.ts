/** CIDR notation, recognised one way for egress destinations and edge source ranges. */

const IPV4_CIDR = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\/(3[0-2]|[12]?\d)$/;
const IPV6_CIDR = /^[0-9a-fA-F:]+:[0-9a-fA-F:]*\/(12[0-8]|1[01]\d|[1-9]?\d)$/;

export function isIpv4Cidr(text: string): boolean {
  return IPV4_CIDR.test(text);
}

/** An IPv6 CIDR, hex digits in either case. */
export function isIpv6Cidr(text: string): boolean {
  return IPV6_CIDR.test(text);
}

/** `0.0.0.0/0` or `::/0`: every address, which defeats an allow list. */
export function isEveryAddress(text: string): boolean {
  return text === '0.0.0.0/0' || text === '::/0';
}

/** A CIDR a NetworkPolicy egress rule may name: IPv4 or IPv6 (either case), not every address. */
export function egressCidrProblem(cidr: string): string | undefined {
  if (typeof cidr !== 'string' || (!isIpv4Cidr(cidr) && !isIpv6Cidr(cidr))) return 'an IPv4 or IPv6 CIDR such as "203.0.113.10/32"';
  if (isEveryAddress(cidr)) return 'a specific network: egress to the whole internet defeats the policy';
  return undefined;
}

/**
 * A client source range an edge may admit: IPv4, or IPv6 in lowercase hex; a network address (no
 * host bits set); not every address.
 */
export function sourceRangeProblem(cidr: string): string | undefined {
  // Source ranges take IPv6 in lowercase hex only (egress destinations accept either case).
  if (!isIpv4Cidr(cidr) && !(isIpv6Cidr(cidr) && cidr === cidr.toLowerCase())) return 'an IPv4 or IPv6 CIDR such as "203.0.113.0/24" (lowercase hex for IPv6)';
  if (isEveryAddress(cidr)) return 'a specific network: this admits every source (leave allowedSourceRanges unset instead)';
  if (isIpv4Cidr(cidr)) {
    const [address, bits] = cidr.split('/');
    const value = address.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
    const hostBits = 32 - Number(bits);
    if (hostBits > 0 && value % 2 ** hostBits !== 0) return `a network address: host bits are set (did you mean ${networkAddress(value, Number(bits))}?)`;
  }
  return undefined;
}

function networkAddress(value: number, bits: number): string {
  const network = value - (value % 2 ** (32 - bits));
  return `${[24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join('.')}/${bits}`;
}
