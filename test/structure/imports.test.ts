import { cycles, importsOf, layerOf, sourceFiles } from './import-graph';

/** Imports only go down: environments/ -> main.ts -> constructs/ -> lib/. */
const ALLOWED: Record<ReturnType<typeof layerOf>, readonly ReturnType<typeof layerOf>[]> = {
  environments: ['environments', 'lib'],
  main: ['main', 'environments', 'constructs', 'lib'],
  constructs: ['constructs', 'lib'],
  lib: ['lib'],
};

describe('the import graph', () => {
  const files = sourceFiles();

  test('reads the sources it judges', () => {
    expect(files).toContain('main.ts');
    expect(files.filter((file) => file.startsWith('lib/')).length).toBeGreaterThan(50);
    expect(importsOf('main.ts')).toContain('constructs/index.ts');
  });

  test('imports only go down: lib imports nothing from environments/ or constructs/, constructs nothing from environments/', () => {
    const upward = files.flatMap((file) => importsOf(file)
      .filter((target) => !ALLOWED[layerOf(file)].includes(layerOf(target)))
      .map((target) => `${file} -> ${target}`));
    expect(upward).toEqual([]);
  });

  test('no import cycles', () => {
    expect(cycles(files).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });
});
