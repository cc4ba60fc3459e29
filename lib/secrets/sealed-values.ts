/**
 * The committed file of sealed values for one environment (`npm run seal` writes it, the synth
 * reads it). It records which certificate and scope the values were sealed for, so that a replaced
 * certificate or a changed scope is caught at synth instead of by a controller that cannot unseal.
 *
 *   { "certificateSha256": "<hex>", "scope": "strict",
 *     "secrets": { "<namespace>": { "<secret name>": { "<key>": "<sealed base64>" } } } }
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sealedValueProblem } from './sealed-value';
import { SEALING_SCOPES, SealingScope } from './sealing';
import type { JsonObject } from '../json-object';

export interface SealedValues {
  readonly certificateSha256: string;
  readonly scope: SealingScope;
  readonly secrets: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, string>>>>>>;
}

/** Checks the shape and that every value is sealed; throws naming the file and the entry. */
export function parseSealedValues(text: string, file: string): SealedValues {
  let data: JsonObject;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not JSON: ${(error as Error).message}`);
  }
  const isMap = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isMap(data) || typeof data.certificateSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(data.certificateSha256)) {
    throw new Error(`${file}: expected { certificateSha256: <64 hex>, scope, secrets } as written by npm run seal`);
  }
  if (!SEALING_SCOPES.includes(data.scope)) throw new Error(`${file}: scope must be one of ${SEALING_SCOPES.join(', ')}`);
  if (!isMap(data.secrets)) throw new Error(`${file}: secrets must be an object of namespaces`);
  for (const [namespace, secrets] of Object.entries<JsonObject>(data.secrets)) {
    if (!isMap(secrets)) throw new Error(`${file}: secrets.${namespace} must be an object of Secret names`);
    for (const [name, keys] of Object.entries<JsonObject>(secrets)) {
      if (!isMap(keys)) throw new Error(`${file}: secrets.${namespace}.${name} must be an object of keys`);
      for (const [key, value] of Object.entries(keys)) {
        const problem = sealedValueProblem(value);
        if (problem) throw new Error(`${file}: secrets.${namespace}.${name}.${key} is not a sealed value: ${problem}`);
      }
    }
  }
  return data as SealedValues;
}

/** The file's values, or undefined when nothing has been sealed for the environment yet. */
export function readSealedValues(path: string, displayName: string): SealedValues | undefined {
  if (!existsSync(path)) return undefined;
  return parseSealedValues(readFileSync(path, 'utf8'), displayName);
}

/** A copy of `values` with one value set; namespaces, names and keys kept sorted so diffs stay small. */
export function withSealedValue(values: SealedValues, namespace: string, name: string, key: string, sealed: string): SealedValues {
  const problem = sealedValueProblem(sealed);
  if (problem) throw new Error(`refusing to store ${namespace}/${name} ${key}: ${problem}`);
  const secrets: Record<string, Record<string, Record<string, string>>> = JSON.parse(JSON.stringify(values.secrets));
  secrets[namespace] ??= {};
  secrets[namespace][name] ??= {};
  secrets[namespace][name][key] = sealed;
  return { certificateSha256: values.certificateSha256, scope: values.scope, secrets: sortedDeep(secrets) };
}

export function serializeSealedValues(values: SealedValues): string {
  const ordered = { certificateSha256: values.certificateSha256, scope: values.scope, secrets: sortedDeep(values.secrets) };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/** Writes through a temporary file and a rename, so an interrupted run never leaves half a file. */
export function writeSealedValues(path: string, values: SealedValues): void {
  const temporary = join(dirname(path), `.${Date.now()}-${process.pid}.sealing`);
  writeFileSync(temporary, serializeSealedValues(values), { mode: 0o644 });
  renameSync(temporary, path);
}

/** The sealed value of one key, if the file has it. */
export function sealedValueOf(values: SealedValues, namespace: string, name: string, key: string): string | undefined {
  const own = (map: Readonly<JsonObject> | undefined, field: string) =>
    map !== undefined && Object.prototype.hasOwnProperty.call(map, field) ? map[field] : undefined;
  const sealed = own(own(own(values.secrets, namespace), name), key);
  return typeof sealed === 'string' ? sealed : undefined;
}

function sortedDeep<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, entry]) => [key, sortedDeep(entry)]),
  ) as T;
}
