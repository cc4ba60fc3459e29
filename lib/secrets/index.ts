/**
 * Secrets through Git: constructs declare the Secrets they read; the environment delivers them
 * (ExternalSecret or SealedSecret) and, where Reloader runs, restarts what reads them at start.
 * See docs/secrets.md.
 */
export { mergeSecretDeclarations, secretDeclarationProblems } from './declaration';
export type { SecretDeclaration, SecretKeyDeclaration } from './declaration';
export { goDurationSeconds, secretsDeliveryProblems } from './delivery-config';
export type { ExternalSecretsDelivery, SealedSecretsDelivery, SecretsDeliveryConfig } from './delivery-config';
export { deliverSecrets, loadSecretsDelivery, repositoryRoot } from './delivery';
export type { SecretsDelivery } from './delivery';
export { EXTERNAL_SECRET_API_VERSION, remoteKeyOf, SEALED_SECRET_API_VERSION, SECRET_PURPOSE_ANNOTATION } from './manifests';
export { addReloaderAnnotations, RELOADER_SECRET_ANNOTATION, reloaderAnnotationValue, secretsReadByPods } from './reloader';
export { declareSecret, secretsDeclaredBy, secretsDeclaredUnder } from './registry';
export { SEALING_SCOPES } from './sealing';
export type { SealingScope } from './sealing';
