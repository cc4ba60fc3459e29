import { Size } from 'cdk8s';
import { IConstruct } from 'constructs';
import { propError } from './errors';
import * as kplus from './plus';
import { cpuMillis, memoryMebibytes } from './quantity';

/** CPU and memory requests and limits, as Kubernetes quantities (`250m`, `256Mi`). */
export interface ResourceSpec {
  readonly cpuRequest: string;
  readonly cpuLimit: string;
  readonly memoryRequest: string;
  readonly memoryLimit: string;
}

/**
 * Converts a ResourceSpec into cdk8s-plus resources, rejecting what is not a quantity and limits
 * below requests (the API server would refuse the pod, but only at apply time).
 */
export function containerResources(scope: IConstruct, prop: string, spec: ResourceSpec): kplus.ContainerResources {
  const cpu = (field: 'cpuRequest' | 'cpuLimit') => {
    const millis = cpuMillis(spec[field]);
    if (millis === undefined) throw propError(scope, `${prop}.${field}`, spec[field], 'a CPU quantity of at least 1m, e.g. "250m" or "1"');
    return millis;
  };
  const memory = (field: 'memoryRequest' | 'memoryLimit') => {
    const mebibytes = memoryMebibytes(spec[field]);
    if (mebibytes === undefined) throw propError(scope, `${prop}.${field}`, spec[field], 'a memory quantity in whole MiB, e.g. "128Mi" or "1Gi"');
    return mebibytes;
  };
  const [cpuRequest, cpuLimit, memoryRequest, memoryLimit] = [cpu('cpuRequest'), cpu('cpuLimit'), memory('memoryRequest'), memory('memoryLimit')];
  if (cpuLimit < cpuRequest) throw propError(scope, `${prop}.cpuLimit`, spec.cpuLimit, `a limit at least the request (${spec.cpuRequest})`);
  if (memoryLimit < memoryRequest) throw propError(scope, `${prop}.memoryLimit`, spec.memoryLimit, `a limit at least the request (${spec.memoryRequest})`);
  return {
    cpu: { request: kplus.Cpu.millis(cpuRequest), limit: kplus.Cpu.millis(cpuLimit) },
    memory: { request: sizeOf(memoryRequest), limit: sizeOf(memoryLimit) },
  };
}

function sizeOf(mebibytes: number): Size {
  // Whole GiB render as `1Gi` rather than `1024Mi`: the same quantity, easier to read in dist/.
  return mebibytes % 1024 === 0 ? Size.gibibytes(mebibytes / 1024) : Size.mebibytes(mebibytes);
}
