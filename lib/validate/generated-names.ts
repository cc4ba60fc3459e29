/**
 * Names a construct derives from a prop (a volume named after its Secret). A derived name must be
 * valid whatever the prop holds and must not collide with another derived from a different prop.
 */
import type { IConstruct } from 'constructs';
import { sha256Hex } from '../checksum';
import { propError } from '../errors';
import { dnsLabelProblem } from './names';

const HASH_LENGTH = 8;

/**
 * `<prefix><value>` when that is an RFC 1123 label of at most 63 characters (so existing names do
 * not change); else the value lowercased with every other character turned into "-", cut to fit,
 * and a hash of the whole value appended (`secret-db-credentials-1a2b3c4d` for `db.credentials`),
 * so two values that clean up to the same text still get two names.
 */
export function derivedLabel(prefix: string, value: string): string {
  const plain = `${prefix}${value}`;
  if (dnsLabelProblem(plain) === undefined) return plain;
  const room = 63 - prefix.length - HASH_LENGTH - 1;
  const cleaned = value.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, room).replace(/^-+|-+$/g, '');
  const hash = sha256Hex(value).slice(0, HASH_LENGTH);
  return cleaned === '' ? `${prefix}${hash}` : `${prefix}${cleaned}-${hash}`;
}

/**
 * Remembers which prop value each generated name came from; throws naming both values when two
 * different ones would produce the same name (`claim('secret-a', 'a')` after `claim('secret-a', ...)`).
 */
export class GeneratedNames {
  private readonly owners = new Map<string, string>();

  constructor(private readonly scope: IConstruct, private readonly prop: string, private readonly noun: string) {}

  claim(name: string, owner: string): string {
    const previous = this.owners.get(name);
    if (previous !== undefined && previous !== owner) {
      throw propError(this.scope, this.prop, owner, `a value whose ${this.noun} "${name}" is not already used by ${JSON.stringify(previous)}`);
    }
    this.owners.set(name, owner);
    return name;
  }
}
