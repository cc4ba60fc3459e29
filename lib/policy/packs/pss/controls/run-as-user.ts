import { PssControl } from '../control';
import { securityContextSites } from '../pod-facts';
import { isAtLeast } from '../version';
import { exemptAsUserNamespaced } from '../user-namespace-exemption';

/** Restricted since 1.23: no explicit UID 0, at pod or container level (unset is fine: runAsNonRoot covers it). */
export const runAsNonRootUser: PssControl = {
  name: 'run-as-non-root-user',
  rationale: 'runAsUser: 0 explicitly runs the container as root, which gives it root ownership of every file and mount it can reach.',
  fix: 'Remove runAsUser: 0 from the pod and its containers; use a non-zero UID.',
  check(pod, version) {
    if (!isAtLeast(version, '1.23') || exemptAsUserNamespaced(pod.spec, version)) return [];
    return securityContextSites(pod)
      .filter((site) => site.context.runAsUser === 0)
      .map((site) => ({ path: `${site.path}.runAsUser`, message: `${site.owner} sets securityContext.runAsUser to 0 (root)` }));
  },
};
