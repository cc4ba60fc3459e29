/**
 * Where constructs record the Secrets they read (`declareSecret`) and where the composition finds
 * them (`secretsDeclaredUnder`), after `suppress()`: a declaration belongs to the construct that
 * makes it, so a chart's declarations are those of the constructs in it.
 */
import { IConstruct } from 'constructs';
import { SecretDeclaration } from './declaration';

const declarations = new WeakMap<IConstruct, SecretDeclaration[]>();

/** Records that the workloads of `scope` read `declaration` (in `scope`'s namespace). */
export function declareSecret(scope: IConstruct, declaration: SecretDeclaration): void {
  const own = declarations.get(scope) ?? [];
  own.push(declaration);
  declarations.set(scope, own);
}

/** What `scope` itself declared, in order. */
export function secretsDeclaredBy(scope: IConstruct): readonly SecretDeclaration[] {
  return [...(declarations.get(scope) ?? [])];
}

/**
 * Every declaration at or under `scope`, in tree order (merge them with mergeSecretDeclarations).
 * Where a construct and one inside it declare the same Secret (ElectoralFeed and its collector
 * job), the outer construct knows better what it is for: the inner declaration keeps its keys and
 * takes the outer purpose.
 */
export function secretsDeclaredUnder(scope: IConstruct): SecretDeclaration[] {
  const found: SecretDeclaration[] = [];
  const visit = (construct: IConstruct, purposeAbove: ReadonlyMap<string, string>): void => {
    const own = declarations.get(construct) ?? [];
    for (const declaration of own) found.push({ ...declaration, purpose: purposeAbove.get(declaration.name) ?? declaration.purpose });
    const purposes = new Map(purposeAbove);
    for (const declaration of own) if (!purposes.has(declaration.name)) purposes.set(declaration.name, declaration.purpose);
    for (const child of construct.node.children) visit(child, purposes);
  };
  visit(scope, new Map());
  return found;
}
