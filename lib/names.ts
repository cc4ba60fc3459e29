/** Kubernetes name rules, checked in constructors so a bad name never reaches the API server. */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** RFC 1123 label: lowercase alphanumerics and '-', at most `max` characters (63 by default). */
export function dnsLabelProblem(name: string, max = 63): string | undefined {
  if (name.length > max) return `must be at most ${max} characters (has ${name.length})`;
  if (!DNS_LABEL.test(name)) return 'must be an RFC 1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit';
  return undefined;
}

/** RFC 1123 subdomain: dot-separated labels, at most 253 characters. */
export function dnsSubdomainProblem(name: string): string | undefined {
  if (name.length > 253) return `must be at most 253 characters (has ${name.length})`;
  if (!DNS_SUBDOMAIN.test(name)) return 'must be an RFC 1123 subdomain: lowercase letters, digits, "-" and "."';
  return undefined;
}

export function isLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}
