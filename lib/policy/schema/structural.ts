/**
 * Validates custom resources against the structural `openAPIV3Schema` of their CRD, the way the API
 * server does with strict field validation: defaults are applied first, a field the schema does not
 * declare is an error unless the schema preserves unknown fields, `null` is an error unless the
 * field is nullable. Not evaluated: CEL rules (`x-kubernetes-validations`), list-type uniqueness,
 * and formats other than int32, int64, date-time, ipv4 and ipv6; patterns JavaScript cannot compile
 * (RE2-only syntax) are skipped.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { formatPath } from '../json';
import { Violation } from '../types';
import { Segments } from './read-tracking';
import { UNKNOWN_FIELD, typeName } from './messages';

export interface StructuralSchema {
  readonly type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  readonly properties?: Readonly<Record<string, StructuralSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | StructuralSchema;
  readonly items?: StructuralSchema;
  readonly enum?: readonly unknown[];
  readonly nullable?: boolean;
  readonly default?: unknown;
  readonly pattern?: string;
  readonly format?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: boolean;
  readonly exclusiveMaximum?: boolean;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly anyOf?: readonly StructuralSchema[];
  readonly oneOf?: readonly StructuralSchema[];
  readonly allOf?: readonly StructuralSchema[];
  readonly not?: StructuralSchema;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
}

export function validateStructural(schema: StructuralSchema, value: unknown): Violation[] {
  const violations: Violation[] = [];
  check(schema, value, [], { strict: true, report: (segments, message) => violations.push({ path: formatPath(segments), message }) });
  return violations;
}

interface Checking {
  /** False inside anyOf/oneOf/allOf/not: those branches constrain values, they do not declare fields. */
  readonly strict: boolean;
  readonly report: (segments: Segments, message: string) => void;
}

function check(schema: StructuralSchema, value: unknown, at: Segments, checking: Checking): void {
  if (value === null) {
    if (!schema.nullable) checking.report(at, `must be ${expectedType(schema)}, got null`);
    return;
  }
  if (!typeMatches(schema, value)) {
    checking.report(at, `must be ${expectedType(schema)}, got ${typeName(value)}`);
    return;
  }
  if (schema.enum && !schema.enum.some((allowed) => sameValue(allowed, value))) {
    checking.report(at, `must be one of ${schema.enum.map((allowed) => JSON.stringify(allowed)).join(', ')}`);
  }
  if (typeof value === 'string') checkString(schema, value, at, checking);
  if (typeof value === 'number') checkNumber(schema, value, at, checking);
  let effective = value;
  if (Array.isArray(value)) checkArray(schema, value, at, checking);
  else if (typeof value === 'object') effective = checkObject(schema, value as Record<string, unknown>, at, checking);
  checkCombinators(schema, effective, at, checking);
}

function expectedType(schema: StructuralSchema): string {
  if (schema['x-kubernetes-int-or-string']) return 'an integer or a string';
  return schema.type ?? 'a value';
}

