import { ApiObject, JsonPatch, Size } from 'cdk8s';
import { IConstruct } from 'constructs';
import { propError } from './errors';
import * as kplus from './plus';
import { cpuMillis, memoryMebibytes } from './quantity';
import { requireValid } from './validate/check';
import { cpuProblem, memoryProblem } from './validate/quantities';

/** CPU and memory requests and limits, as Kubernetes quantities (`250m`, `256Mi`). */
export interface ResourceSpec {
  readonly cpuRequest: string;
  readonly cpuLimit: string;
  readonly memoryRequest: string;
  readonly memoryLimit: string;
}

/**
 * Converts a ResourceSpec into cdk8s-plus resources, rejecting what is not a quantity and limits
 * below requests (the API server would refuse the pod, but only at apply time). Local disk
 * (`ephemeral-storage`) is added by `addEphemeralStorage`.
 */
export function containerResources(scope: IConstruct, prop: string, spec: ResourceSpec): kplus.ContainerResources {
  const cpu = (field: 'cpuRequest' | 'cpuLimit') => {
    requireValid(scope, `${prop}.${field}`, spec[field], cpuProblem);
    return cpuMillis(spec[field])!;
  };
  const memory = (field: 'memoryRequest' | 'memoryLimit') => {
    requireValid(scope, `${prop}.${field}`, spec[field], memoryProblem);
    return memoryMebibytes(spec[field])!;
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

/**
 * Local disk (`ephemeral-storage`) every container asks for: its logs (the kubelet keeps up to
 * 5 x 10Mi per container by default) and its writable layer (near empty: the root filesystem is
 * read-only). The request is what the scheduler reserves on the node.
 */
export const EPHEMERAL_STORAGE_REQUEST = Size.mebibytes(64);
/** The limit on top of the container's disk-backed scratch space (its `/tmp` emptyDir). */
export const EPHEMERAL_STORAGE_OVERHEAD = Size.mebibytes(192);
/** The default `/tmp` emptyDir size of our containers (`mountTmp`). */
export const DEFAULT_SCRATCH = Size.mebibytes(64);

/**
 * Sets the `ephemeral-storage` request and limit of the container at `containerPath` (a JSON
 * pointer, e.g. `/spec/template/spec/containers/0`), which must already have CPU and memory
 * resources (`containerResources`). Every container gets them: kube-score's default
 * container-ephemeral-storage-request-and-limit, and a bound on what one pod takes of a node's disk.
 *
 * Disk-backed emptyDirs count against the pod's ephemeral storage (the sum of its containers'
 * limits), so the limit is the `scratch` space the container mounts (its `/tmp`; 0 for a container
 * without one) plus EPHEMERAL_STORAGE_OVERHEAD: a full `/tmp` meets its own sizeLimit, never the
 * pod's limit first. Memory-backed emptyDirs count as memory, not here.
 *
 * Through the escape hatch: cdk8s-plus-28 renders ephemeral-storage only in whole GiB (it throws on
 * `Size.mebibytes(256)`), which would reserve a GiB of node disk per container.
 */
export function addEphemeralStorage(apiObject: ApiObject, containerPath: string, scratch: Size = DEFAULT_SCRATCH): void {
  const limit = scratch.toMebibytes() + EPHEMERAL_STORAGE_OVERHEAD.toMebibytes();
  // Quantity objects, not strings: the L1 classes map patched quantities through `.value`.
  apiObject.addJsonPatch(JsonPatch.add(`${containerPath}/resources/requests/ephemeral-storage`, kplus.k8s.Quantity.fromString(`${EPHEMERAL_STORAGE_REQUEST.toMebibytes()}Mi`)));
  apiObject.addJsonPatch(JsonPatch.add(`${containerPath}/resources/limits/ephemeral-storage`, kplus.k8s.Quantity.fromString(`${limit}Mi`)));
}
