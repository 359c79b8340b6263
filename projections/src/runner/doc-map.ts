/**
 * An in-memory document map for replays (recomputing statements, verify, tests) that answers
 * "every document under a key prefix, in key order" without scanning every key: keys are indexed
 * by their group (the key up to and including its last ':'), so a prefix visits only the groups
 * it covers. Key order is SQLite's (binary, UTF-8 byte order), as the runner hands them.
 */
export class DocMap<Doc> extends Map<string, Doc> {
  private readonly groups = new Map<string, Set<string>>();

  /** Empty: Map's iterable constructor would call `set` before the index exists. */
  constructor() {
    super();
  }

  override set(key: string, doc: Doc): this {
    if (!this.has(key)) {
      const group = groupOf(key);
      let keys = this.groups.get(group);
      if (!keys) this.groups.set(group, (keys = new Set()));
      keys.add(key);
    }
    return super.set(key, doc);
  }

  override delete(key: string): boolean {
    const existed = super.delete(key);
    if (existed) {
      const group = groupOf(key);
      const keys = this.groups.get(group);
      keys?.delete(key);
      if (keys?.size === 0) this.groups.delete(group);
    }
    return existed;
  }

  override clear(): void {
    super.clear();
    this.groups.clear();
  }

  /** Keys starting with `prefix` (non-empty), in key order. */
  keysUnder(prefix: string): string[] {
    const found: string[] = [];
    for (const [group, keys] of this.groups) {
      if (group.startsWith(prefix)) found.push(...keys);
      else if (prefix.startsWith(group)) for (const key of keys) if (key.startsWith(prefix)) found.push(key);
    }
    return found.sort(compareKeys);
  }
}

/** Keys under `prefix` in key order, from a DocMap's index or (any other map) a scan. */
export function keysUnder(docs: ReadonlyMap<string, unknown>, prefix: string): string[] {
  if (docs instanceof DocMap) return docs.keysUnder(prefix);
  return [...docs.keys()].filter((key) => key.startsWith(prefix)).sort(compareKeys);
}

/** SQLite's key order: binary comparison of UTF-8, i.e. code-point order. */
export function compareKeys(a: string, b: string): number {
  return a === b ? 0 : Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function groupOf(key: string): string {
  return key.slice(0, key.lastIndexOf(':') + 1);
}
