/**
 * Finds the pod specs inside workload manifests, with the JSON path of each, so that rules about
 * pods and containers work the same on a bare Pod and on every controller that templates one.
 */
import { Manifest } from './types';
import type { JsonObject } from '../json-object';

/** A pod spec as plain JSON; fields are read defensively because manifests are untrusted input. */
export type PodSpecJson = JsonObject;

/** A container (regular, init or ephemeral) as plain JSON. */
export type ContainerJson = JsonObject;

export interface PodSpecLocation {
  readonly spec: PodSpecJson;
  /** Path of the spec inside the manifest, e.g. `spec.template.spec`. */
  readonly path: string;
  /** The pod's (or pod template's) metadata; annotations such as AppArmor live there. */
  readonly metadata?: JsonObject;
  /** Path of that metadata inside the manifest, e.g. `spec.template.metadata` (set even when absent). */
  readonly metadataPath: string;
}

export type ContainerListField = 'containers' | 'initContainers' | 'ephemeralContainers';

export interface ContainerLocation {
  readonly container: ContainerJson;
  /** Which list the container came from. */
  readonly field: ContainerListField;
  readonly index: number;
  /** Full path of the container, e.g. `spec.template.spec.initContainers[0]`. */
  readonly path: string;
  /** The container's name, or `<field>[<index>]` when the manifest leaves it out. */
  readonly name: string;
}

/** Kinds whose pod template sits at `spec.template` (all in apps/v1, v1 or batch/v1). */
const TEMPLATED_KINDS: ReadonlySet<string> = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
]);

const CONTAINER_LIST_FIELDS: readonly ContainerListField[] = ['containers', 'initContainers', 'ephemeralContainers'];

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows `keys` from `root`; undefined as soon as a step is not an object. */
function objectAt(root: unknown, keys: readonly string[]): JsonObject | undefined {
  let current: unknown = root;
  for (const key of keys) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return isObject(current) ? current : undefined;
}

/** Where the pod template sits for each kind; the spec is `<template>.spec`. Empty for a bare Pod. */
function templatePathOf(kind: unknown): readonly string[] | undefined {
  if (kind === 'Pod') return [];
  if (kind === 'PodTemplate') return ['template'];
  if (kind === 'CronJob') return ['spec', 'jobTemplate', 'spec', 'template'];
  if (typeof kind === 'string' && TEMPLATED_KINDS.has(kind)) return ['spec', 'template'];
  return undefined;
}

/**
 * The pod specs a manifest defines (zero or one today; an array so callers need no special case).
 * The apiVersion is not checked: a CronJob in batch/v1beta1 templates pods the same way as batch/v1.
 */
export function podSpecsOf(manifest: Manifest): PodSpecLocation[] {
  if (!isObject(manifest)) return [];
  const templatePath = templatePathOf(manifest.kind);
  if (templatePath === undefined) return [];
  const template = templatePath.length === 0 ? manifest : objectAt(manifest, templatePath);
  const spec = objectAt(template, ['spec']);
  if (spec === undefined) return [];
  const metadata = objectAt(template, ['metadata']);
  return [
    {
      spec,
      path: [...templatePath, 'spec'].join('.'),
      metadataPath: [...templatePath, 'metadata'].join('.'),
      ...(metadata ? { metadata } : {}),
    },
  ];
}

/** Every container of a pod spec, in order: containers, then initContainers, then ephemeralContainers. */
export function containersOf(spec: PodSpecJson, specPath: string): ContainerLocation[] {
  const found: ContainerLocation[] = [];
  for (const field of CONTAINER_LIST_FIELDS) {
    const list: unknown = spec[field];
    if (!Array.isArray(list)) continue;
    list.forEach((container: unknown, index) => {
      if (!isObject(container)) return;
      const name = typeof container.name === 'string' && container.name !== '' ? container.name : `${field}[${index}]`;
      found.push({ container, field, index, path: `${specPath}.${field}[${index}]`, name });
    });
  }
  return found;
}
