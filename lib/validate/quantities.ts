import type { IConstruct } from 'constructs';
import { cpuMillis, memoryMebibytes, quantityValue } from '../quantity';
import { requireValid } from './check';

const MEBIBYTE = 2 ** 20;
/**
 * Upper bounds far above any real node or volume, so a typo (`2000000Gi`, an extra zero run) is
 * refused here, naming the prop, instead of by the schema check at a rendered path or by the API
 * server's int64 limit.
 */
const MAX_CPU_CORES = 1024;
const MAX_MEMORY = 2 ** 44; // 16Ti
const MAX_STORAGE = 2 ** 50; // 1Pi
const UNIT = /(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)$/;

/** A volume or quota size: a quantity with a unit, whole bytes, at least 1Mi. */
export function storageSizeProblem(size: string): string | undefined {
  const bytes = typeof size === 'string' ? quantityValue(size) : undefined;
  if (bytes === undefined || bytes < MEBIBYTE || !Number.isInteger(bytes) || !UNIT.test(size)) {
    return 'a storage quantity of at least 1Mi with a unit, e.g. "10Gi"';
  }
  return bytes > MAX_STORAGE ? 'a storage quantity from 1Mi to 1Pi' : undefined;
}

/** The size in bytes, or throws `propError` (see `storageSizeProblem`). */
export function requireStorageSize(scope: IConstruct, prop: string, size: string): number {
  requireValid(scope, prop, size, storageSizeProblem);
  return quantityValue(size)!;
}

/** A CPU quantity of at least 1m. */
export function cpuProblem(text: string): string | undefined {
  const millis = typeof text === 'string' ? cpuMillis(text) : undefined;
  if (millis === undefined) return 'a CPU quantity of at least 1m, e.g. "250m" or "1"';
  return millis > MAX_CPU_CORES * 1000 ? `a CPU quantity from 1m to ${MAX_CPU_CORES} (cores)` : undefined;
}

/** A memory quantity in whole MiB (cdk8s-plus takes mebibytes). */
export function memoryProblem(text: string): string | undefined {
  const mebibytes = typeof text === 'string' ? memoryMebibytes(text) : undefined;
  if (mebibytes === undefined) return 'a memory quantity in whole MiB, e.g. "128Mi" or "1Gi"';
  return mebibytes * MEBIBYTE > MAX_MEMORY ? 'a memory quantity from 1Mi to 16Ti' : undefined;
}
