/**
 * The Secrets a pod spec reads, with where it reads them: volumes (secret, projected, and the
 * volume plugins that take a secretRef), env valueFrom, envFrom and imagePullSecrets. Used by the
 * `secrets/delivered` rule and by the Reloader annotations (../secrets/reloader.ts).
 */
import { asArray, asObject, asString, childPath } from './json';
import { containersOf, PodSpecJson } from './pod-specs';

export interface SecretReference {
  /** The Secret's name (in the pod's namespace). */
  readonly name: string;
  /** The key read, when the reference names one (secretKeyRef, volume items); undefined reads the whole Secret. */
  readonly key?: string;
  /** True when the pod starts without the Secret (`optional: true`). */
  readonly optional: boolean;
  /** Field path of the reference inside the manifest. */
  readonly path: string;
  /** How it is read: `volume`, `env`, `envFrom` or `imagePullSecrets`. */
  readonly via: 'volume' | 'env' | 'envFrom' | 'imagePullSecrets';
}

/** Volume plugins that name a Secret (by `<reference>.name`) for the kubelet or their driver. */
const PLUGIN_SECRET_REFERENCES: readonly (readonly [plugin: string, reference: string])[] = [
  ['csi', 'nodePublishSecretRef'],
  ['cephfs', 'secretRef'],
  ['rbd', 'secretRef'],
  ['flexVolume', 'secretRef'],
  ['iscsi', 'secretRef'],
  ['scaleIO', 'secretRef'],
  ['storageos', 'secretRef'],
];

/** Every Secret reference of a pod spec at `specPath`, in document order (volumes first). */
export function secretReferencesOf(spec: PodSpecJson, specPath: string): SecretReference[] {
  const found: SecretReference[] = [];
  const add = (name: unknown, path: string, via: SecretReference['via'], optional: unknown, key?: unknown) => {
    const secretName = asString(name);
    if (secretName === undefined || secretName === '') return;
    const secretKey = asString(key);
    found.push({ name: secretName, path, via, optional: optional === true, ...(secretKey !== undefined ? { key: secretKey } : {}) });
  };
  asArray(spec.volumes).forEach((entry, index) => {
    const volume = asObject(entry);
    if (!volume) return;
    const path = `${specPath}.volumes[${index}]`;
    const secret = asObject(volume.secret);
    if (secret) addVolumeItems(add, secret.secretName, `${path}.secret`, secret.optional, secret.items, 'secretName');
    asArray(asObject(volume.projected)?.sources).forEach((source, sourceIndex) => {
      const projected = asObject(asObject(source)?.secret);
      const sourcePath = `${path}.projected.sources[${sourceIndex}].secret`;
      if (projected) addVolumeItems(add, projected.name, sourcePath, projected.optional, projected.items, 'name');
    });
    const azureFile = asObject(volume.azureFile);
    if (azureFile) add(azureFile.secretName, `${path}.azureFile.secretName`, 'volume', false);
    for (const [plugin, reference] of PLUGIN_SECRET_REFERENCES) {
      const ref = asObject(asObject(volume[plugin])?.[reference]);
      if (ref) add(ref.name, `${path}.${plugin}.${reference}.name`, 'volume', false);
    }
  });
  for (const container of containersOf(spec, specPath)) {
    asArray(container.container.env).forEach((variable, index) => {
      const ref = asObject(asObject(asObject(variable)?.valueFrom)?.secretKeyRef);
      if (ref) add(ref.name, `${container.path}.env[${index}].valueFrom.secretKeyRef`, 'env', ref.optional, ref.key);
    });
    asArray(container.container.envFrom).forEach((source, index) => {
      const ref = asObject(asObject(source)?.secretRef);
      if (ref) add(ref.name, `${container.path}.envFrom[${index}].secretRef`, 'envFrom', ref.optional);
    });
  }
  asArray(spec.imagePullSecrets).forEach((entry, index) => {
    add(asObject(entry)?.name, `${specPath}.imagePullSecrets[${index}]`, 'imagePullSecrets', false);
  });
  return found;
}

type Add = (name: unknown, path: string, via: SecretReference['via'], optional: unknown, key?: unknown) => void;

/** A secret volume reads the listed items' keys, or the whole Secret when it lists none. */
function addVolumeItems(add: Add, name: unknown, path: string, optional: unknown, items: unknown, nameField: string): void {
  const list = asArray(items);
  if (list.length === 0) {
    add(name, childPath(path, nameField), 'volume', optional);
    return;
  }
  list.forEach((item, index) => add(name, `${path}.items[${index}]`, 'volume', optional, asObject(item)?.key));
}
