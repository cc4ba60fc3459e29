/**
 * Errors a construct finds after the environment passed validation (a host the Ingress refuses)
 * name the construct path and the prop; this adds the environment and the config field that
 * holds the bad value, so the fix lands in environments/<name>.ts and not in a construct.
 */
import type { EnvironmentConfig } from './types';

/** Runs `build` for `env`; a failure is rethrown naming the environment and the field path of the bad value. */
export function inEnvironment<T>(env: EnvironmentConfig, build: () => T): T {
  try {
    return build();
  } catch (error) {
    // The policy gate's error already names the environment and carries its findings: keep it as it is.
    if (!(error instanceof Error) || error.name === 'PolicyGateError') throw error;
    const value = badValueIn(error.message);
    const fields = fieldsHolding(env, value);
    const where = fields.length === 0 ? '' : ` ${fields.join(', ')} = ${value}:`;
    throw new Error(`environment "${env.name}":${where} ${error.message}`, { cause: error });
  }
}

/** The value a propError quotes: `<path>: invalid <prop> <JSON value>: <expected>`. */
function badValueIn(message: string): string | undefined {
  return /: invalid \S+ ("(?:[^"\\]|\\.)*"|-?\d[\d.e+-]*|true|false)(?::|$)/.exec(message)?.[1];
}

/** Field paths (`electoralFeed.host`) of the config leaves whose JSON is `json`. */
function fieldsHolding(env: EnvironmentConfig, json: string | undefined): string[] {
  if (json === undefined) return [];
  const found: string[] = [];
  const visit = (value: unknown, path: string): void => {
    if (Array.isArray(value)) value.forEach((item, index) => visit(item, `${path}[${index}]`));
    else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) visit(child, path === '' ? key : `${path}.${key}`);
    } else if (JSON.stringify(value) === json) found.push(path);
  };
  visit(env, '');
  return found;
}
