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
