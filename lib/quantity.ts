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
