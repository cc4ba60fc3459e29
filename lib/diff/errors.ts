/** An error `npm run diff` reports as one clear line (exit 2), never with a stack trace. */
export class DiffError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiffError';
  }
}
