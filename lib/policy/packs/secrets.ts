/**
 * The `secrets` pack: no secret value in the output, and every Secret a workload reads delivered
 * (./secret-delivery.ts). dist/ is committed to git, so anything written
 * there is readable by everyone with repository access, forever. Cannot be suppressed.
 */
import { looksLikeCredential } from '../../credential-patterns';
import { asArray, asObject, asString, childPath } from '../json';
import { containersOf, podSpecsOf } from '../pod-specs';
import { Pack, Rule, Violation } from '../types';
import { secretsDelivered } from './secret-delivery';

const noSecretData: Rule = {
  id: 'secrets/no-secret-data',
  pack: 'secrets',
  severity: 'error',
  rationale: 'The synthesized output is committed to git; a Secret with data there publishes its values to everyone who can read the repository.',
  fix: 'Reference Secrets by name and create them outside git (External Secrets, sealed secrets, or the bootstrap); never emit data or stringData.',
  check: ({ entry }) => {
    if (entry.manifest.kind !== 'Secret') return [];
    return (['data', 'stringData'] as const)
      .filter((field) => Object.keys(asObject(entry.manifest[field]) ?? {}).length > 0)
      .map((field) => ({ path: field, message: `the Secret carries values in ${field}` }));
  },
};

const noCredentialInEnv: Rule = {
  id: 'secrets/no-literal-credential-env',
  pack: 'secrets',
  severity: 'error',
  rationale: 'An env var value is written into the manifest, into git and into every `kubectl get -o yaml`; credentials belong in Secrets referenced with valueFrom.',
  fix: 'Move the value into a Secret and use env[].valueFrom.secretKeyRef (or mount the Secret as a file).',
  check: ({ entry }) =>
    podSpecsOf(entry.manifest).flatMap((pod) =>
      containersOf(pod.spec, pod.path).flatMap((container) =>
        asArray(container.container.env).flatMap((variable, index): Violation[] => {
          const name = asString(asObject(variable)?.name) ?? '';
          const value = asString(asObject(variable)?.value);
          const reason = value === undefined ? undefined : looksLikeCredential(name, value);
          return reason ? [{ path: childPath(`${container.path}.env[${index}]`, 'value'), message: `env var ${name} in container ${JSON.stringify(container.name)}: ${reason}` }] : [];
        }),
      ),
    ),
};

export const secretsPack: Pack = {
  name: 'secrets',
  description: 'No Secret data and no literal credentials in the (committed) output; every Secret a workload reads is delivered.',
  rules: [noSecretData, noCredentialInEnv, secretsDelivered],
};
