import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { canonicalQuantity } from '../../lib/quantity';
import { describeWithTools, executable } from '../helpers/system-tools';

describe('canonicalQuantity', () => {
  test.each([
    ['1000m', '1'], ['2000m', '2'], ['2048Mi', '2Gi'], ['4096Mi', '4Gi'], ['0.5', '500m'], ['1.5Gi', '1536Mi'],
    ['12000', '12k'], ['1.5', '1500m'], ['0.5Gi', '512Mi'], ['1.1Ki', '1126400m'], ['0.5Ki', '512'],
    ['1024', '1024'], ['0', '0'], ['0Mi', '0'], ['0.0', '0'], ['0.0000000001', '1n'], ['1.0Mi', '1Mi'],
    ['-1.5Gi', '-1536Mi'], ['12e4', '120e3'], ['1.5e2', '150'], ['9Ei', '9223372036854775807'],
    // Already canonical to the parser: returned as written, as the API server does.
    ['250m', '250m'], ['100Gi', '100Gi'], ['+5', '+5'], ['1e3', '1e3'], ['1.500', '1.500'],
    // Beyond E there is no decimal suffix (apimachinery since 2025; older servers returned "1").
    ['1000E', '1e21'],
  ])('%s is %s', (input, canonical) => {
    expect(canonicalQuantity(input)).toBe(canonical);
  });

  test.each(['', '1.2.3', 'Mi', '1mi', '1 Gi', 'abc', '1Ki1', '.'])('"%s" is refused', (input) => {
    expect(() => canonicalQuantity(input)).toThrow(`"${input}" is not a Kubernetes quantity`);
  });

  test('canonical output is a fixed point', () => {
    for (const input of generatedQuantities()) {
      const once = canonicalQuantity(input);
      expect([input, canonicalQuantity(once)]).toEqual([input, once]);
    }
  });
});

/**
 * kubectl decodes a manifest into the typed Pod and encodes it again when it sets resources on one
 * container: every quantity of the other container comes back as the API server would return it.
 */
const kubectl = { name: 'kubectl', install: 'apt-get install -y kubernetes-client' };

describeWithTools('canonicalQuantity agrees with apimachinery (kubectl)', [kubectl], () => {
  test('every generated quantity', () => {
    const inputs = generatedQuantities();
    const requests = Object.fromEntries(inputs.map((q, i) => [`q.example.org/r${i}`, q]));
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'quantities' },
      spec: { containers: [{ name: 'probe', image: 'x', resources: { requests } }, { name: 'other', image: 'x' }] },
    };
    const folder = mkdtempSync(join(tmpdir(), 'quantity-'));
    try {
      writeFileSync(join(folder, 'pod.json'), JSON.stringify(pod));
      const args = ['set', 'resources', '-f', join(folder, 'pod.json'), '--local', '-c', 'other', '--limits=cpu=1', '-o', 'json'];
      const out = execFileSync(executable('kubectl'), args, {
        encoding: 'utf8',
        env: { ...process.env, KUBECONFIG: join(folder, 'none') },
      });
      const returned = JSON.parse(out).spec.containers[0].resources.requests as Record<string, string>;
      const mismatches = inputs
        .map((q, i) => ({ input: q, apiServer: returned[`q.example.org/r${i}`], ours: canonicalQuantity(q) }))
        .filter((row) => row.apiServer !== row.ours);
      expect(mismatches).toEqual([]);
      expect(Object.keys(returned)).toHaveLength(inputs.length);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

/** Edge cases and a seeded spread of mantissas, fractions and suffixes (all below 10^21). */
function generatedQuantities(): string[] {
  const fixed = [
    '1000m', '2048Mi', '0.5', '1.5Gi', '12000', '1.1Ki', '0.5Ki', '1e3', '1500e-3', '0.0000000001', '9Ei', '-1.5Gi', '1.5e2',
    '100n', '0.000001', '12e4', '0Mi', '+5', '1024', '2e0', '1.0Mi', '1.500', '8Ki', '1024Ki', '007', '01Ki', '.5', '5.',
    '123456Gi', '999999999999999999', '1000000000000000000', '0.1n', '1E', '1P', '1e-9', '1e-10', '-0', '-1000m', '1023Ki',
  ];
  const suffixes = ['', 'n', 'u', 'm', 'k', 'M', 'G', 'T', 'Ki', 'Mi', 'Gi', 'Ti', 'e3', 'e-3', 'e2', 'E6'];
  let seed = 16;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const generated: string[] = [];
  for (let i = 0; i < 400; i++) {
    const integer = String([0, 1, 2, 8, 10, 1000, 1024, 1536, 2048, 4096, 125000][next(11)] * (1 + next(3)));
    const fraction = next(3) === 0 ? `.${String(next(10000)).replace(/0+$/, '') || '5'}` : '';
    generated.push(`${next(12) === 0 ? '-' : ''}${integer}${fraction}${suffixes[next(suffixes.length)]}`);
  }
  return [...fixed, ...generated];
}
