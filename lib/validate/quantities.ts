import type { IConstruct } from 'constructs';
import { cpuMillis, memoryMebibytes, quantityValue } from '../quantity';
import { requireValid } from './check';

const MEBIBYTE = 2 ** 20;
const UNIT = /(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)$/;

/** A volume or quota size: a quantity with a unit, whole bytes, at least 1Mi. */
export function storageSizeProblem(size: string): string | undefined {
  const bytes = typeof size === 'string' ? quantityValue(size) : undefined;
  if (bytes === undefined || bytes < MEBIBYTE || !Number.isInteger(bytes) || !UNIT.test(size)) {
    return 'a storage quantity of at least 1Mi with a unit, e.g. "10Gi"';
  }
  return undefined;
}

/** The size in bytes, or throws `propError` (see `storageSizeProblem`). */
export function requireStorageSize(scope: IConstruct, prop: string, size: string): number {
  requireValid(scope, prop, size, storageSizeProblem);
  return quantityValue(size)!;
}

/** A CPU quantity of at least 1m. */
export function cpuProblem(text: string): string | undefined {
  return typeof text === 'string' && cpuMillis(text) !== undefined ? undefined : 'a CPU quantity of at least 1m, e.g. "250m" or "1"';
}

/** A memory quantity in whole MiB (cdk8s-plus takes mebibytes). */
export function memoryProblem(text: string): string | undefined {
  return typeof text === 'string' && memoryMebibytes(text) !== undefined ? undefined : 'a memory quantity in whole MiB, e.g. "128Mi" or "1Gi"';
}
