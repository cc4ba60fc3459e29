/**
 * Collects every problem of one environment's config, each under its field path, and throws them
 * together: one synth run shows all the mistakes, each naming the environment and the field.
 */
export class ConfigChecker {
  private readonly problems: string[] = [];

  constructor(private readonly environment: string) {}

  /** Records `problem(value)` under `field` when it returns a message. */
  check<T>(field: string, value: T, problem: (value: T) => string | undefined): void {
    let message: string | undefined;
    try {
      message = problem(value);
    } catch (error) {
      message = (error as Error).message;
    }
    if (message !== undefined) this.problems.push(`  ${field} = ${JSON.stringify(value)}: ${message}`);
  }

  /** Records a problem that concerns several fields at once. */
  fail(field: string, message: string): void {
    this.problems.push(`  ${field}: ${message}`);
  }

  throwIfAny(): void {
    if (this.problems.length === 0) return;
    throw new Error(`environment "${this.environment}" has an invalid configuration:\n${this.problems.join('\n')}`);
  }
}
