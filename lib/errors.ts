import { IConstruct } from 'constructs';

/**
 * Builds the error every construct throws for a bad prop: it names the construct path, the prop,
 * the value it got and what it would accept, so a failed synth points at the line to fix.
 */
export function propError(scope: IConstruct, prop: string, value: unknown, expected: string): Error {
  return new Error(`${scope.node.path}: invalid ${prop} ${describe(value)}: ${expected}`);
}

function describe(value: unknown): string {
  if (value === undefined) return '(missing)';
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
