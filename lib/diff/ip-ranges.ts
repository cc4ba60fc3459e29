/** CIDR containment for comparing NetworkPolicy ipBlocks (parsed with ipaddr.js, IPv4 and IPv6). */
import * as ipaddr from 'ipaddr.js';

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

function parse(cidr: string): Range | undefined {
  try {
    return ipaddr.parseCIDR(cidr);
  } catch {
    return undefined;
  }
}

/** True when every address of `inner` is in `outer`; false when either is not a CIDR or they differ in family. */
export function cidrContains(outer: string, inner: string): boolean {
  const [a, b] = [parse(outer), parse(inner)];
  if (!a || !b || a[0].kind() !== b[0].kind()) return outer === inner;
  return b[1] >= a[1] && (b[0] as ipaddr.IPv4).match(a[0] as ipaddr.IPv4, a[1]);
}

/** True when the two ranges share an address (for CIDRs one then contains the other). */
export function cidrsOverlap(a: string, b: string): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}
