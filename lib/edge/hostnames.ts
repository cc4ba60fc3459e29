/**
 * Hostnames an HTTP edge serves: RFC 1123, lowercase, fully qualified; a wildcard only as one
 * whole leading label (`*.example.org`), which Ingress, Gateway API and certificates all read the same way.
 */

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function hostnameProblem(host: string): string | undefined {
  if (host !== host.toLowerCase()) return 'must be lowercase';
  if (host.length > 253) return `must be at most 253 characters (has ${host.length})`;
  if (host.endsWith('.')) return 'must not end with "." (write the name without the root dot)';
  const wildcard = host.startsWith('*.');
  const rest = wildcard ? host.slice(2) : host;
  if (rest.includes('*')) return 'a wildcard is allowed only as the whole first label ("*.example.org"), not inside or after it';
  const labels = rest.split('.');
  if (labels.length < 2) return wildcard ? 'a wildcard must cover a domain with at least two labels ("*.example.org", not "*.org")' : 'must be a fully qualified name with at least two labels ("app.example.org")';
  const bad = labels.find((label) => label.length > 63 || !LABEL.test(label));
  if (bad !== undefined) return `label "${bad}" is not an RFC 1123 label (lowercase letters, digits and "-", at most 63 characters, not starting or ending with "-")`;
  if (/^[0-9]+$/.test(labels[labels.length - 1])) return 'an IP address is not a hostname: Ingress and Gateway API route by DNS name';
  return undefined;
}
