import { Pack } from '../../types';
import { BASELINE_CONTROLS } from './baseline';
import { PssControl, pssRule } from './control';
import { capabilitiesRestricted } from './controls/capabilities';
import { privilegeEscalation } from './controls/privilege-escalation';
import { procMountRestricted } from './controls/proc-mount';
import { runAsNonRoot } from './controls/run-as-non-root';
import { runAsNonRootUser } from './controls/run-as-user';
import { seccompRestricted } from './controls/seccomp';
import { volumeTypes } from './controls/volume-types';

/**
 * Baseline controls that restricted tightens, by control name; each stricter version falls back to
 * the baseline behaviour at versions where the standard had not tightened it yet.
 */
const TIGHTENED: ReadonlyMap<string, PssControl> = new Map(
  [capabilitiesRestricted, procMountRestricted, seccompRestricted].map((control) => [control.name, control]),
);

/** Restricted = every baseline control (some tightened) + the restricted-only controls. */
const RESTRICTED_CONTROLS: readonly PssControl[] = [
  ...BASELINE_CONTROLS.map((control) => TIGHTENED.get(control.name) ?? control),
  volumeTypes,
  privilegeEscalation,
  runAsNonRoot,
  runAsNonRootUser,
];

export const pssRestrictedPack: Pack = {
  name: 'pss-restricted',
  description: 'Kubernetes Pod Security Standards, restricted profile: baseline plus current pod hardening best practice.',
  rules: RESTRICTED_CONTROLS.map((control) => pssRule('pss-restricted', control)),
};
