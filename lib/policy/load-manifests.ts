/**
 * Reads the CLI's inputs (which files: ./input-files.ts): each file must be UTF-8; YAML files are a
 * stream of documents, JSON files one object, a List or an array of objects, all with line
 * numbers. `kind: List` is expanded into its items. Documents that are not Kubernetes objects are
 * skipped with a note, but a mapping that is plainly meant as one (two of apiVersion, kind and
 * metadata) and lacks a valid apiVersion or kind is an error: skipping it would pass a misspelt
 * privileged Pod. A file that cannot be read or parsed gives one input error, naming the file and
 * the line of its first problem.
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { Document, DocumentOptions, LineCounter, ParseOptions, SchemaOptions, parseAllDocuments, parseDocument } from 'yaml';
import { InputMessage, describeSpecialFile, inputFiles, reason } from './input-files';
import { asObject } from './json';
import { ManifestEntry } from './types';

export type { InputMessage } from './input-files';

export interface LoadedInputs {
  readonly entries: ManifestEntry[];
  readonly files: string[];
  /** Documents and files skipped because they are not Kubernetes objects or not regular files. */
  readonly notes: InputMessage[];
  /** Inputs that could not be read or parsed: at most one per file. */
  readonly errors: InputMessage[];
}

/**
 * YAML as Kubernetes reads it (sigs.k8s.io/yaml on go-yaml v2): 1.1 scalars, so `yes`/`on` are
 * booleans and `0755` is octal, but no base-60 numbers (`12:30` stays a string) and timestamps
 * stay strings (they become JSON strings there).
 */
const KUBERNETES_YAML: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  customTags: (tags) => tags.filter((tag) => (tag as { format?: string }).format !== 'TIME' && (tag as { tag?: string }).tag !== 'tag:yaml.org,2002:timestamp'),
  prettyErrors: true,
};

const JSON_FILE = /\.json$/i;

/** `v1`, or a DNS-subdomain group and a DNS-label version: what the API server accepts. */
const API_VERSION = /^(?:[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*\/)?[a-z](?:[-a-z0-9]*[a-z0-9])?$/;

export function loadManifests(paths: readonly string[]): LoadedInputs {
  const { files, notes, errors } = inputFiles(paths);
  const loaded: LoadedInputs = { entries: [], files, notes, errors };
  for (const file of files) {
    const problems: InputMessage[] = [];
    const text = readText(file, problems);
    if (text !== undefined) (JSON_FILE.test(file) ? loadJson : loadYaml)(file, text, loaded, problems);
    if (problems.length > 0) {
      const more = problems.length - 1;
      const message = `${problems[0].message} (and ${more} more problem${more === 1 ? '' : 's'} in this file)`;
      loaded.errors.push(more === 0 ? problems[0] : { ...problems[0], message });
    }
  }
  return loaded;
}

/**
 * The file's text, opened without blocking (a file swapped for a FIFO after the walk must not
 * hang the run) and only if it is still a regular file.
 */
function readText(file: string, problems: InputMessage[]): string | undefined {
  let buffer: Buffer;
  try {
    const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const stats = fstatSync(fd);
      if (!stats.isFile()) {
        problems.push({ file, message: `cannot read: ${describeSpecialFile(stats)} is not a regular file` });
        return undefined;
      }
      buffer = readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    problems.push({ file, message: `cannot read: ${reason(error)}` });
    return undefined;
  }
  if (!isUtf8(buffer)) {
    problems.push({ file, ...firstInvalidUtf8(buffer) });
    return undefined;
  }
  return buffer.toString('utf8');
}

/** Where the first invalid UTF-8 byte is: no UTF-8 sequence contains a newline byte, so lines are checked alone. */
function firstInvalidUtf8(buffer: Buffer): { line: number; message: string } {
  let start = 0;
  for (let line = 1; ; line++) {
    const newline = buffer.indexOf(0x0a, start);
    const text = buffer.subarray(start, newline < 0 ? buffer.length : newline);
    if (!isUtf8(text)) {
      const at = validPrefixLength(text);
      const byte = text[at].toString(16).padStart(2, '0');
      return { line, message: `not valid UTF-8 (Kubernetes reads manifests as UTF-8): first invalid byte 0x${byte} at byte ${at + 1} of the line` };
    }
    start = newline + 1;
  }
}

/**
 * The length of the valid UTF-8 before the first bad byte, by binary search: a prefix up to there
 * is valid or becomes valid within 3 more bytes (a cut sequence); no longer prefix ever is.
 */
function validPrefixLength(bytes: Buffer): number {
  const validNear = (length: number): boolean =>
    [0, 1, 2, 3].some((extra) => length + extra <= bytes.length && isUtf8(bytes.subarray(0, length + extra)));
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (validNear(middle)) low = middle;
    else high = middle - 1;
  }
  return low;
}

function loadYaml(file: string, text: string, loaded: LoadedInputs, problems: InputMessage[]): void {
  const lineCounter = new LineCounter();
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line;
  for (const document of parseAllDocuments(text, { ...KUBERNETES_YAML, lineCounter })) {
    if (document.errors.length > 0) {
      for (const error of document.errors) {
        const position = error.linePos?.[0];
        const message = `YAML syntax error: ${error.message.split('\n')[0].replace(/:$/, '')}`;
        problems.push({ file, ...(position ? { line: position.line } : {}), message });
      }
      continue;
    }
    const line = lineAt(document.contents?.range[0] ?? document.range[0]);
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: 100 });
    } catch (error) {
      problems.push({ file, line, message: `YAML error: ${reason(error)}` });
      continue;
    }
    addValue(value, { file, line, lineOfItem: itemLines(document, lineAt, line) }, loaded, problems);
  }
}

