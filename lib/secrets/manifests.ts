/**
 * The objects that deliver a declared Secret, as plain manifests: an ExternalSecret that the
 * External Secrets Operator turns into the Secret, or a SealedSecret that the Sealed Secrets
 * controller unseals into it. Either way the Secret is created in the cluster and owned by the
 * delivering object; dist/ holds no value.
 */
import { SecretDeclaration } from './declaration';
import { ExternalSecretsDelivery, SealedSecretsDelivery } from './delivery-config';
import { sealedValueProblem } from './sealed-value';
import { SealedValues, sealedValueOf } from './sealed-values';
import type { JsonObject } from '../json-object';

export const EXTERNAL_SECRET_API_VERSION = 'external-secrets.io/v1';
export const SEALED_SECRET_API_VERSION = 'bitnami.com/v1alpha1';
/** Says on the delivering object what the workload uses the Secret for. */
export const SECRET_PURPOSE_ANNOTATION = 'platform.example.org/secret-purpose';
/** The controller's annotations for the wider sealing scopes (strict has none). */
const SCOPE_ANNOTATIONS = {
  'namespace-wide': 'sealedsecrets.bitnami.com/namespace-wide',
  'cluster-wide': 'sealedsecrets.bitnami.com/cluster-wide',
} as const;

type Manifest = JsonObject;

/** Where a Secret's value lives in the external store: one remote secret per Secret, one property per key. */
export function remoteKeyOf(config: ExternalSecretsDelivery, namespace: string, secretName: string): string {
  return `${config.store.remoteKeyPrefix}${namespace}/${secretName}`;
}

export function externalSecretManifest(declaration: SecretDeclaration, namespace: string, config: ExternalSecretsDelivery): Manifest {
  const remoteKey = remoteKeyOf(config, namespace, declaration.name);
  return {
    apiVersion: EXTERNAL_SECRET_API_VERSION,
    kind: 'ExternalSecret',
    metadata: { name: declaration.name, namespace, annotations: { [SECRET_PURPOSE_ANNOTATION]: declaration.purpose } },
    spec: {
      refreshInterval: config.refreshInterval,
      secretStoreRef: { kind: 'ClusterSecretStore', name: config.store.name },
      // Owner: the Secret is deleted with the ExternalSecret (Argo CD prunes both together).
      // Retain: a value deleted in the store (or a store outage) keeps the last good Secret.
      target: { name: declaration.name, creationPolicy: 'Owner', deletionPolicy: 'Retain' },
      data: declaration.keys.map(({ key, binary }) => ({
        secretKey: key,
        remoteRef: { key: remoteKey, property: key, ...(binary ? { decodingStrategy: 'Base64' } : {}) },
      })),
    },
  };
}

/** What the SealedSecret builder needs besides the config: the committed values and the environment. */
export interface SealedSecretsSource {
  readonly environment: string;
  readonly config: SealedSecretsDelivery;
  /** Undefined when nothing has been sealed for the environment yet. */
  readonly values: SealedValues | undefined;
}

/** Throws naming the missing or unsealed key and the command that fixes it; nothing unsealed reaches dist/. */
export function sealedSecretManifest(declaration: SecretDeclaration, namespace: string, source: SealedSecretsSource): Manifest {
  const { config } = source;
  const encryptedData: Record<string, string> = {};
  for (const { key } of declaration.keys) {
    const sealed = source.values && sealedValueOf(source.values, namespace, declaration.name, key);
    const fix = `seal it with: npm run seal -- ${source.environment} ${declaration.name} ${key} < value-file`;
    if (sealed === undefined) {
      throw new Error(`Secret ${namespace}/${declaration.name} key ${key} has no sealed value in ${config.valuesFile}; ${fix}`);
    }
    const problem = sealedValueProblem(sealed);
    if (problem) throw new Error(`${config.valuesFile}: ${namespace}/${declaration.name} key ${key} is not sealed (${problem}); ${fix}`);
    encryptedData[key] = sealed;
  }
  const scopeAnnotation = config.scope === 'strict' ? {} : { [SCOPE_ANNOTATIONS[config.scope]]: 'true' };
  const templateAnnotations = config.scope === 'strict' ? {} : { annotations: scopeAnnotation };
  return {
    apiVersion: SEALED_SECRET_API_VERSION,
    kind: 'SealedSecret',
    metadata: {
      name: declaration.name,
      namespace,
      annotations: { [SECRET_PURPOSE_ANNOTATION]: declaration.purpose, ...scopeAnnotation },
    },
    spec: {
      encryptedData,
      template: { metadata: { name: declaration.name, namespace, ...templateAnnotations }, type: 'Opaque' },
    },
  };
}
