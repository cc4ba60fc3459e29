/**
 * Turns the errors of kubernetes-models' ajv-compiled validators into violations with our path
 * style and messages a reader understands without knowing JSON Schema keywords.
 */
import { formatPath } from '../json';
import { Violation } from '../types';
import { typeName } from './messages';
import { Segments } from './read-tracking';
import type { JsonObject } from '../../json-object';

/** The fields of an ajv `ErrorObject` we use (ajv's own type is not a dependency of ours). */
export interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: JsonObject;
  readonly message?: string;
}

/** `prefix` locates `data` in the manifest when the validator ran on a part of it. */
export function ajvErrorToViolation(error: AjvError, data: unknown, prefix: Segments = []): Violation {
  const segments = pointerToSegments(error.instancePath, data);
  if (error.keyword === 'required') {
    return { path: formatPath([...prefix, ...segments, String(error.params.missingProperty)]), message: 'required field is missing' };
  }
  return { path: formatPath([...prefix, ...segments]), message: describe(error, valueAt(data, segments)) };
}

function describe(error: AjvError, value: unknown): string {
  const { params } = error;
  switch (error.keyword) {
    case 'type':
      return `must be ${params.type}, got ${typeName(value)}`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((allowed) => JSON.stringify(allowed)).join(', ')}`;
    case 'format':
      return `must be a valid ${params.format}`;
    case 'pattern':
      return `must match ${params.pattern}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${params.comparison} ${params.limit}`;
    default:
      return error.message ?? `violates the schema keyword "${error.keyword}"`;
  }
}

/** JSON pointer (`/spec/containers/0`) to segments; a segment is an index where the data holds an array. */
function pointerToSegments(pointer: string, data: unknown): Segments {
  if (pointer === '') return [];
  const segments: (string | number)[] = [];
  let current: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment = Array.isArray(current) ? Number(key) : key;
    segments.push(segment);
    current = typeof current === 'object' && current !== null ? (current as JsonObject)[segment] : undefined;
  }
  return segments;
}

function valueAt(data: unknown, segments: Segments): unknown {
  return segments.reduce<unknown>(
    (current, segment) => (typeof current === 'object' && current !== null ? (current as JsonObject)[segment] : undefined),
    data,
  );
}
