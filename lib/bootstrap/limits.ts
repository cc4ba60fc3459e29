/**
 * ResourceQuota and LimitRange contents for each namespace, from `env.bootstrap.quota` and
 * `env.bootstrap.containerDefaults`, checked against the containers `dist/<env>` really runs.
 */
import type { BootstrapEnvironment } from './types';
import { canonicalQuantity, quantityValue } from '../quantity';
import { DistInventory, larger } from './inventory';

/** `spec.hard` of the ResourceQuota every namespace gets (the same size for each namespace). */
export function quotaHard(env: BootstrapEnvironment): Record<string, string> {
  const q = env.bootstrap.quota;
  return canonical({
    'requests.cpu': q.requestsCpu,
    'requests.memory': q.requestsMemory,
    'limits.cpu': q.limitsCpu,
    'limits.memory': q.limitsMemory,
    pods: String(q.pods),
    persistentvolumeclaims: String(q.persistentVolumeClaims),
    'requests.storage': q.requestsStorage,
  });
}

/** Quantities as the API server returns them, so Terraform plans no change after an apply. */
function canonical(list: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(list).map(([name, quantity]) => [name, canonicalQuantity(quantity)]));
}

export interface ContainerLimitRange {
  readonly default: Record<string, string>;
  readonly defaultRequest: Record<string, string>;
  readonly max: Record<string, string>;
}

/**
 * The `Container` entry of the LimitRange: containers that state nothing get the environment's
 * defaults, and no container may ask for more than the largest container of the environment (or
 * the default limit, when that is larger). The max follows `dist/<env>`: raising a container above
 * it changes the bootstrap too, and that change must be applied before Argo CD syncs the new size
 * (the API server would reject the pods). See docs/bootstrap.md.
 */
export function containerLimitRange(env: BootstrapEnvironment, inventory: DistInventory): ContainerLimitRange {
  const d = env.bootstrap.containerDefaults;
  return {
    default: canonical({ cpu: d.cpuLimit, memory: d.memoryLimit }),
    defaultRequest: canonical({ cpu: d.cpuRequest, memory: d.memoryRequest }),
    max: canonical({
      cpu: larger(d.cpuLimit, inventory.largestLimits.cpu)!,
      memory: larger(d.memoryLimit, inventory.largestLimits.memory)!,
    }),
  };
}

/**
 * Problems that would leave pods unschedulable although Argo CD reports the sync as successful: a
 * single container (or the defaults) asking for more than a whole namespace's quota.
 */
export function quotaProblems(env: BootstrapEnvironment, inventory: DistInventory): string[] {
  const hard = quotaHard(env);
  const d = env.bootstrap.containerDefaults;
  const candidates = [
    { where: 'bootstrap.containerDefaults', limits: { cpu: d.cpuLimit, memory: d.memoryLimit }, requests: { cpu: d.cpuRequest, memory: d.memoryRequest } },
    ...inventory.containers,
  ];
  const problems: string[] = [];
  for (const { where, limits, requests } of candidates) {
    for (const [field, value] of [['limits.cpu', limits.cpu], ['limits.memory', limits.memory], ['requests.cpu', requests.cpu], ['requests.memory', requests.memory]] as const) {
      if (value === undefined) continue;
      const wanted = quantityValue(value);
      const allowed = quantityValue(hard[field]);
      if (wanted !== undefined && allowed !== undefined && wanted > allowed) {
        problems.push(`${where}: ${field} ${value} exceeds the namespace quota ${field}=${hard[field]} (bootstrap.quota)`);
      }
    }
  }
  return problems;
}
