/**
 * Delivers the Secrets declared in one namespace: one ExternalSecret or SealedSecret per Secret,
 * added to a chart. `loadSecretsDelivery` reads what sealed delivery needs from the repository.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ApiObject, ApiObjectProps } from 'cdk8s';
import { Construct } from 'constructs';
import { propError } from '../errors';
import { mergeSecretDeclarations, SecretDeclaration, secretDeclarationProblems } from './declaration';
import { ExternalSecretsDelivery, SecretsDeliveryConfig } from './delivery-config';
import { externalSecretManifest, SealedSecretsSource, sealedSecretManifest } from './manifests';
import { readSealedValues } from './sealed-values';
import { certificateFingerprint, sealingKeyOf } from './sealing';
import type { JsonObject } from '../json-object';

/** A delivery config with what it needs from the repository already read. */
export type SecretsDelivery = ExternalSecretsDelivery | SealedSecretsSource;

/** The folder holding package.json above `from` (this file's folder, in source and in build/). */
export function repositoryRoot(from = __dirname): string {
  let folder = from;
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`no package.json above ${from}`);
    folder = parent;
  }
  return folder;
}

/**
 * Reads the certificate and sealed values of a sealed-secrets environment and checks they belong
 * together: values sealed for another certificate or scope cannot be unsealed by the controller.
 */
export function loadSecretsDelivery(environment: string, config: SecretsDeliveryConfig, root = repositoryRoot()): SecretsDelivery {
  if (config.delivery === 'external-secrets') return config;
  const certificatePath = join(root, config.certificateFile);
  if (!existsSync(certificatePath)) {
    throw new Error(
      `environment ${environment}: secrets.certificateFile ${config.certificateFile} does not exist; fetch it with kubeseal --fetch-cert`,
    );
  }
  const certificate = readFileSync(certificatePath, 'utf8');
  try {
    sealingKeyOf(certificate);
  } catch (error) {
    throw new Error(`environment ${environment}: secrets.certificateFile ${config.certificateFile}: ${(error as Error).message}`);
  }
  const values = readSealedValues(join(root, config.valuesFile), config.valuesFile);
  if (values && values.certificateSha256 !== certificateFingerprint(certificate)) {
    throw new Error(
      `environment ${environment}: ${config.valuesFile} was sealed for another certificate than ${config.certificateFile}; ` +
        'the controller cannot unseal these values: seal every value again with npm run seal',
    );
  }
  if (values && values.scope !== config.scope) {
    throw new Error(
      `environment ${environment}: ${config.valuesFile} holds values sealed with scope ${values.scope}, ` +
        `the config says ${config.scope}; seal them again`,
    );
  }
  return { environment, config, values };
}

/** Adds to `scope` one delivering object per declared Secret (merged by name) in `namespace`. */
export function deliverSecrets(
  scope: Construct, namespace: string, declarations: readonly SecretDeclaration[], delivery: SecretsDelivery,
): ApiObject[] {
  for (const declaration of declarations) {
    const problems = secretDeclarationProblems(declaration);
    if (problems.length > 0) throw propError(scope, 'secrets', declaration.name, problems.join('; '));
  }
  return mergeSecretDeclarations(declarations).map((declaration) => {
    let manifest: JsonObject;
    try {
      manifest = 'delivery' in delivery
        ? externalSecretManifest(declaration, namespace, delivery)
        : sealedSecretManifest(declaration, namespace, delivery);
    } catch (error) {
      throw propError(scope, 'secrets', declaration.name, (error as Error).message);
    }
    return new ApiObject(scope, `secret-${declaration.name}`, manifest as ApiObjectProps);
  });
}
