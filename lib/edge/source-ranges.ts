/** Client source ranges (CIDR) an edge may admit. */

import { isEveryAddress, isIpv4Cidr, isIpv6Cidr } from '../cidr';

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
