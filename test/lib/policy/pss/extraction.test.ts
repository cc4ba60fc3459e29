/**
 * Pod-spec extraction: the PSS packs must find the pod spec, its metadata and each container
 * wherever a workload kind keeps them. The control tables run each case once (kinds in turn); these
 * cases run in all nine workload kinds and all three container lists, one per place the packs read.
 */
import { EVERY_VERSION, runExtractionCases } from './harness';

const APPARMOR_KEY = 'container.apparmor.security.beta.kubernetes.io/c';

runExtractionCases('PSS packs find the pod spec, its metadata and every container in every workload kind', {
  pod: [{
    rule: 'host-namespaces',
    title: 'pod spec field: all three host namespaces',
    versions: ['1.0', '1.37'],
    spec: { hostIPC: true, hostPID: true, hostNetwork: true },
    expect: ['hostNetwork', 'hostPID', 'hostIPC'].map((field) => ({ path: `$spec.${field}`, message: `pod sets ${field} to true` })),
  }],
  container: [
    {
      rule: 'privileged',
      title: 'container field: privileged',
      versions: EVERY_VERSION,
      container: { securityContext: { privileged: true } },
      expect: [{ path: '$c.securityContext.privileged', message: '$who sets securityContext.privileged to true' }],
    },
    {
      rule: 'privileged',
      title: 'container field: privileged false passes',
      versions: EVERY_VERSION,
      container: { securityContext: { privileged: false } },
      expect: [],
    },
    {
      rule: 'apparmor',
      title: 'pod metadata: AppArmor annotation',
      versions: EVERY_VERSION,
      container: {},
      metadata: { annotations: { [APPARMOR_KEY]: 'unconfined' } },
      expect: [{ path: `$meta.annotations["${APPARMOR_KEY}"]`, message: `annotation ${APPARMOR_KEY} sets the AppArmor profile of container "c" to "unconfined"` }],
    },
  ],
});
