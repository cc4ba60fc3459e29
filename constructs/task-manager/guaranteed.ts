import { Construct } from 'constructs';
import { propError } from '../../lib/errors';
import * as kplus from '../../lib/plus';
import { cpuMillis, memoryMebibytes } from '../../lib/quantity';
import { containerResources, ResourceSpec } from '../../lib/resources';

/** Resources whose requests equal their limits (CPU and memory): a container of the Guaranteed MySQL pod. */
export function guaranteedResources(scope: Construct, prop: string, spec: ResourceSpec): kplus.ContainerResources {
  const resources = containerResources(scope, prop, spec);
  if (cpuMillis(spec.cpuRequest) !== cpuMillis(spec.cpuLimit)) {
    throw propError(scope, `${prop}.cpuRequest`, spec.cpuRequest,
      `the CPU limit (${spec.cpuLimit}): requests equal limits keep the MySQL pod Guaranteed`);
  }
  if (memoryMebibytes(spec.memoryRequest) !== memoryMebibytes(spec.memoryLimit)) {
    throw propError(scope, `${prop}.memoryRequest`, spec.memoryRequest,
      `the memory limit (${spec.memoryLimit}): requests equal limits keep the MySQL pod Guaranteed`);
  }
  return resources;
}
