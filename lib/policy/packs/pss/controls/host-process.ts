import { PssControl } from '../control';
import { asObject } from '../../../json';
import { securityContextSites } from '../pod-facts';

/** Baseline: Windows HostProcess containers run with full access to the Windows host. */
export const hostProcess: PssControl = {
  name: 'host-process',
  rationale: 'A Windows HostProcess container runs directly on the node with host-level privileges, outside any container isolation.',
  fix: 'Remove securityContext.windowsOptions.hostProcess (or set it to false) on the pod and every container.',
  check(pod) {
    return securityContextSites(pod)
      .filter((site) => asObject(site.context.windowsOptions)?.hostProcess === true)
      .map((site) => ({
        path: `${site.path}.windowsOptions.hostProcess`,
        message: `${site.owner} sets securityContext.windowsOptions.hostProcess to true`,
      }));
  },
};
