/**
 * Canonical JSON for read-model documents and statement seals (S-3, S-7, ADR 0004): object keys sorted recursively, no
 * whitespace, so the same document always serialises to the same bytes and a rebuild from zero
 * is byte-identical to an incremental run.
 *
 * Only plain JSON values are accepted: strings, finite numbers, booleans, null, arrays and plain
 * objects. `bigint` is refused (money and positions go into documents as strings), and so are
 * NaN/Infinity, `undefined` outside object properties, functions, symbols and class instances
 * (Date, Map …) whose JSON form would be lossy or ambiguous. Properties whose value is
 * `undefined` are omitted, as JSON.stringify does.
 */
export class NonCanonicalJsonError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`Not canonical JSON at ${path}: ${reason} (S-7)`);
    this.name = 'NonCanonicalJsonError';
  }
}

export function canonicalJson(value: unknown): string {
  try {
    return write(value);
  } catch (error) {
    if (error instanceof Refused) throw new NonCanonicalJsonError(`$${error.path.reverse().join('')}`, error.reason);
    throw error;
  }
}

/**
 * Internal: a refusal on its way up, collecting the path segments (innermost first). The path is
 * built only when something is refused: building it for every value made serialising documents
 * allocate a string per property.
 */
class Refused {
  readonly path: string[] = [];
  constructor(readonly reason: string) {}
}

function write(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new Refused(`${value} is not a finite number`);
      return JSON.stringify(value);
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return writeArray(value);
      return writeObject(value);
    case 'bigint':
      throw new Refused('bigint is not allowed, store it as a string');
    case 'undefined':
      throw new Refused('undefined is only allowed as an (omitted) object property');
    case 'function':
    case 'symbol':
      throw new Refused(`${typeof value} is not JSON`);
  }
}

function writeArray(items: readonly unknown[]): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ',';
    try {
      out += write(items[i]);
    } catch (error) {
      if (error instanceof Refused) error.path.push(`[${i}]`);
      throw error;
    }
  }
  return `${out}]`;
}

/** Object keys repeat across documents: quote each once. */
const quotedKeys = new Map<string, string>();
function quoted(key: string): string {
  let q = quotedKeys.get(key);
  if (q === undefined) {
    q = JSON.stringify(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, q);
  }
  return q;
}

function writeObject(object: object): string {
  const proto = Object.getPrototypeOf(object) as unknown;
  if (proto !== Object.prototype && proto !== null) throw new Refused('only plain objects are allowed');
  const record = object as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    if (!first) out += ',';
    first = false;
    try {
      out += `${quoted(key)}:${write(item)}`;
    } catch (error) {
      if (error instanceof Refused) error.path.push(`.${key}`);
      throw error;
    }
  }
  return `${out}}`;
}