/** JSON is parsed as JSON (Argo CD does), and again as YAML only to learn where each item starts. */
function loadJson(file: string, text: string, loaded: LoadedInputs, problems: InputMessage[]): void {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const position = /at position (\d+)/.exec(reason(error));
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : undefined;
    problems.push({ file, ...(line !== undefined ? { line } : {}), message: `JSON syntax error: ${reason(error)}` });
    return;
  }
  const lineCounter = new LineCounter();
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line;
  const document = parseDocument(text, { lineCounter });
  const line = document.errors.length === 0 && document.contents ? lineAt(document.contents.range[0]) : 1;
  if (Array.isArray(value)) {
    const lineOfItem = itemLines(document, lineAt, line);
    value.forEach((item, index) => addObject(item, { file, line: lineOfItem([index]), lineOfItem }, `array item ${index}`, loaded, problems));
    return;
  }
  if (asObject(value) === undefined) {
    const type = value === null ? 'null' : typeof value;
    const found = type === 'string' ? 'a string' : type;
    problems.push({ file, line, message: `a JSON manifest file holds an object, a List or an array of objects, not ${found}` });
    return;
  }
  addValue(value, { file, line, lineOfItem: itemLines(document, lineAt, line) }, loaded, problems);
}

interface Place {
  readonly file: string;
  readonly line: number;
  /** The line of the node at `path` in the document (a List's items). */
  readonly lineOfItem: (path: readonly (string | number)[]) => number;
}

function itemLines(document: Document, lineAt: (offset: number) => number, fallback: number): Place['lineOfItem'] {
  return (path) => {
    const node = document.getIn(path, true) as { range?: [number, number, number] } | undefined;
    return node?.range ? lineAt(node.range[0]) : fallback;
  };
}

/** One YAML document or JSON object: an object, a List of objects, or something we skip. */
function addValue(value: unknown, place: Place, loaded: LoadedInputs, problems: InputMessage[]): void {
  if (value === null || value === undefined) {
    loaded.notes.push({ file: place.file, line: place.line, message: 'empty document skipped' });
    return;
  }
  const object = asObject(value);
  if (object?.kind === 'List' && isValidApiVersion(object.apiVersion)) {
    (Array.isArray(object.items) ? object.items : []).forEach((item, index) => {
      const line = place.lineOfItem(['items', index]);
      addObject(item, { ...place, line }, `List item ${index}`, loaded, problems);
    });
    return;
  }
  addObject(value, place, undefined, loaded, problems);
}

function addObject(value: unknown, place: Place, itemName: string | undefined, loaded: LoadedInputs, problems: InputMessage[]): void {
  const { file, line } = place;
  const object = asObject(value);
  const problem = object ? objectProblem(object) : 'not an object';
  if (problem === undefined) {
    loaded.entries.push({ manifest: object!, source: { file, line } });
  } else if (problem === 'not an object') {
    loaded.notes.push({ file, line, message: `skipped${itemName ? ` ${itemName}` : ''}: not a Kubernetes object (no apiVersion and kind)` });
  } else {
    problems.push({ file, line, message: `${itemName ? `${itemName}: ` : ''}${problem}` });
  }
}

function isValidApiVersion(apiVersion: unknown): boolean {
  return typeof apiVersion === 'string' && API_VERSION.test(apiVersion);
}

/**
 * Undefined for a Kubernetes object, 'not an object' for anything that does not claim to be one
 * (fewer than two of apiVersion, kind and metadata), else what is wrong with its apiVersion or kind.
 */
function objectProblem(object: Record<string, unknown>): string | undefined {
  const claims = ['apiVersion', 'kind', 'metadata'].filter((key) => key in object).length;
  if (isValidApiVersion(object.apiVersion) && typeof object.kind === 'string' && object.kind !== '') return undefined;
  if (claims < 2) return 'not an object';
  const { name } = asObject(object.metadata) ?? {};
  const what = `${typeof object.kind === 'string' && object.kind !== '' ? object.kind : 'an object'}${typeof name === 'string' ? ` ${name}` : ''}`;
  const has = ['kind', 'metadata', 'apiVersion'].filter((key) => key in object).slice(0, 2).join(' and ');
  if (!('kind' in object)) return `${what} has ${has} but no kind${misspelt(object, 'kind')}`;
  if (typeof object.kind !== 'string' || object.kind === '') return `${what} has ${has} but kind ${JSON.stringify(object.kind)} is not a name`;
  if (!('apiVersion' in object)) return `${what} has ${has} but no apiVersion${misspelt(object, 'apiVersion')}`;
  if (typeof object.apiVersion !== 'string') return `${what} has ${has} but apiVersion ${JSON.stringify(object.apiVersion)} is not a string`;
  return `${what} has ${has} but apiVersion ${JSON.stringify(object.apiVersion)} is not <group>/<version> or v1`;
}

/** ` (found "apiversion": the field is apiVersion)` when a key differs from `field` only in case. */
function misspelt(object: Record<string, unknown>, field: string): string {
  const near = Object.keys(object).find((key) => key !== field && key.toLowerCase() === field.toLowerCase());
  return near === undefined ? '' : ` (found ${JSON.stringify(near)}: the field is ${field})`;
}
