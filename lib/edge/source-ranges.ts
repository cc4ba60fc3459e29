/** Client source ranges (CIDR) an edge may admit. */

const IPV4 = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\/(3[0-2]|[12]?\d)$/;
const IPV6 = /^[0-9a-f:]+:[0-9a-f:]*\/(12[0-8]|1[01]\d|[1-9]?\d)$/;

export function sourceRangeProblem(cidr: string): string | undefined {
  if (!IPV4.test(cidr) && !IPV6.test(cidr)) return 'an IPv4 or IPv6 CIDR such as "203.0.113.0/24" (lowercase hex for IPv6)';
  if (cidr === '0.0.0.0/0' || /^::\/0$/.test(cidr)) return 'a specific network: this admits every source (leave allowedSourceRanges unset instead)';
  if (IPV4.test(cidr)) {
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
