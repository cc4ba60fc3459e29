/** What the command-line entries (`npm run check`, `npm run diff`) share: where they write, and how they answer --help and a bad option. */

/** process.stdout and process.stderr, or collecting writers in a test. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/** What an argument parser returns: a request for help, the arguments, or what was wrong with them. */
export type ParsedCommandLine<Args> = { readonly help: true } | { readonly help: false; readonly args: Args } | { readonly usageError: string };

/**
 * The arguments to run with, or the exit status when there is nothing to run: 0 after printing the
 * usage for --help, 2 after printing the usage error and the usage on stderr.
 */
export function argsOrExitStatus<Args>(command: string, usage: string, parsed: ParsedCommandLine<Args>, io: CliIo): Args | number {
  if ('usageError' in parsed) {
    io.stderr.write(`${command}: ${parsed.usageError}\n\n${usage}\n`);
    return 2;
  }
  if (parsed.help) {
    io.stdout.write(`${usage}\n`);
    return 0;
  }
  return parsed.args;
}
