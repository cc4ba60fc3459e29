/**
 * Kubernetes resource quantities (`250m`, `1.5`, `128Mi`, `10Gi`): validation and conversion to
 * the units cdk8s-plus takes (millicores, mebibytes). Parsing here means a typo in an environment
 * file fails the synth instead of reaching the API server.
 */

const QUANTITY = /^([0-9]+(?:\.[0-9]+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

const FACTORS: Record<string, number> = {
  '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** The quantity's value in base units (cores or bytes), or undefined when it is not a quantity. */
export function quantityValue(text: string): number | undefined {
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * FACTORS[match[2] ?? ''];
}

export function isQuantity(text: unknown): text is string {
  return typeof text === 'string' && quantityValue(text) !== undefined;
}

/** CPU in whole millicores; undefined when not a positive CPU quantity of at least 1m. */
export function cpuMillis(text: string): number | undefined {
  const cores = quantityValue(text);
  if (cores === undefined) return undefined;
  const millis = Math.round(cores * 1000);
  return millis >= 1 ? millis : undefined;
}

/** Memory in whole mebibytes; undefined when not a positive whole number of MiB. */
export function memoryMebibytes(text: string): number | undefined {
  const bytes = quantityValue(text);
  if (bytes === undefined) return undefined;
  const mebibytes = bytes / 2 ** 20;
  return Number.isInteger(mebibytes) && mebibytes >= 1 ? mebibytes : undefined;
}

// ---------------------------------------------------------------------------------------------
// Canonical form
// ---------------------------------------------------------------------------------------------

/**
 * The full quantity grammar of the API server: sign, digits with an optional fraction, and a
 * binary (`Ki`..`Ei`), decimal (`n`..`E`) or exponent (`e3`, `E-2`) suffix.
 */
const QUANTITY_GRAMMAR = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;

const DECIMAL_EXPONENTS: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const DECIMAL_SUFFIXES = new Map(Object.entries(DECIMAL_EXPONENTS).map(([suffix, exponent]) => [exponent, suffix]));
const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
/** A binary-suffixed quantity is capped at the largest int64 when parsed. */
const MAX_INT64 = 2n ** 63n - 1n;

type QuantityFormat = 'BinarySI' | 'DecimalSI' | 'DecimalExponent';

/**
 * The string the API server returns for `text` (what `kubectl get -o yaml` shows): what Argo CD
 * compares our manifest against, so anything else is a permanent diff (`1000m` is `1`, `2048Mi`
 * is `2Gi`, `0.5` is `500m`, `1.5Gi` is `1536Mi`, `12000` is `12k`).
 *
 * Follows k8s.io/apimachinery's resource.Quantity: the suffix family (binary, decimal, exponent)
 * is kept; the value is rounded up to whole nano units; it is written with no fraction and the
 * largest suffix that keeps it exact (a power of 1024 for binary suffixes, 1000 otherwise; a
 * binary value below 1024 or with a fraction is written in decimal). One quirk is kept on
 * purpose: an input the parser already considers canonical is returned verbatim (`+5`, `1e3`).
 *
 * @throws Error when `text` is not a quantity
 */
export function canonicalQuantity(text: string): string {
  const match = QUANTITY_GRAMMAR.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) throw new Error(`"${text}" is not a Kubernetes quantity`);
  if (text === '0') return text;
  const [, sign, integer, fraction = '', suffix = ''] = match;
  const format: QuantityFormat = BINARY_SUFFIXES.includes(suffix) && suffix !== ''
    ? 'BinarySI'
    : suffix in DECIMAL_EXPONENTS ? 'DecimalSI' : 'DecimalExponent';
  const exponent = format === 'BinarySI'
    ? BINARY_SUFFIXES.indexOf(suffix) * 10
    : format === 'DecimalSI' ? DECIMAL_EXPONENTS[suffix] : Number(suffix.slice(1));
  if (keptVerbatim(format, integer.replace(/^0+/, ''), fraction, exponent)) return text;

  // The exact value as mantissa x 10^scale (a binary multiple of a finite decimal is one too).
  let mantissa = BigInt(`${integer}${fraction}` || '0');
  let scale = -fraction.length;
  if (format === 'BinarySI') mantissa *= 2n ** BigInt(exponent);
  else scale += exponent;
  if (scale < -9) {
    // Finer than nano: rounded away from zero, so a request for "some" never becomes none.
    const divisor = 10n ** BigInt(-9 - scale);
    mantissa = mantissa / divisor + (mantissa % divisor === 0n ? 0n : 1n);
    scale = -9;
  }
  if (mantissa === 0n) return '0';
  const aboveMax = scale >= 0 ? mantissa * 10n ** BigInt(scale) > MAX_INT64 : mantissa > MAX_INT64 * 10n ** BigInt(-scale);
  if (format === 'BinarySI' && aboveMax) {
    mantissa = MAX_INT64;
    scale = 0;
  }
  const negative = sign === '-';
  const bytes = wholeValue(mantissa, scale);
  if (format === 'BinarySI' && bytes !== undefined && bytes >= 1024n) return (negative ? '-' : '') + base1024(bytes);
  return (negative ? '-' : '') + base1000(mantissa, scale, format === 'BinarySI' ? 'DecimalSI' : format);
}

/**
 * The parser's fast path keeps the input string when it looks canonical already: at most 18
 * digits, not finer than nano, and (decimal) a suffix exponent that is a multiple of 3 over
 * digits that neither start with 0 nor end in 000, or (binary, integer digits only) digits that
 * are not a multiple of 8.
 */
function keptVerbatim(format: QuantityFormat, digits: string, fraction: string, exponent: number): boolean {
  const num = digits === '' ? '0' : digits;
  if (format === 'BinarySI') {
    if (fraction !== '') return false;
    const precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
    if (precision < 0) return false;
    const value = BigInt(num);
    return value * 2n ** BigInt(exponent) <= MAX_INT64 && value % 8n !== 0n;
  }
  const shifted = num + fraction;
  const scale = exponent - fraction.length;
  if (18 - shifted.length < 0 || scale < -9 || BigInt(shifted) > MAX_INT64) return false;
  return scale % 3 === 0 && !shifted.endsWith('000') && !shifted.startsWith('0');
}

/** mantissa x 10^scale when it is a whole number, else undefined. */
function wholeValue(mantissa: bigint, scale: number): bigint | undefined {
  if (scale >= 0) return mantissa * 10n ** BigInt(scale);
  const divisor = 10n ** BigInt(-scale);
  return mantissa % divisor === 0n ? mantissa / divisor : undefined;
}

/** An integer number of bytes with the largest binary suffix that keeps it whole. */
function base1024(bytes: bigint): string {
  let value = bytes;
  let power = 0;
  while (value >= 1024n && value % 1024n === 0n && power < BINARY_SUFFIXES.length - 1) {
    value /= 1024n;
    power += 1;
  }
  return `${value}${BINARY_SUFFIXES[power]}`;
}

/** mantissa x 10^scale with no fraction and an exponent that is a multiple of 3, as large as possible. */
function base1000(mantissa: bigint, scale: number, format: 'DecimalSI' | 'DecimalExponent'): string {
  let value = mantissa;
  let exponent = scale;
  while (value >= 10n && value % 10n === 0n) {
    value /= 10n;
    exponent += 1;
  }
  const down = ((exponent % 3) + 3) % 3;
  value *= 10n ** BigInt(down);
  exponent -= down;
  if (format === 'DecimalSI' && DECIMAL_SUFFIXES.has(exponent)) return `${value}${DECIMAL_SUFFIXES.get(exponent)}`;
  // Beyond E (10^18) there is no decimal suffix: the exponent is written out.
  return exponent === 0 ? `${value}` : `${value}e${exponent}`;
}
