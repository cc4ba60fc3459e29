/**
 * Which Secrets the objects of a run deliver, per namespace, and which keys each will hold: the
 * cluster creates a Secret from an ExternalSecret (External Secrets Operator) or a SealedSecret
 * (Sealed Secrets controller), or the Secret object itself is among the objects.
 */
import { asArray, asObject, asString } from './json';
import { effectiveNamespace, isKind, nameOf } from './objects';
import { perRun } from './per-run';
import { Manifest, ManifestEntry } from './types';

export interface SecretDelivery {
  /** How the Secret arrives, for messages: `ExternalSecret web-db`. */
  readonly by: string;
  /** The keys it will hold; undefined when they cannot be known from the manifest (templates, dataFrom). */
  readonly keys?: ReadonlySet<string>;
}

/** ExternalSecret creation policies under which the operator creates the target Secret. */
const CREATING_POLICIES: ReadonlySet<string> = new Set(['Owner', 'Orphan', 'CreateOrMerge']);

function key(namespace: string, name: string): string {
  return `${namespace}\u0000${name}`;
}

function externalSecretDelivery(manifest: Manifest): [string, SecretDelivery] | undefined {
  const spec = asObject(manifest.spec);
  const target = asObject(spec?.target);
  const policy = asString(target?.creationPolicy) ?? 'Owner';
  const name = nameOf(manifest);
  if (!CREATING_POLICIES.has(policy) || name === undefined) return undefined;
  const keysKnown = target?.template === undefined && asArray(spec?.dataFrom).length === 0;
  const keys = new Set(asArray(spec?.data).map((entry) => asString(asObject(entry)?.secretKey)).filter((k): k is string => k !== undefined));
  return [asString(target?.name) || name, { by: `ExternalSecret ${name}`, ...(keysKnown ? { keys } : {}) }];
}

function sealedSecretDelivery(manifest: Manifest): [string, SecretDelivery] | undefined {
  const name = nameOf(manifest);
  if (name === undefined) return undefined;
  const spec = asObject(manifest.spec);
  const keys = new Set([...Object.keys(asObject(spec?.encryptedData) ?? {}), ...Object.keys(asObject(asObject(spec?.template)?.data) ?? {})]);
  // The controller names the Secret after the SealedSecret, whatever the template says.
  return [name, { by: `SealedSecret ${name}`, keys }];
}

function secretObjectDelivery(manifest: Manifest): [string, SecretDelivery] | undefined {
  const name = nameOf(manifest);
  if (name === undefined) return undefined;
  // The token controller fills a service-account-token Secret; its keys are not in the manifest.
  if (manifest.type === 'kubernetes.io/service-account-token') return [name, { by: `Secret ${name}` }];
  const keys = new Set([...Object.keys(asObject(manifest.data) ?? {}), ...Object.keys(asObject(manifest.stringData) ?? {})]);
  return [name, { by: `Secret ${name}`, keys }];
}

function deliveriesOf(manifest: Manifest): [string, SecretDelivery] | undefined {
  if (isKind(manifest, 'external-secrets.io', 'ExternalSecret')) return externalSecretDelivery(manifest);
  if (isKind(manifest, 'bitnami.com', 'SealedSecret')) return sealedSecretDelivery(manifest);
  if (isKind(manifest, '', 'Secret')) return secretObjectDelivery(manifest);
  return undefined;
}

function indexDeliveries(all: readonly ManifestEntry[]): ReadonlyMap<string, SecretDelivery> {
  const index = new Map<string, SecretDelivery>();
  for (const { manifest } of all) {
    const found = deliveriesOf(manifest);
    if (!found) continue;
    const entryKey = key(effectiveNamespace(manifest), found[0]);
    if (!index.has(entryKey)) index.set(entryKey, found[1]);
  }
  return index;
}

/** How the run delivers Secret `name` in `namespace`, if it does. */
export function secretDeliveryOf(all: readonly ManifestEntry[], namespace: string, name: string): SecretDelivery | undefined {
  return perRun(all, indexDeliveries).get(key(namespace, name));
}
