/**
 * Strict validation with a kubernetes-models class: the shipped validator for types and required
 * fields, plus read tracking for the unknown fields it would let through.
 */
import { formatPath } from '../json';
import { Violation } from '../types';
import { AjvError, ajvErrorToViolation } from './ajv-errors';
import { ModelClass } from './core-models';
import { UNKNOWN_FIELD } from './messages';
import { Segments, runTracked } from './read-tracking';

/** `prefix` locates `data` in the manifest when it is a part of it (the metadata of a custom resource). */
export function validateWithModel(model: ModelClass, data: unknown, prefix: Segments = []): Violation[] {
  const { result: errors, unknownFields } = runTracked(data, (view) => validatorErrors(model, view));
  return [
    ...errors.map((error) => ajvErrorToViolation(error, data, prefix)),
    ...unknownFields.map((segments) => ({
      path: formatPath([...prefix, ...segments]),
      message: UNKNOWN_FIELD,
    })),
  ];
}

function validatorErrors(model: ModelClass, data: unknown): readonly AjvError[] {
  try {
    model.prototype.validate.call(data);
    return [];
  } catch (error) {
    const errors = (error as { errors?: unknown }).errors;
    if (Array.isArray(errors)) return errors as AjvError[];
    throw error;
  }
}
