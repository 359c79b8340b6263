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
  return write(value, '$');
}

function write(value: unknown, path: string): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new NonCanonicalJsonError(path, `${value} is not a finite number`);
      return JSON.stringify(value);
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return writeArray(value, path);
      return writeObject(value, path);
    case 'bigint':
      throw new NonCanonicalJsonError(path, 'bigint is not allowed, store it as a string');
    case 'undefined':
      throw new NonCanonicalJsonError(path, 'undefined is only allowed as an (omitted) object property');
    case 'function':
    case 'symbol':
      throw new NonCanonicalJsonError(path, `${typeof value} is not JSON`);
  }
}

function writeArray(items: readonly unknown[], path: string): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ',';
    out += write(items[i], `${path}[${i}]`);
  }
  return `${out}]`;
}

function writeObject(object: object, path: string): string {
  const proto = Object.getPrototypeOf(object) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    throw new NonCanonicalJsonError(path, 'only plain objects are allowed');
  }
  const record = object as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += `${JSON.stringify(key)}:${write(item, `${path}.${key}`)}`;
  }
  return `${out}}`;
}
