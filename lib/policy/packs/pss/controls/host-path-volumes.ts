import { PssControl } from '../control';
import { asArray, asObject, isSet, show } from '../../../json';

/** Baseline: hostPath volumes expose the node's file system to the pod. */
export const hostPathVolumes: PssControl = {
  name: 'host-path-volumes',
  rationale: "A hostPath volume mounts part of the node's file system into the pod, which can leak node secrets or allow writing to the node.",
  fix: 'Replace hostPath volumes with emptyDir, a PersistentVolumeClaim, a ConfigMap/Secret or a CSI volume.',
  check(pod) {
    return asArray(pod.spec.volumes).flatMap((entry, index) => {
      const volume = asObject(entry);
      if (!volume || !isSet(volume.hostPath)) return [];
      return [
        {
          path: `${pod.path}.volumes[${index}].hostPath`,
          message: `volume ${show(volume.name)} is a hostPath volume (path ${show(asObject(volume.hostPath)?.path)})`,
        },
      ];
    });
  },
};
