import { StructuralSchema, validateStructural } from '../../../lib/policy/schema/structural';

const check = (schema: StructuralSchema, value: unknown) => validateStructural(schema, value).map((v) => `${v.path}: ${v.message}`);

describe('validateStructural', () => {
  test('types, with int-or-string and nullable', () => {
    const schema: StructuralSchema = {
      type: 'object',
      properties: {
        count: { type: 'integer' },
        ratio: { type: 'number' },
        port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
        note: { type: 'string', nullable: true },
        name: { type: 'string' },
      },
    };
    expect(check(schema, { count: 1, ratio: 0.5, port: 'http', note: null, name: 'a' })).toEqual([]);
    expect(check(schema, { count: 1.5, ratio: '1', port: 1.5, name: null })).toEqual([
      'count: must be integer, got number',
      'ratio: must be number, got string',
      'port: must be an integer or a string, got number',
      'name: must be string, got null',
    ]);
  });

  test('string limits, patterns and formats', () => {
    const schema: StructuralSchema = {
      type: 'object',
      properties: {
        label: { type: 'string', minLength: 1, maxLength: 3, pattern: '^[a-z]+$' },
        when: { type: 'string', format: 'date-time' },
        address: { type: 'string', format: 'ipv4' },
        unknownFormat: { type: 'string', format: 'hostname' },
        re2Only: { type: 'string', pattern: '(?i)abc' },
      },
    };
    expect(check(schema, { label: 'ab', when: '2025-01-01T00:00:00Z', address: '10.0.0.1', unknownFormat: '!!', re2Only: 'x' })).toEqual([]);
    expect(check(schema, { label: '', when: 'yesterday', address: '10.0.0.256' })).toEqual([
      'label: must be at least 1 characters long',
      'label: must match ^[a-z]+$',
      'when: must be a valid date-time',
      'address: must be a valid ipv4',
    ]);
    expect(check(schema, { label: 'abcd' })).toEqual(['label: must be at most 3 characters long']);
    // Characters, not UTF-16 units, as Kubernetes counts them.
    expect(check({ type: 'string', maxLength: 2 }, '😀😀')).toEqual([]);
  });

  test('number limits and integer formats', () => {
    const schema: StructuralSchema = {
      type: 'object',
      properties: { port: { type: 'integer', minimum: 1, maximum: 65535, format: 'int32' }, above: { type: 'number', minimum: 0, exclusiveMinimum: true } },
    };
    expect(check(schema, { port: 1, above: 0.1 })).toEqual([]);
    expect(check(schema, { port: 65535 })).toEqual([]);
    expect(check(schema, { port: 0, above: 0 })).toEqual(['port: must be >= 1', 'above: must be > 0']);
    expect(check(schema, { port: 65536 })).toEqual(['port: must be <= 65535']);
    expect(check({ type: 'integer', format: 'int32' }, 2 ** 31)).toEqual([': must be a valid int32']);
  });

  test('arrays and object sizes', () => {
    const schema: StructuralSchema = { type: 'array', minItems: 1, maxItems: 2, items: { type: 'object', maxProperties: 1, additionalProperties: { type: 'string' } } };
    expect(check(schema, [{ a: 'b' }])).toEqual([]);
    expect(check(schema, [])).toEqual([': must have at least 1 items']);
    expect(check(schema, [{}, {}, { a: 'b', c: 1 }])).toEqual([': must have at most 2 items', '[2]: must have at most 1 fields', '[2].c: must be string, got integer']);
  });

  test('unknown fields: strict by default, allowed by preserve-unknown-fields or additionalProperties', () => {
    expect(check({ type: 'object', properties: { a: { type: 'string' } } }, { a: 'x', b: 1 })).toEqual([
      'b: unknown field: the schema does not declare it (the API server rejects or drops it)',
    ]);
    expect(check({ type: 'object', properties: { a: {} }, 'x-kubernetes-preserve-unknown-fields': true }, { b: 1 })).toEqual([]);
    expect(check({ type: 'object', additionalProperties: true }, { b: 1 })).toEqual([]);
    // A bare object: the API server prunes every field, so strict validation reports each.
    expect(check({ type: 'object' }, { b: 1 })).toHaveLength(1);
  });

  test('required fields, after defaults are applied', () => {
    const schema: StructuralSchema = { type: 'object', required: ['kind', 'name'], properties: { kind: { type: 'string', default: 'Service' }, name: { type: 'string' } } };
    expect(check(schema, { name: 'x' })).toEqual([]);
    expect(check(schema, {})).toEqual(['name: required field is missing']);
  });

  test('anyOf, oneOf, allOf and not constrain values without declaring fields', () => {
    const schema: StructuralSchema = {
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'string' } },
      anyOf: [{ required: ['a'] }, { required: ['b'] }],
      not: { required: ['a', 'b'] },
      allOf: [{ properties: { a: { maxLength: 2 } } }],
    };
    expect(check(schema, { a: 'x' })).toEqual([]);
    expect(check(schema, { b: 'x' })).toEqual([]);
    expect(check(schema, {})).toEqual([': must match at least one of the allowed shapes (anyOf)']);
    expect(check(schema, { a: 'x', b: 'y' })).toEqual([': must not match the excluded shape (not)']);
    expect(check(schema, { a: 'xyz' })).toEqual(['a: must be at most 2 characters long']);
    const oneOf: StructuralSchema = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, oneOf: [{ required: ['a'] }, { required: ['b'] }] };
    expect(check(oneOf, { a: 'x', b: 'y' })).toEqual([': must match exactly one of the allowed shapes (oneOf)']);
  });
});
