/**
 * Reads the CLI's inputs: files and directories (walked in sorted order for .yaml/.yml), each
 * parsed as a stream of YAML documents with line numbers. Documents that are not Kubernetes
 * objects are skipped with a note; `kind: List` is expanded into its items. Files that cannot be
 * read or parsed are input errors, each naming the file and line.
 */
import { Dirent, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Document, DocumentOptions, LineCounter, ParseOptions, SchemaOptions, parseAllDocuments } from 'yaml';
import { asObject } from './json';
import { ManifestEntry } from './types';

/** A place in the input and what happened there. */
export interface InputMessage {
  readonly file: string;
  /** 1-based; absent when the problem is with the file as a whole. */
  readonly line?: number;
  readonly message: string;
}

export interface LoadedInputs {
  readonly entries: ManifestEntry[];
  readonly files: string[];
  /** Documents skipped because they are not Kubernetes objects. */
  readonly notes: InputMessage[];
  /** Inputs that could not be read or parsed. */
  readonly errors: InputMessage[];
}

const YAML_FILE = /\.ya?ml$/i;

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

export function loadManifests(paths: readonly string[]): LoadedInputs {
  const loaded: LoadedInputs = { entries: [], files: [], notes: [], errors: [] };
  for (const path of paths) {
    for (const file of filesOf(path, loaded.errors)) {
      loaded.files.push(file);
      loadFile(file, loaded);
    }
  }
  return loaded;
}

/** The file itself, or the YAML files under a directory in sorted order. */
function filesOf(path: string, errors: InputMessage[]): string[] {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (error) {
    errors.push({ file: path, message: `cannot read: ${reason(error)}` });
    return [];
  }
  if (!isDirectory) return [path];
  let children: Dirent[];
  try {
    children = readdirSync(path, { withFileTypes: true });
  } catch (error) {
    errors.push({ file: path, message: `cannot read directory: ${reason(error)}` });
    return [];
  }
  return children
    .map((child) => child.name)
    .sort()
    .flatMap((name) => {
      const child = join(path, name);
      let childIsDirectory = false;
      try {
        childIsDirectory = statSync(child).isDirectory();
      } catch {
        // A dangling link named *.yaml is read below and reported as unreadable.
      }
      if (childIsDirectory) return filesOf(child, errors);
      return YAML_FILE.test(name) ? [child] : [];
    });
}

function loadFile(file: string, loaded: LoadedInputs): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    loaded.errors.push({ file, message: `cannot read: ${reason(error)}` });
    return;
  }
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { ...KUBERNETES_YAML, lineCounter });
  for (const document of Array.isArray(documents) ? documents : []) {
    const lineAt = (offset: number): number => lineCounter.linePos(offset).line;
    if (document.errors.length > 0) {
      for (const error of document.errors) {
        const position = error.linePos?.[0];
        loaded.errors.push({ file, ...(position ? { line: position.line } : {}), message: `YAML syntax error: ${error.message.split('\n')[0].replace(/:$/, '')}` });
      }
      continue;
    }
    const line = lineAt(document.contents?.range[0] ?? document.range[0]);
    addDocument(document, file, line, lineAt, loaded);
  }
}

function addDocument(document: Document, file: string, line: number, lineAt: (offset: number) => number, loaded: LoadedInputs): void {
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    loaded.errors.push({ file, line, message: `YAML error: ${reason(error)}` });
    return;
  }
  if (value === null || value === undefined) {
    loaded.notes.push({ file, line, message: 'empty document skipped' });
    return;
  }
  const object = asObject(value);
  if (!object || typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') {
    loaded.notes.push({ file, line, message: 'skipped: not a Kubernetes object (no apiVersion and kind)' });
    return;
  }
  if (object.kind !== 'List') {
    loaded.entries.push({ manifest: object, source: { file, line } });
    return;
  }
  const items = Array.isArray(object.items) ? object.items : [];
  items.forEach((item, index) => {
    const node = document.getIn(['items', index], true) as { range?: [number, number, number] } | undefined;
    const itemLine = node?.range ? lineAt(node.range[0]) : line;
    const manifest = asObject(item);
    if (manifest && typeof manifest.apiVersion === 'string' && typeof manifest.kind === 'string') {
      loaded.entries.push({ manifest, source: { file, line: itemLine } });
    } else {
      loaded.notes.push({ file, line: itemLine, message: `skipped List item ${index}: not a Kubernetes object (no apiVersion and kind)` });
    }
  });
}

function reason(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' && !message.startsWith(code) ? `${code}: ${message}` : message;
}
