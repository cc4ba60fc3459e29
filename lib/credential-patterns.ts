/**
 * Recognises literal credentials: by the name they are stored under (`DB_PASSWORD`) or by their
 * own shape (a PEM private key, an AWS access key id, ...). Used by the `secrets` pack on env vars
 * and exported for constructs that want to refuse a credential in a prop before synthesis.
 */

/**
 * Name words that denote the credential itself. Only the last words of a name count, so
 * `DB_PASSWORD` and `apiKey` match while `PASSWORD_FILE`, `TOKEN_TTL` and `SECRET_NAME` (which hold a
 * path, a duration, a reference) do not.
 */
const CREDENTIAL_NAME_ENDINGS: readonly (readonly string[])[] = [
  ['password'],
  ['passwd'],
  ['passphrase'],
  ['secret'],
  ['token'],
  ['apikey'],
  ['api', 'key'],
  ['privatekey'],
  ['private', 'key'],
  ['secret', 'key'],
  ['access', 'key'],
  ['credential'],
  ['credentials'],
];

interface ValueShape {
  readonly pattern: RegExp;
  readonly description: string;
}

const CREDENTIAL_VALUE_SHAPES: readonly ValueShape[] = [
  { pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/, description: 'a PEM private key' },
  { pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, description: 'an AWS access key id' },
  { pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/, description: 'a GitHub token' },
  { pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]+/, description: 'a Slack webhook URL' },
  { pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/, description: 'a Slack token' },
  // Header and payload of a JWT are base64url JSON objects, so both start with `eyJ` (`{"`).
  { pattern: /\beyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/, description: 'a JSON Web Token' },
  // `scheme://user:password@host`, unless the password is a `$(VAR)`/`${VAR}` reference to another variable.
  { pattern: /[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/:@]+:(?!\$[({])[^\s/@]+@/, description: 'a URL with an embedded password' },
];

/** A value that only expands another variable (`$(DB_PASSWORD)`) is not a literal credential. */
const VARIABLE_REFERENCE = /^\$\([A-Za-z_][A-Za-z0-9_]*\)$/;

/**
 * Why `value`, stored under `name`, looks like a literal credential; undefined when it does not.
 * The reason never repeats the value, so it is safe to print.
 */
export function looksLikeCredential(name: string, value: string): string | undefined {
  const shape = CREDENTIAL_VALUE_SHAPES.find(({ pattern }) => pattern.test(value));
  if (shape) return `the value looks like ${shape.description}`;
  if (value.trim() === '' || VARIABLE_REFERENCE.test(value.trim())) return undefined;
  if (hasCredentialName(name)) return `the name "${name}" says it holds a credential and the value is a non-empty literal`;
  return undefined;
}

/** Splits `DB_PASSWORD`, `db-password`, `dbPassword`, `DBPassword`, `db.password` into lowercase words. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase());
}

function hasCredentialName(name: string): boolean {
  const nameWords = words(name);
  return CREDENTIAL_NAME_ENDINGS.some(
    (ending) => ending.length <= nameWords.length && ending.every((word, index) => nameWords[nameWords.length - ending.length + index] === word),
  );
}
