import { Pack } from '../../types';
import { PssControl, pssRule } from './control';
import { appArmor } from './controls/apparmor';
import { capabilitiesBaseline } from './controls/capabilities';
import { hostNamespaces } from './controls/host-namespaces';
import { hostPathVolumes } from './controls/host-path-volumes';
import { hostPorts } from './controls/host-ports';
import { hostProbes } from './controls/host-probes';
import { hostProcess } from './controls/host-process';
import { privileged } from './controls/privileged';
import { procMountBaseline } from './controls/proc-mount';
import { seccompBaseline } from './controls/seccomp';
import { seLinux } from './controls/selinux';
import { sysctls } from './controls/sysctls';

/** The baseline controls in the order the standard lists them. */
export const BASELINE_CONTROLS: readonly PssControl[] = [
  hostProcess,
  hostNamespaces,
  privileged,
  capabilitiesBaseline,
  hostPathVolumes,
  hostPorts,
  hostProbes,
  appArmor,
  seLinux,
  procMountBaseline,
  seccompBaseline,
  sysctls,
];

export const pssBaselinePack: Pack = {
  name: 'pss-baseline',
  description: 'Kubernetes Pod Security Standards, baseline profile: blocks known privilege escalations.',
  rules: BASELINE_CONTROLS.map((control) => pssRule('pss-baseline', control)),
};