function typeMatches(schema: StructuralSchema, value: unknown): boolean {
  if (schema['x-kubernetes-int-or-string']) return Number.isInteger(value) || typeof value === 'string';
  switch (schema.type) {
    case undefined:
      return true;
    case 'object':
      return typeof value === 'object' && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    default:
      return typeof value === schema.type;
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function checkString(schema: StructuralSchema, value: string, at: Segments, checking: Checking): void {
  // Kubernetes counts characters (runes), not UTF-16 units.
  const length = [...value].length;
  if (schema.minLength !== undefined && length < schema.minLength) checking.report(at, `must be at least ${schema.minLength} characters long`);
  if (schema.maxLength !== undefined && length > schema.maxLength) checking.report(at, `must be at most ${schema.maxLength} characters long`);
  const pattern = schema.pattern === undefined ? undefined : compiledPattern(schema.pattern);
  if (pattern && !pattern.test(value)) checking.report(at, `must match ${schema.pattern}`);
  const format = schema.format === undefined ? undefined : STRING_FORMATS[schema.format];
  if (format && !format(value)) checking.report(at, `must be a valid ${schema.format}`);
}

const patterns = new Map<string, RegExp | undefined>();

function compiledPattern(source: string): RegExp | undefined {
  if (!patterns.has(source)) {
    let compiled: RegExp | undefined;
    try {
      compiled = new RegExp(source, 'u');
    } catch {
      compiled = undefined;
    }
    patterns.set(source, compiled);
  }
  return patterns.get(source);
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

const STRING_FORMATS: Readonly<Record<string, (value: string) => boolean>> = {
  'date-time': (value) => RFC3339.test(value) && !Number.isNaN(Date.parse(value)),
  ipv4: isIPv4,
  ipv6: isIPv6,
};

const INTEGER_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  int32: [-2147483648, 2147483647],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

function checkNumber(schema: StructuralSchema, value: number, at: Segments, checking: Checking): void {
  if (schema.minimum !== undefined && (schema.exclusiveMinimum ? value <= schema.minimum : value < schema.minimum)) {
    checking.report(at, `must be ${schema.exclusiveMinimum ? '>' : '>='} ${schema.minimum}`);
  }
  if (schema.maximum !== undefined && (schema.exclusiveMaximum ? value >= schema.maximum : value > schema.maximum)) {
    checking.report(at, `must be ${schema.exclusiveMaximum ? '<' : '<='} ${schema.maximum}`);
  }
  const range = schema.format === undefined ? undefined : INTEGER_RANGES[schema.format];
  if (range && (value < range[0] || value > range[1])) checking.report(at, `must be a valid ${schema.format}`);
}

function checkArray(schema: StructuralSchema, value: readonly unknown[], at: Segments, checking: Checking): void {
  if (schema.minItems !== undefined && value.length < schema.minItems) checking.report(at, `must have at least ${schema.minItems} items`);
  if (schema.maxItems !== undefined && value.length > schema.maxItems) checking.report(at, `must have at most ${schema.maxItems} items`);
  const items = schema.items;
  if (items) value.forEach((item, index) => check(items, item, [...at, index], checking));
}

/** Checks an object and returns it with the schema's defaults filled in, as the API server sees it. */
function checkObject(schema: StructuralSchema, value: Record<string, unknown>, at: Segments, checking: Checking): Record<string, unknown> {
  const properties = schema.properties ?? {};
  const effective = withDefaults(properties, value);
  for (const field of schema.required ?? []) {
    if (effective[field] === undefined) checking.report([...at, field], 'required field is missing');
  }
  const count = Object.keys(value).length;
  if (schema.minProperties !== undefined && count < schema.minProperties) checking.report(at, `must have at least ${schema.minProperties} fields`);
  if (schema.maxProperties !== undefined && count > schema.maxProperties) checking.report(at, `must have at most ${schema.maxProperties} fields`);
  for (const [key, child] of Object.entries(value)) {
    const childSchema = Object.prototype.hasOwnProperty.call(properties, key) ? properties[key] : additionalSchema(schema);
    if (childSchema) check(childSchema, child, [...at, key], checking);
    else if (checking.strict && !allowsUnknownFields(schema)) checking.report([...at, key], UNKNOWN_FIELD);
  }
  return effective;
}

function additionalSchema(schema: StructuralSchema): StructuralSchema | undefined {
  return typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
}

function allowsUnknownFields(schema: StructuralSchema): boolean {
  return schema.additionalProperties === true || schema['x-kubernetes-preserve-unknown-fields'] === true;
}

function withDefaults(properties: Readonly<Record<string, StructuralSchema>>, value: Record<string, unknown>): Record<string, unknown> {
  let effective = value;
  for (const [key, property] of Object.entries(properties)) {
    if (property.default !== undefined && value[key] === undefined) {
      if (effective === value) effective = { ...value };
      effective[key] = property.default;
    }
  }
  return effective;
}

function checkCombinators(schema: StructuralSchema, value: unknown, at: Segments, checking: Checking): void {
  const passes = (branch: StructuralSchema): boolean => {
    let failed = false;
    check(branch, value, at, { strict: false, report: () => (failed = true) });
    return !failed;
  };
  for (const branch of schema.allOf ?? []) check(branch, value, at, { ...checking, strict: false });
  if (schema.anyOf && !schema.anyOf.some(passes)) checking.report(at, 'must match at least one of the allowed shapes (anyOf)');
  if (schema.oneOf && schema.oneOf.filter(passes).length !== 1) checking.report(at, 'must match exactly one of the allowed shapes (oneOf)');
  if (schema.not && passes(schema.not)) checking.report(at, 'must not match the excluded shape (not)');
}
