import { cpuProblem, memoryProblem, storageSizeProblem } from '../../../lib/validate';

describe('quantities have an upper bound, so a typo is refused naming the prop', () => {
  test.each<[(q: string) => string | undefined, string, string | undefined]>([
    [cpuProblem, '1024', undefined],
    [cpuProblem, '250m', undefined],
    [cpuProblem, '1025', 'a CPU quantity from 1m to 1024 (cores)'],
    [cpuProblem, '1000000000000m', 'a CPU quantity from 1m to 1024 (cores)'],
    [cpuProblem, '9999999E', 'a CPU quantity from 1m to 1024 (cores)'],
    [memoryProblem, '16Ti', undefined],
    [memoryProblem, '17Ti', 'a memory quantity from 1Mi to 16Ti'],
    [memoryProblem, '99999999999Ei', 'a memory quantity from 1Mi to 16Ti'],
    [storageSizeProblem, '1Pi', undefined],
    [storageSizeProblem, '2Pi', 'a storage quantity from 1Mi to 1Pi'],
    [storageSizeProblem, '9999999999999Ei', 'a storage quantity from 1Mi to 1Pi'],
  ])('%p %s', (problem, quantity, expected) => {
    expect(problem(quantity)).toBe(expected);
  });
});
