/** Kubernetes name and label rules, checked in constructors so a bad name never reaches the API server. */
import type { IConstruct } from 'constructs';
import { requireValid } from './check';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const RFC1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;
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

/**
 * A label or annotation key (a "qualified name"): an optional prefix that is an RFC 1123 subdomain
 * of at most 253 characters and `/`, then a name of at most 63 characters of [A-Za-z0-9-_.]
 * starting and ending with a letter or digit.
 */
export function labelKeyProblem(key: string): string | undefined {
  const expected = 'a qualified key such as "node.example.org/pool": an optional DNS-subdomain prefix (at most 253 characters) and "/", '
    + 'then at most 63 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
  if (typeof key !== 'string') return expected;
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = key.slice(slash + 1);
  if (prefix !== undefined && (prefix === '' || dnsSubdomainProblem(prefix) !== undefined)) return expected;
  return name.length <= 63 && QUALIFIED_NAME.test(name) ? undefined : expected;
}

/** Every key and value of a label map; the error names `prop.<key>`, and says whether the key or the value is wrong. */
export function requireLabels(scope: IConstruct, prop: string, labels: Readonly<Record<string, string>> | undefined): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    requireValid(scope, `${prop} key`, key, labelKeyProblem);
    requireValid(scope, `${prop}.${key}`, value, labelValueProblem);
  }
}

/** Every key of an annotation map is a qualified name; values are any string. The error names `prop key`. */
export function requireAnnotations(scope: IConstruct, prop: string, annotations: Readonly<Record<string, string>> | undefined): void {
  for (const [key, value] of Object.entries(annotations ?? {})) {
    requireValid(scope, `${prop} key`, key, labelKeyProblem);
    requireValid(scope, `${prop}.${key}`, value, (v) => (typeof v === 'string' ? undefined : 'a string'));
  }
}

/**
 * A key of a Secret or ConfigMap, by the API server's rule: letters, digits, "-", "_" and ".",
 * at most 253 characters, not "." nor ".." (a key becomes a file name; `subPath: ..` would mount
 * the Secret's parent directory).
 */
export function secretKeyProblem(key: string): string | undefined {
  const fine = typeof key === 'string' && key.length <= 253 && SECRET_KEY.test(key) && key !== '.' && key !== '..';
  return fine ? undefined : 'a Secret key of letters, digits, "-", "_" and "." (at most 253 characters, not "." nor "..")';
}

/** A Secret name: an RFC 1123 subdomain. */
export function secretNameProblem(name: string): string | undefined {
  return phrase('a Secret name that', dnsSubdomainProblem(name));
}

/**
 * A PriorityClass name: an RFC 1123 subdomain (no "_", no capitals) and not the reserved
 * `system-` prefix, which only the two built-in classes may use.
 */
export function priorityClassNameProblem(name: string): string | undefined {
  const problem = dnsSubdomainProblem(name);
  if (problem) return `a PriorityClass name that ${problem}`;
  if (name.startsWith('system-') && name !== 'system-cluster-critical' && name !== 'system-node-critical') {
    return 'a PriorityClass name without the reserved "system-" prefix (only system-cluster-critical and system-node-critical)';
  }
  return undefined;
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
  if (problem === undefined) return undefined;
  return noun.endsWith(' that') ? `${noun} ${problem}` : `${noun} that ${problem}`;
}
