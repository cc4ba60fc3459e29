/** Kubernetes name and label rules, checked in constructors so a bad name never reaches the API server. */
import type { IConstruct } from 'constructs';
import { requireValid } from './check';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const RFC1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** RFC 1123 label: lowercase alphanumerics and '-', at most `max` characters (63 by default). */
export function dnsLabelProblem(name: string, max = 63): string | undefined {
  if (typeof name !== 'string') return 'must be a string';
  if (name.length > max) return `must be at most ${max} characters (has ${name.length})`;
  if (!DNS_LABEL.test(name)) return 'must be an RFC 1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit';
  return undefined;
}

/** RFC 1123 subdomain: dot-separated labels, at most 253 characters. */
export function dnsSubdomainProblem(name: string): string | undefined {
  if (typeof name !== 'string') return 'must be a string';
  if (name.length > 253) return `must be at most 253 characters (has ${name.length})`;
  if (!DNS_SUBDOMAIN.test(name)) return 'must be an RFC 1123 subdomain: lowercase letters, digits, "-" and "."';
  return undefined;
}

/** A Service name: an RFC 1035 label (starts with a letter), at most 63 characters. */
export function serviceNameProblem(name: string): string | undefined {
  if (typeof name === 'string' && name.length <= 63 && RFC1035_LABEL.test(name)) return undefined;
  return 'a Service name (RFC 1035 label: lowercase letters, digits and "-", starting with a letter, at most 63 characters)';
}

/**
 * `<noun> that <problem>` unless `value` is an RFC 1123 label of at most `max` characters:
 * `requireDnsLabel(this, 'namespace', ns, 'a namespace')`.
 */
export function requireDnsLabel(scope: IConstruct, prop: string, value: string, noun: string, max = 63): string {
  return requireValid(scope, prop, value, (v) => phrase(noun, dnsLabelProblem(v, max)));
}

/** `<noun> that <problem>` unless `value` is an RFC 1123 subdomain: `requireDnsSubdomain(this, 'storageClassName', c, 'a StorageClass name')`. */
export function requireDnsSubdomain(scope: IConstruct, prop: string, value: string, noun: string): string {
  return requireValid(scope, prop, value, (v) => phrase(noun, dnsSubdomainProblem(v)));
}

export function isLabelValue(value: string): boolean {
  return typeof value === 'string' && value.length <= 63 && LABEL_VALUE.test(value);
}

export function labelValueProblem(value: string): string | undefined {
  return isLabelValue(value) ? undefined : 'a label value (at most 63 characters of [A-Za-z0-9-_.])';
}

/** A label or annotation key: an optional DNS prefix and `/`, then a name of at most 63 characters. */
export function labelKeyProblem(key: string): string | undefined {
  return typeof key === 'string' && LABEL_KEY.test(key) ? undefined : 'a label key such as "node.example.org/pool"';
}

/** Every key and value of a label map; the error names `prop.<key>`. */
export function requireLabels(scope: IConstruct, prop: string, labels: Readonly<Record<string, string>> | undefined): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    requireValid(scope, `${prop}.${key}`, value, (v) => (labelKeyProblem(key) ?? labelValueProblem(v) ? 'a valid label key and value' : undefined));
  }
}

/** A key of a Secret or ConfigMap. */
export function secretKeyProblem(key: string): string | undefined {
  return typeof key === 'string' && SECRET_KEY.test(key) ? undefined : 'a Secret key of letters, digits, "-", "_" and "."';
}

/** An environment variable (or ConfigMap key read as one). */
export function envVarNameProblem(name: string): string | undefined {
  return typeof name === 'string' && ENV_NAME.test(name) ? undefined : 'a variable name of letters, digits and "_"';
}

/** Text that is not empty nor only spaces. */
export function nonEmptyProblem(text: string, expected = 'must not be empty'): string | undefined {
  return typeof text === 'string' && text.trim() !== '' ? undefined : expected;
}

/** One of a fixed set of values, listed in the message (`'DEBUG, INFO, WARNING or ERROR'`). */
export function oneOfProblem<T>(value: T, allowed: readonly T[]): string | undefined {
  if (allowed.includes(value)) return undefined;
  const names = allowed.map(String);
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

function phrase(noun: string, problem: string | undefined): string | undefined {
  return problem === undefined ? undefined : `${noun} that ${problem}`;
}
