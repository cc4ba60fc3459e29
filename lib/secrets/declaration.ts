/**
 * What a construct declares about each Secret it reads, so that the environment can deliver it
 * (./delivery.ts) and reviewers can see why each credential exists.
 */
import { dnsSubdomainProblem, secretKeyProblem } from '../validate';

/** One key of a declared Secret. */
export interface SecretKeyDeclaration {
  readonly key: string;
  /**
   * The value is binary (a GPG keyring): an external store holds it base64-encoded and
   * External Secrets decodes it; sealing reads the raw bytes from standard input.
   * @default false
   */
  readonly binary?: boolean;
}

/** A Secret a workload reads, in the namespace of the construct that declares it. */
export interface SecretDeclaration {
  readonly name: string;
  /** What the workload uses it for, in a few words (shown in docs and on the delivering object). */
  readonly purpose: string;
  readonly keys: readonly SecretKeyDeclaration[];
}

/** Every problem of a declaration, each as `field: what is expected`. */
export function secretDeclarationProblems(declaration: SecretDeclaration): string[] {
  const problems: string[] = [];
  const nameProblem = dnsSubdomainProblem(declaration.name);
  if (nameProblem) problems.push(`name ${JSON.stringify(declaration.name)}: ${nameProblem}`);
  if (declaration.purpose.trim() === '') problems.push('purpose: say what the workload uses the Secret for');
  if (declaration.keys.length === 0) problems.push('keys: declare at least one key the workload reads');
  const seen = new Set<string>();
  for (const { key } of declaration.keys) {
    const keyProblem = secretKeyProblem(key);
    if (keyProblem) problems.push(`keys ${JSON.stringify(key)}: ${keyProblem}`);
    if (seen.has(key)) problems.push(`keys ${JSON.stringify(key)}: declared twice`);
    seen.add(key);
  }
  return problems;
}

/**
 * One declaration per Secret name: workloads of a namespace that read the same Secret (a webhook
 * shared by two jobs) need it delivered once, with every key any of them reads; a key is binary when
 * any reader says so. Sorted by name, keys sorted, so the output does not depend on construct order.
 */
export function mergeSecretDeclarations(declarations: readonly SecretDeclaration[]): SecretDeclaration[] {
  const byName = new Map<string, { purposes: string[]; keys: Map<string, SecretKeyDeclaration> }>();
  for (const declaration of declarations) {
    const merged = byName.get(declaration.name) ?? { purposes: [] as string[], keys: new Map<string, SecretKeyDeclaration>() };
    byName.set(declaration.name, merged);
    if (!merged.purposes.includes(declaration.purpose)) merged.purposes.push(declaration.purpose);
    for (const key of declaration.keys) {
      // A reader that only mounts the file need not know it is binary; one that knows says so.
      const binary = Boolean(merged.keys.get(key.key)?.binary || key.binary);
      merged.keys.set(key.key, { key: key.key, ...(binary ? { binary } : {}) });
    }
  }
  return [...byName.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, { purposes, keys }]) => ({
      name,
      purpose: purposes.join('; '),
      keys: [...keys.values()].sort((a, b) => a.key.localeCompare(b.key)),
    }));
}
