/**
 * `npm run seal -- <env> <secret> <key> [--namespace <ns>]`: reads one value from standard input,
 * seals it with the environment's committed controller certificate and writes the sealed value into
 * the environment's committed values file. The plaintext goes nowhere else: not into a file, not
 * into the output, not into an error message.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SecretDeclaration } from './declaration';
import { SecretsDeliveryConfig } from './delivery-config';
import { remoteKeyOf } from './manifests';
import { readSealedValues, SealedValues, withSealedValue, writeSealedValues } from './sealed-values';
import { certificateFingerprint, sealingKeyOf, sealValue } from './sealing';

/** What the command needs to know about an environment. */
export interface SealEnvironment {
  readonly name: string;
  readonly secrets: SecretsDeliveryConfig;
  /** Every Secret the environment's constructs declare, with the namespace they land in. */
  readonly declared: readonly { readonly namespace: string; readonly declaration: SecretDeclaration }[];
}

export interface SealIo {
  readStdin(): Buffer;
  readonly stdinIsTerminal: boolean;
  readonly stderr: { write(text: string): unknown };
}

const USAGE = 'usage: npm run seal -- <environment> <secret> <key> [--namespace <namespace>] < value-file\n';

class SealError extends Error {}

/** Runs the command; returns the exit status (0 sealed, 2 refused). */
export function runSeal(argv: readonly string[], environments: readonly SealEnvironment[], io: SealIo, root: string): number {
  try {
    const written = seal(parseArgs(argv), environments, io, root);
    io.stderr.write(`${written}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof SealError)) throw error;
    io.stderr.write(`seal: ${error.message}\n`);
    return 2;
  }
}

interface SealArgs {
  readonly environment: string;
  readonly secret: string;
  readonly key: string;
  readonly namespace?: string;
}

function parseArgs(argv: readonly string[]): SealArgs {
  const positional: string[] = [];
  let namespace: string | undefined;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === '--namespace' || arg === '-n') {
      namespace = argv[++index];
      if (namespace === undefined) throw new SealError(`--namespace needs a value\n${USAGE}`);
    } else if (arg.startsWith('-')) {
      throw new SealError(`unknown option ${arg}\n${USAGE}`);
    } else {
      positional.push(arg);
    }
  }
  if (positional.length !== 3) throw new SealError(`expected 3 arguments, got ${positional.length}\n${USAGE}`);
  const [environment, secret, key] = positional;
  return { environment, secret, key, ...(namespace !== undefined ? { namespace } : {}) };
}

function seal(args: SealArgs, environments: readonly SealEnvironment[], io: SealIo, root: string): string {
  const env = environments.find((candidate) => candidate.name === args.environment);
  if (!env) throw new SealError(`no environment ${args.environment} (known: ${environments.map((e) => e.name).join(', ')})`);
  const target = declaredTarget(env, args);
  const config = env.secrets;
  if (config.delivery !== 'sealed-secrets') {
    const remote = remoteKeyOf(config, target.namespace, args.secret);
    throw new SealError(
      `environment ${env.name} delivers Secrets from the ClusterSecretStore ${config.store.name}: ` +
        `store the value there under key ${remote}, property ${args.key}; nothing is sealed into the repository`,
    );
  }
  const certificatePath = join(root, config.certificateFile);
  if (!existsSync(certificatePath)) throw new SealError(`${config.certificateFile} does not exist: fetch it with kubeseal --fetch-cert`);
  const certificate = readFileSync(certificatePath, 'utf8');
  try {
    sealingKeyOf(certificate);
  } catch (error) {
    throw new SealError(`${config.certificateFile}: ${(error as Error).message}`);
  }
  const fingerprint = certificateFingerprint(certificate);
  const valuesPath = join(root, config.valuesFile);
  const existing: SealedValues = readSealedValues(valuesPath, config.valuesFile)
    ?? { certificateSha256: fingerprint, scope: config.scope, secrets: {} };
  if (existing.certificateSha256 !== fingerprint) {
    throw new SealError(
      `${config.valuesFile} holds values sealed for another certificate than ${config.certificateFile}; ` +
        'they cannot be unsealed any more: delete the file and seal every value again',
    );
  }
  if (existing.scope !== config.scope) {
    throw new SealError(
      `${config.valuesFile} holds values sealed with scope ${existing.scope}, the config says ${config.scope}: delete it and seal every value again`,
    );
  }
  if (io.stdinIsTerminal) throw new SealError('pipe the value in (it would echo on the terminal): printf %s "$VALUE" | npm run seal -- ...');
  const value = io.readStdin();
  if (value.length === 0) throw new SealError('standard input is empty: refusing to seal an empty value');
  const sealed = sealValue(certificate, value, { namespace: target.namespace, name: args.secret, scope: config.scope });
  writeSealedValues(valuesPath, withSealedValue(existing, target.namespace, args.secret, args.key, sealed));
  const newline = value[value.length - 1] === 0x0a ? ' (it ends with a newline, kept as given; use printf %s to leave it out)' : '';
  return `sealed ${value.length} bytes for ${target.namespace}/${args.secret} key ${args.key}${newline} into ${config.valuesFile}`;
}

/** The namespace of the declared Secret; refuses a Secret or key no construct of the environment reads. */
function declaredTarget(env: SealEnvironment, args: SealArgs): { namespace: string; declaration: SecretDeclaration } {
  const byName = env.declared.filter(({ declaration }) => declaration.name === args.secret);
  const matches = args.namespace === undefined ? byName : byName.filter(({ namespace }) => namespace === args.namespace);
  if (matches.length === 0) {
    const known = [...new Set(env.declared.map(({ namespace, declaration }) => `${namespace}/${declaration.name}`))].sort().join(', ');
    const where = args.namespace === undefined ? '' : ` in namespace ${args.namespace}`;
    throw new SealError(`no construct of environment ${env.name} reads Secret ${args.secret}${where} (declared: ${known || 'none'})`);
  }
  const namespaces = [...new Set(matches.map(({ namespace }) => namespace))];
  if (namespaces.length > 1) throw new SealError(`Secret ${args.secret} is read in namespaces ${namespaces.join(', ')}: choose one with --namespace`);
  const keys = new Set(matches.flatMap(({ declaration }) => declaration.keys.map(({ key }) => key)));
  if (!keys.has(args.key)) throw new SealError(`Secret ${args.secret} has no declared key ${args.key} (declared: ${[...keys].sort().join(', ')})`);
  return matches[0];
}
