/** Command-line arguments of `npm run diff`: parsed, validated, or a usage error to show. */
import { ParsedCommandLine } from '../cli';

export type DiffFormat = 'markdown' | 'json';

export interface DiffArgs {
  readonly base: string;
  readonly format: DiffFormat;
}

export type ParsedDiffArgs = ParsedCommandLine<DiffArgs>;

export const DIFF_USAGE = `Usage: npm run --silent diff -- [--base REF] [--format markdown|json]

Synthesizes the working tree into a temporary folder (dist/ is left alone) and compares it, object
by object (group, kind, namespace, name), with dist/ as committed at REF, per environment, with
risk flags and the network paths that change.

Options:
  --base <REF>                 git revision to compare with (default HEAD)
  --format <markdown|json>     output format (default markdown); the JSON shape is in README.md
  -h, --help                   show this help

Exit status: 0 nothing differs, 1 something differs, 2 usage error, unknown REF or failed synth.`;

export function parseDiffArgs(argv: readonly string[]): ParsedDiffArgs {
  let base = 'HEAD';
  let format: DiffFormat = 'markdown';
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === '-h' || arg === '--help') return { help: true };
    const equals = arg.indexOf('=');
    const option = arg.startsWith('--') && equals > 0 ? arg.slice(0, equals) : arg;
    if (option !== '--base' && option !== '--format')
      return { usageError: arg.startsWith('-') ? `unknown option ${option}` : `unexpected argument ${arg}` };
    const value = option === arg ? argv[++index] : arg.slice(equals + 1);
    if (value === undefined || value === '') return { usageError: `${option} needs a value` };
    if (option === '--base') base = value;
    else if (value === 'markdown' || value === 'json') format = value;
    else return { usageError: `--format must be markdown or json, not ${value}` };
  }
  return { help: false, args: { base, format } };
}
