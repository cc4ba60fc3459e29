/**
 * `secrets/delivered`: every Secret a workload reads is delivered by the same folder (one folder is
 * one cluster's objects), or the workload says it is provided out of band and why. A Secret that
 * nothing delivers is one someone must remember to create by hand; a new cluster stalls on it.
 */
import { asObject, asString, childPath } from '../json';
import { annotationsOf, effectiveNamespace } from '../objects';
import { podSpecsOf } from '../pod-specs';
import { secretDeliveryOf } from '../secret-deliveries';
import { SecretReference, secretReferencesOf } from '../secret-references';
import { Manifest, Rule, Violation } from '../types';

/** `"<secret>: <reason>; <secret>: <reason>"`, on the workload or its pod template. */
export const SECRETS_OUT_OF_BAND_ANNOTATION = 'policy.platform/secrets-out-of-band';

const ENTRY = /^([^:\s]+)\s*:\s*(.*)$/s;

interface OutOfBandEntry {
  readonly name: string;
  readonly reason: string;
  /** Path of the annotation the entry came from. */
  readonly path: string;
}

interface OutOfBand {
  readonly entries: OutOfBandEntry[];
  /** Malformed entries, as violations of the annotation. */
  readonly problems: Violation[];
}

/** The entries of the annotation on the object and on its pod template. */
function outOfBandEntries(manifest: Manifest, templateMetadata: unknown, templateMetadataPath: string): OutOfBand {
  const entries: OutOfBandEntry[] = [];
  const problems: Violation[] = [];
  const templateAnnotations = asObject(asObject(templateMetadata)?.annotations);
  const key = SECRETS_OUT_OF_BAND_ANNOTATION;
  const sources: [string | undefined, string][] = [
    [annotationsOf(manifest)[key], childPath('metadata.annotations', key)],
    [asString(templateAnnotations?.[key]), childPath(`${templateMetadataPath}.annotations`, key)],
  ];
  for (const [value, path] of sources) {
    if (value === undefined) continue;
    const parts = value.split(';').map((part) => part.trim()).filter((part) => part !== '');
    if (parts.length === 0) {
      problems.push({ path, message: 'the annotation is empty: name each Secret provided out of band with a reason ("name: reason")' });
    }
    for (const part of parts) {
      const match = ENTRY.exec(part);
      const reason = match?.[2].trim() ?? '';
      if (!match || reason === '') {
        problems.push({ path, message: `entry ${JSON.stringify(part)} gives no reason: write "<secret>: <who provides it and how>"` });
      } else {
        entries.push({ name: match[1], reason, path });
      }
    }
  }
  return { entries, problems };
}

function describeReference(reference: SecretReference): string {
  const secret = `Secret ${JSON.stringify(reference.name)}`;
  return `${reference.key === undefined ? secret : `key ${JSON.stringify(reference.key)} of ${secret}`} (${reference.via})`;
}

/** A reference nothing delivers, or whose key the delivering object lacks; optional ones are warnings. */
function referenceViolation(reference: SecretReference, namespace: string, all: Parameters<Rule['check']>[0]['all']): Violation | undefined {
  const delivery = secretDeliveryOf(all, namespace, reference.name);
  const severity = reference.optional ? { severity: 'warning' as const } : {};
  const optionalNote = reference.optional ? ' (optional: the pod starts without it)' : '';
  if (!delivery) {
    const message = `reads ${describeReference(reference)} but nothing in this folder delivers it in namespace ${namespace}${optionalNote}`;
    return { path: reference.path, message, ...severity };
  }
  if (reference.key !== undefined && delivery.keys && !delivery.keys.has(reference.key)) {
    const known = [...delivery.keys].sort().join(', ') || 'no keys';
    const message = `reads ${describeReference(reference)} but ${delivery.by} delivers only: ${known}${optionalNote}`;
    return { path: reference.path, message, ...severity };
  }
  return undefined;
}

export const secretsDelivered: Rule = {
  id: 'secrets/delivered',
  pack: 'secrets',
  severity: 'error',
  rationale:
    'A Secret that no object in the folder delivers must be created by hand before the pods can start: ' +
    'outside review, forgotten on a new cluster or after a disaster recovery.',
  fix:
    'Declare the Secret in the construct so the environment delivers it (an ExternalSecret or a SealedSecret, see docs/secrets.md); ' +
    `if something else provides it, say so on the workload: ${SECRETS_OUT_OF_BAND_ANNOTATION}: "<secret>: <who provides it and how>".`,
  check: ({ entry, all }) => {
    const violations: Violation[] = [];
    const namespace = effectiveNamespace(entry.manifest);
    for (const pod of podSpecsOf(entry.manifest)) {
      const { entries, problems } = outOfBandEntries(entry.manifest, pod.metadata, pod.metadataPath);
      violations.push(...problems);
      const declared = new Set(entries.map((e) => e.name));
      const references = secretReferencesOf(pod.spec, pod.path);
      for (const reference of references) {
        const violation = declared.has(reference.name) ? undefined : referenceViolation(reference, namespace, all);
        if (violation) violations.push(violation);
      }
      const read = new Set(references.map((reference) => reference.name));
      for (const declaration of entries) {
        const secret = `Secret ${JSON.stringify(declaration.name)}`;
        const delivery = secretDeliveryOf(all, namespace, declaration.name);
        if (!read.has(declaration.name)) {
          violations.push({ path: declaration.path, severity: 'warning', message: `declares ${secret} out of band, but the pod does not read it` });
        } else if (delivery) {
          const message = `declares ${secret} out of band, but ${delivery.by} in this folder delivers it: drop the entry`;
          violations.push({ path: declaration.path, severity: 'warning', message });
        }
      }
    }
    return violations;
  },
};
