import { Violation } from '../../../types';
import { PssControl } from '../control';
import { asObject, isSet, show } from '../../../json';
import { securityContextSites } from '../pod-facts';
import { valueAt } from '../version';

const TYPES_SINCE_1_0 = ['', 'container_t', 'container_init_t', 'container_kvm_t'];

/** Allowed `seLinuxOptions.type` values; 1.31 added the type that container engines in pods need. */
const ALLOWED_TYPES = [
  { since: '1.0', value: new Set(TYPES_SINCE_1_0) },
  { since: '1.31', value: new Set([...TYPES_SINCE_1_0, 'container_engine_t']) },
] as const;

/** user and role are never allowed: they select an SELinux identity outside the container domain. */
const FORBIDDEN_IDENTITY_FIELDS = ['user', 'role'] as const;

/** Baseline: SELinux may only pick one of the container domains, never a custom user or role. */
export const seLinux: PssControl = {
  name: 'selinux',
  rationale: 'A custom SELinux type, user or role can place the container in a domain with access to host resources, defeating SELinux confinement.',
  fix: 'Leave seLinuxOptions.user and .role empty and use an allowed type (container_t, container_init_t, container_kvm_t, container_engine_t from 1.31) or none.',
  check(pod, version) {
    const allowedTypes: ReadonlySet<unknown> = valueAt(ALLOWED_TYPES, version);
    return securityContextSites(pod).flatMap((site): Violation[] => {
      const options = asObject(site.context.seLinuxOptions);
      if (!options) return [];
      const violations: Violation[] = [];
      if (isSet(options.type) && !allowedTypes.has(options.type)) {
        violations.push({
          path: `${site.path}.seLinuxOptions.type`,
          message: `${site.owner} sets securityContext.seLinuxOptions.type to ${show(options.type)}`,
        });
      }
      for (const field of FORBIDDEN_IDENTITY_FIELDS) {
        if (isSet(options[field]) && options[field] !== '') {
          violations.push({
            path: `${site.path}.seLinuxOptions.${field}`,
            message: `${site.owner} sets securityContext.seLinuxOptions.${field} to ${show(options[field])}`,
          });
        }
      }
      return violations;
    });
  },
};
