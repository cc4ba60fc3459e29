/** Command-line arguments of `npm run check`: parsed, validated, or a usage error to show. */
import { ParsedCommandLine } from '../cli';
import { packNamed, ALL_PACKS } from './engine';
import { NEWEST_SUPPORTED_K8S_VERSION, SUPPORTED_K8S_MINORS, parseK8sVersion } from './k8s-version';
import { LATEST_PSS_VERSION } from './packs/pss';
import { Pack } from './types';

export type OutputFormat = 'text' | 'json';

export interface CheckArgs {
  readonly packs: readonly Pack[];
  readonly k8sVersion: string;
  readonly format: OutputFormat;
  readonly paths: readonly string[];
}

export type ParsedArgs = ParsedCommandLine<CheckArgs>;

export const USAGE = `Usage: npm run --silent check -- [options] <file-or-dir>...

Checks Kubernetes YAML against the Kubernetes schema and the platform policy packs.
Directories are searched recursively (sorted, a folder's files before its subfolders) for
.yaml, .yml and .json files; files named explicitly are read whatever their extension. Each real
file is read once; FIFOs, sockets and devices are noted and never opened. Multi-document files,
kind: List and JSON arrays are expanded. Files must be UTF-8.

Options:
  --pack <a,b,...>       run exactly these packs (repeatable); default: all of
                         ${ALL_PACKS.map((pack) => pack.name).join(', ')}
  --k8s-version <X.Y>    target Kubernetes version (default ${NEWEST_SUPPORTED_K8S_VERSION}, the newest
                         the environments accept: 1.${SUPPORTED_K8S_MINORS.min} to ${NEWEST_SUPPORTED_K8S_VERSION}; the Pod
                         Security Standards are defined up to ${LATEST_PSS_VERSION})
  --format <text|json>   output format (default text); the JSON shape is in lib/policy/README.md
  -h, --help             show this help

Suppress a finding in YAML with the annotation
  policy.platform/suppress.<pack>.<rule>: "<reason>"   (e.g. policy.platform/suppress.network.default-deny)

Exit status: 0 no unsuppressed errors (warnings allowed), 1 unsuppressed error findings,
2 usage error or an input that cannot be read or parsed.`;

const OPTIONS_WITH_VALUE = new Set(['--pack', '--k8s-version', '--format']);

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const packNames: string[] = [];
  let k8sVersion = NEWEST_SUPPORTED_K8S_VERSION;
  let format: OutputFormat = 'text';
  const paths: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === '--') {
      paths.push(...argv.slice(index + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') return { help: true };
    if (!arg.startsWith('-') || arg === '-') {
      paths.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const option = equals < 0 ? arg : arg.slice(0, equals);
    if (!OPTIONS_WITH_VALUE.has(option)) return { usageError: `unknown option ${option}` };
    const value = equals < 0 ? argv[++index] : arg.slice(equals + 1);
    if (value === undefined || value === '') return { usageError: `${option} needs a value` };
    if (option === '--pack') packNames.push(...value.split(',').map((name) => name.trim()).filter((name) => name !== ''));
    if (option === '--k8s-version') {
      const version = parseK8sVersion(value);
      if (!version) return { usageError: `--k8s-version ${value} is not MAJOR.MINOR (e.g. ${NEWEST_SUPPORTED_K8S_VERSION})` };
      k8sVersion = `${version.major}.${version.minor}`;
    }
    if (option === '--format') {
      if (value !== 'text' && value !== 'json') return { usageError: `--format must be text or json, not ${value}` };
      format = value;
    }
  }
  const unknownPacks = packNames.filter((name) => !packNamed(name));
  if (unknownPacks.length > 0) {
    return { usageError: `unknown pack ${unknownPacks.join(', ')}; packs are ${ALL_PACKS.map((pack) => pack.name).join(', ')}` };
  }
  if (paths.length === 0) return { usageError: 'no file or directory to check' };
  const packs = packNames.length === 0 ? ALL_PACKS : ALL_PACKS.filter((pack) => packNames.includes(pack.name));
  return { help: false, args: { packs, k8sVersion, format, paths } };
}
