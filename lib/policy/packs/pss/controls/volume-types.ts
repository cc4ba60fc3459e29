import { PssControl } from '../control';
import { asArray, asObject, isSet, show } from '../../../json';

/**
 * Volume sources restricted allows: they only project pod-scoped or cluster-managed data. `image`
 * is allowed at every version, as upstream does since 1.33: an API server without image volumes
 * does not accept the field anyway, and whoever may run an image may also mount it.
 */
const ALLOWED_SOURCES = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
];

/**
 * Restricted: only the allowed volume sources (a volume without one is an emptyDir). hostPath is left to the `host-path-volumes` control
 * that restricted inherits from baseline, so one hostPath volume yields one finding, not two.
 */
export const volumeTypes: PssControl = {
  name: 'volume-types',
  rationale: 'Inline volume sources such as nfs, iscsi or gitRepo reach storage or code outside the cluster\'s control and bypass PersistentVolume access control.',
  fix: `Use only ${ALLOWED_SOURCES.join(', ')} volumes; reach other storage through a PersistentVolumeClaim.`,
  check(pod) {
    return asArray(pod.spec.volumes).flatMap((entry, index) => {
      const volume = asObject(entry);
      if (!volume || isSet(volume.hostPath)) return [];
      const sources = Object.keys(volume).filter((key) => key !== 'name' && isSet(volume[key]));
      // No source at all: the API server defaults it to emptyDir before admission sees it, and the
      // upstream restrictedVolumes fixtures pass it ("implicit empty dir") at every version.
      if (sources.length === 0 || sources.some((source) => ALLOWED_SOURCES.includes(source))) return [];
      return [
        {
          path: `${pod.path}.volumes[${index}].${sources[0]}`,
          message: `volume ${show(volume.name)} uses volume type ${JSON.stringify(sources[0])}, which restricted does not allow`,
        },
      ];
    });
  },
};
