/**
 * The `schema` pack: every object is validated strictly (unknown fields and wrong types are errors)
 * against the Kubernetes OpenAPI schema shipped by kubernetes-models, or against a CRD schema kept
 * in `crds/`. An object with neither is reported as not schema-checked, never silently passed.
 */
import { asObject, isSet } from '../json';
import { Manifest, Pack, Rule, Violation } from '../types';
import { coreModelFor, objectMetaModel } from './core-models';
import { crdSchemaFor } from './crd-schemas';
import { validateWithModel } from './model-validation';
import { validateStructural } from './structural';

export type SchemaOutcome =
  | { readonly checked: true; readonly violations: readonly Violation[] }
  | { readonly checked: false; readonly reason: string };

const outcomes = new WeakMap<Manifest, SchemaOutcome>();

/** Validates once per manifest object; both schema rules read the same outcome. */
export function schemaOutcome(manifest: Manifest): SchemaOutcome {
  let outcome = outcomes.get(manifest);
  if (!outcome) {
    outcome = validate(manifest);
    outcomes.set(manifest, outcome);
  }
  return outcome;
}

function validate(manifest: Manifest): SchemaOutcome {
  const { apiVersion, kind } = manifest;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    return { checked: true, violations: [{ path: '', message: 'apiVersion and kind must be strings' }] };
  }
  const core = coreModelFor(apiVersion, kind);
  if (core.status === 'found') {
    return { checked: true, violations: [...validateWithModel(core.model, manifest), ...nameViolations(manifest)] };
  }
  if (core.status === 'unknown-kind') {
    return { checked: true, violations: [{ path: 'kind', message: `${apiVersion} has no kind ${kind}` }] };
  }
  const crdSchema = crdSchemaFor(apiVersion, kind);
  if (crdSchema) {
    // CRD schemas leave metadata as a bare object; the API server validates it as ObjectMeta.
    const { metadata } = manifest;
    return {
      checked: true,
      violations: [
        ...validateStructural(crdSchema, isSet(metadata) ? { ...manifest, metadata: {} } : manifest),
        ...(isSet(metadata) ? validateWithModel(objectMetaModel(), metadata, ['metadata']) : []),
        ...nameViolations(manifest),
      ],
    };
  }
  return { checked: false, reason: `no schema known for ${apiVersion} ${kind}` };
}

/** The API server needs a name (or generateName) on every object; ObjectMeta's schema leaves it optional. */
function nameViolations(manifest: Manifest): Violation[] {
  const metadata = asObject(manifest.metadata);
  return isSet(metadata?.name) || isSet(metadata?.generateName) ? [] : [{ path: 'metadata.name', message: 'required field is missing' }];
}

const validRule: Rule = {
  id: 'schema/valid',
  pack: 'schema',
  severity: 'error',
  rationale:
    'An object the API server rejects fails the Argo CD sync; a misspelt field it silently drops applies without the setting its author meant.',
  fix: 'Correct the field named in the message; for an unknown field check spelling and indentation against `kubectl explain <kind>.<path>`.',
  check: ({ entry }) => {
    const outcome = schemaOutcome(entry.manifest);
    return outcome.checked ? outcome.violations : [];
  },
};

const notCheckedRule: Rule = {
  id: 'schema/not-checked',
  pack: 'schema',
  severity: 'warning',
  rationale: 'An object of a kind without a known schema is not validated, so a typo in it reaches the cluster unnoticed.',
  fix: 'Correct the apiVersion/kind, or keep the CRD schema in lib/policy/schema/crds/ (see the README there).',
  check: ({ entry }) => {
    const outcome = schemaOutcome(entry.manifest);
    return outcome.checked ? [] : [{ path: 'apiVersion', message: `not schema-checked: ${outcome.reason}` }];
  },
};

export const schemaPack: Pack = {
  name: 'schema',
  description: 'Strict validation against the Kubernetes OpenAPI schema (kubernetes-models) and the kept CRD schemas.',
  rules: [validRule, notCheckedRule],
};
