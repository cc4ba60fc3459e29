/**
 * Finds the fields a compiled validator does not know.
 *
 * kubernetes-models ships its OpenAPI schemas only as ajv-compiled functions, and those accept any
 * field their schema does not declare. Rather than keep a second copy of the Kubernetes schema, we
 * run the shipped validator on a Proxy of the manifest and watch what it reads. A compiled
 * validator, on an object it visits,
 *   - reads every property its schema declares (`data.replicas === undefined || ...`),
 *   - enumerates the keys of a map (`for (const key in data)`: labels, resources.limits, ...),
 *   - reads nothing of a free-form object (`RawExtension`, `type: object` with no properties).
 * So an own key of a visited object that the validator neither read nor enumerated is a field the
 * schema does not declare. Objects the validator never reached (below a type error) are not judged.
 */

/** A location in the manifest as path segments: property names and array indexes. */
export type Segments = readonly (string | number)[];

interface Visit {
  /** Where the object sits: its parent's visit and its key there (segments are built only when reported). */
  readonly parent?: Visit;
  readonly key?: string | number;
  readonly read: Set<string>;
  enumerated: boolean;
}

export interface TrackedRun<T> {
  readonly result: T;
  /** Locations of fields the validator did not know, in the order it visited their parents. */
  readonly unknownFields: readonly Segments[];
}

function segmentsOf(visit: Visit): (string | number)[] {
  const segments: (string | number)[] = [];
  for (let current: Visit | undefined = visit; current?.key !== undefined; current = current.parent) segments.unshift(current.key);
  return segments;
}

/** Runs `validate` on a read-tracking view of `data` and reports the fields it never looked at. */
export function runTracked<T>(data: unknown, validate: (view: unknown) => T): TrackedRun<T> {
  const visits = new Map<object, Visit>();
  const views = new WeakMap<object, object>();

  const view = (value: unknown, parent?: Visit, key?: string | number): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    const existing = views.get(value);
    if (existing) return existing;
    const visit: Visit = { parent, key, read: new Set(), enumerated: false };
    visits.set(value, visit);
    const isArray = Array.isArray(value);
    const proxy = new Proxy(value, {
      get(target, property, receiver) {
        const found = Reflect.get(target, property, receiver);
        if (typeof property !== 'string') return found;
        visit.read.add(property);
        if (typeof found !== 'object' || found === null || !Object.prototype.hasOwnProperty.call(target, property)) return found;
        return view(found, visit, isArray ? Number(property) : property);
      },
      ownKeys(target) {
        visit.enumerated = true;
        return Reflect.ownKeys(target);
      },
    });
    views.set(value, proxy);
    return proxy;
  };

  const result = validate(view(data));
  const unknownFields: Segments[] = [];
  for (const [target, visit] of visits) {
    if (Array.isArray(target) || visit.enumerated || visit.read.size === 0) continue;
    for (const key of Object.keys(target)) {
      if (!visit.read.has(key)) unknownFields.push([...segmentsOf(visit), key]);
    }
  }
  return { result, unknownFields };
}
