/**
 * Runs projections over $all into the read-model database (ADR 0004).
 *
 * - ONE shared subscription per runner, from the lowest checkpoint of its projections (exclusive),
 *   dispatching each event to every projection whose own checkpoint is below the event's
 *   position. The log is read once however many projections there are; a projection ahead of
 *   the others just skips what it has already applied (idempotent by position).
 * - Events are applied in memory in batches (at most `batchSize` events, or until the
 *   subscription is caught up or idle) and each batch is committed as ONE SQLite transaction
 *   holding the changed documents AND the new checkpoints: exactly-once effect, a crash loses
 *   at most the uncommitted batch, which is replayed on restart.
 * - A write-back cache holds every document loaded or changed in the batch, so a document is
 *   read from SQLite at most once and serialised (canonically) at most once per batch; after the
 *   commit the most recently used documents stay cached for the next batches — at most
 *   `docCacheSize` documents and `docCacheBytes` of their stored text per projection, whichever
 *   bound is hit first — so memory stays flat however long the log and however large the documents.
 * - Events outside a projection's filter still advance its checkpoint.
 * - A stored checkpoint built by another projection version is dropped with its documents at
 *   start: the projection rebuilds from zero.
 * - Documents handed to `apply` are deep-frozen: mutating them throws instead of corrupting the
 *   cache.
 * - An error thrown by `keys`/`apply` (or a document that is not canonical JSON) stops that
 *   projection only: its checkpoint stays before the failing event, the error is reported by
 *   `status()`, the others carry on. `start()` again (e.g. after a fix) retries it.
 */
import type { EventStore, GlobalPosition, RecordedEvent, Subscription } from '@ledger/event-store';
import { matchesFilter } from '@ledger/event-store';
import { canonicalJson } from '@ledger/domain';
import { compareKeys } from './doc-map';
import type { Projection } from './projection';
import type { ProjectionBatchWrite, ProjectionCheckpoint, ReadModelDatabase } from './read-model-database';

export const DEFAULT_BATCH_SIZE = 2_000;
export const DEFAULT_DOC_CACHE_SIZE = 10_000;
/** Stored text kept cached between batches, per projection (the parsed documents weigh a few times more). */
export const DEFAULT_DOC_CACHE_BYTES = 8 * 1024 * 1024;

/** Called after each committed batch: events processed so far and the (estimated) total. */
export type ProgressCallback = (processed: number, total: number) => void;

export interface ProgressOptions {
  readonly onProgress?: ProgressCallback;
}

export interface ProjectionRunnerOptions {
  readonly store: EventStore;
  readonly db: ReadModelDatabase;
  readonly projections: readonly Projection[];
  /** Most events per transaction (default 2,000). */
  readonly batchSize?: number;
  /** Committed documents kept in memory between batches, per projection (default 10,000). */
  readonly docCacheSize?: number;
  /** ...and at most this many characters of their stored text, per projection (default 8 Mi). */
  readonly docCacheBytes?: number;
}

export interface ProjectionFailure {
  readonly message: string;
  /** Position of the event that could not be applied; null when the batch or the runner failed. */
  readonly position: GlobalPosition | null;
  readonly eventId: string | null;
  readonly eventType: string | null;
}

export interface ProjectionStatus {
  readonly name: string;
  readonly version: number;
  readonly state: 'running' | 'stopped' | 'failed';
  /** Last committed position (null = nothing processed yet). */
  readonly position: GlobalPosition | null;
  readonly headPosition: GlobalPosition | null;
  /** Events behind the head; null when positions are not event counts (EventStoreDB). */
  readonly lag: number | null;
  readonly eventsApplied: number;
  readonly lastError: ProjectionFailure | null;
}

/** A waited-for position cannot be reached because projections failed. */
export class ProjectionFailedError extends Error {
  constructor(readonly failures: ReadonlyMap<string, ProjectionFailure>) {
    super(
      `Projection(s) stopped on error: ${[...failures].map(([name, f]) => `${name} (${f.message})`).join('; ')}`,
    );
    this.name = 'ProjectionFailedError';
  }
}

export class ProjectionRunnerStoppedError extends Error {
  constructor() {
    super('Projection runner stopped before reaching the position');
    this.name = 'ProjectionRunnerStoppedError';
  }
}

interface CachedDoc {
  /** Committed canonical text (undefined = absent). */
  stored: string | undefined;
  /** Current document (undefined = absent); equals `stored` parsed unless dirty. */
  doc: unknown;
  dirty: boolean;
}

interface Slot {
  readonly projection: Projection;
  committed: ProjectionCheckpoint;
  /** Processed state, ahead of `committed` until the batch is committed. */
  position: GlobalPosition | null;
  eventsApplied: number;
  updatedPosition: GlobalPosition | null;
  /** Least recently used first. Holds only committed documents between batches. */
  readonly cache: Map<string, CachedDoc>;
  /** Sum of the `stored` text lengths in `cache`. */
  cachedChars: number;
  /** Keys changed in the current batch. */
  readonly dirty: string[];
  failure: ProjectionFailure | null;
}

interface Session {
  readonly subscription: Subscription;
  stopping: boolean;
  done: Promise<void>;
}

interface Waiter {
  readonly position: GlobalPosition;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

interface ProgressTracker {
  readonly onProgress: ProgressCallback;
  readonly from: GlobalPosition;
  readonly head: GlobalPosition;
  processed: number;
}

export class ProjectionRunner {
  private readonly store: EventStore;
  private readonly db: ReadModelDatabase;
  private readonly batchSize: number;
  private readonly docCacheSize: number;
  private readonly docCacheBytes: number;
  private readonly slots: Slot[];
  private session: Session | null = null;
  private waiters: Waiter[] = [];
  private progress: ProgressTracker | null = null;
  private catchingUp = false;
  private batchEvents = 0;
  private lastSeen: GlobalPosition | null = null;
  private idleFlush: NodeJS.Immediate | null = null;

  constructor(options: ProjectionRunnerOptions) {
    this.store = options.store;
    this.db = options.db;
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.docCacheSize = options.docCacheSize ?? DEFAULT_DOC_CACHE_SIZE;
    this.docCacheBytes = options.docCacheBytes ?? DEFAULT_DOC_CACHE_BYTES;
    if (!Number.isInteger(this.docCacheBytes) || this.docCacheBytes < 0) {
      throw new RangeError(`docCacheBytes must be a non-negative integer, got ${this.docCacheBytes}`);
    }
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) {
      throw new RangeError(`batchSize must be a positive integer, got ${this.batchSize}`);
    }
    if (!Number.isInteger(this.docCacheSize) || this.docCacheSize < 0) {
      throw new RangeError(`docCacheSize must be a non-negative integer, got ${this.docCacheSize}`);
    }
    const names = new Set<string>();
    this.slots = options.projections.map((projection) => {
      if (names.has(projection.name)) throw new Error(`Duplicate projection name "${projection.name}"`);
      names.add(projection.name);
      return {
        projection,
        committed: emptyCheckpoint(projection),
        position: null,
        eventsApplied: 0,
        updatedPosition: null,
        cache: new Map(),
        cachedChars: 0,
        dirty: [],
        failure: null,
      };
    });
  }

  get running(): boolean {
    return this.session !== null;
  }

  /**
   * Loads the checkpoints (rebuilding from zero any projection whose stored version differs),
   * clears previous failures and subscribes to $all from the lowest checkpoint. Resolves once
   * subscribed; events are then processed in the background until `stop()`.
   */
  async start(): Promise<void> {
    if (this.session) return;
    for (const slot of this.slots) this.load(slot);
    this.batchEvents = 0;
    this.lastSeen = null;
    const from = this.lowestPosition();
    const subscription = this.store.subscribeToAll({ fromPosition: from ?? 'start' });
    const session: Session = { subscription, stopping: false, done: Promise.resolve() };
    session.done = this.consume(session);
    this.session = session;
  }

  /** Commits what was processed, ends the subscription; pending waits are rejected. */
  async stop(): Promise<void> {
    await this.halt();
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter.reject(new ProjectionRunnerStoppedError());
  }

  /**
   * Processes until every projection has reached the head position as it is at call time, then
   * resolves. Starts the runner if needed and, in that case, stops it again at the end. Rejects
   * with ProjectionFailedError if a projection stopped on an error (the others still catch up).
   */
  async runUntilCaughtUp(options: ProgressOptions = {}): Promise<void> {
    await this.exclusively(() => this.catchUp(this.running, options));
  }

  /**
   * Resolves once every projection has committed at least `position` (read-your-writes for
   * commands); rejects with ProjectionFailedError if a projection that has not reached it is
   * stopped on an error, or ProjectionRunnerStoppedError on `stop()`.
   */
  waitForPosition(position: GlobalPosition): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ position, resolve, reject });
      this.settleWaiters();
    });
  }

  /**
   * Drops the documents and checkpoint of one projection (or all) in one transaction and replays
   * the log from zero up to the head at call time. Keeps running afterwards if it was running.
   */
  async rebuild(target: string, options: ProgressOptions = {}): Promise<void> {
    const names = target === 'all' ? this.slots.map((s) => s.projection.name) : [this.slot(target).projection.name];
    await this.exclusively(async () => {
      const keepRunning = this.running;
      await this.halt();
      this.db.reset(names);
      await this.catchUp(keepRunning, options);
    });
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = await this.store.headPosition();
    const positionsAreCounts = this.store.kind === 'embedded' || this.store.kind === 'memory';
    return this.slots.map((slot) => {
      const stored = this.db.checkpoint(slot.projection.name);
      const checkpoint =
        stored !== undefined && stored.version === slot.projection.version ? stored : emptyCheckpoint(slot.projection);
      return {
        name: slot.projection.name,
        version: slot.projection.version,
        state: slot.failure ? 'failed' : this.running ? 'running' : 'stopped',
        position: checkpoint.position,
        headPosition: head,
        lag: positionsAreCounts ? Number((head ?? 0n) - (checkpoint.position ?? 0n)) : null,
        eventsApplied: checkpoint.eventsApplied,
        lastError: slot.failure,
      };
    });
  }

  // ---------------------------------------------------------------------------------------------

  private slot(name: string): Slot {
    const slot = this.slots.find((s) => s.projection.name === name);
    if (!slot) throw new Error(`Unknown projection "${name}" (known: ${this.slots.map((s) => s.projection.name).join(', ')})`);
    return slot;
  }

  /** Loads the stored checkpoint; a different projection version means rebuild from zero. */
  private load(slot: Slot): void {
    const { name, version } = slot.projection;
    this.db.ensureProjection(name);
    let checkpoint = this.db.checkpoint(name);
    if (checkpoint !== undefined && checkpoint.version !== version) {
      this.db.reset([name]);
      checkpoint = undefined;
    }
    slot.committed = checkpoint ?? emptyCheckpoint(slot.projection);
    slot.failure = null;
    this.rollback(slot);
  }

  private lowestPosition(): GlobalPosition | null {
    let lowest: GlobalPosition | null = null;
    for (const slot of this.slots) {
      if (slot.position === null) return null;
      if (lowest === null || slot.position < lowest) lowest = slot.position;
    }
    return lowest;
  }

  /** One catch-up or rebuild at a time per runner. */
  private async exclusively(work: () => Promise<void>): Promise<void> {
    if (this.catchingUp) throw new Error('A catch-up or rebuild is already in progress on this runner');
    this.catchingUp = true;
    try {
      await work();
    } finally {
      this.catchingUp = false;
    }
  }

  private async catchUp(keepRunning: boolean, options: ProgressOptions): Promise<void> {
    const head = await this.store.headPosition();
    await this.start();
    try {
      if (head === null) return;
      if (options.onProgress) {
        const from = this.lowestPosition() ?? 0n;
        this.progress = { onProgress: options.onProgress, from, head, processed: 0 };
      }
      await this.waitForPosition(head);
      this.reportProgress(true);
    } finally {
      this.progress = null;
      if (!keepRunning) await this.halt();
    }
  }

  private async halt(): Promise<void> {
    const session = this.session;
    if (!session) return;
    session.stopping = true;
    await session.subscription.unsubscribe();
    await session.done;
    if (this.session === session) this.session = null;
  }

  private async consume(session: Session): Promise<void> {
    try {
      for await (const message of session.subscription) {
        if (session.stopping) break;
        if (message.kind === 'event') {
          this.handle(message.event);
          if (this.batchEvents >= this.batchSize) this.flush();
          else this.scheduleIdleFlush();
        } else {
          if (message.position !== null) this.advanceTo(message.position);
          this.flush();
        }
      }
    } catch (error) {
      this.failAll(`Subscription to $all failed: ${errorMessage(error)}`);
    } finally {
      const unexpected = !session.stopping;
      session.stopping = true;
      if (this.session === session) this.session = null;
      this.flush();
      // Ended on its own (store closed …): nothing more will come, say so rather than hang.
      if (unexpected) this.failAll('Subscription to $all ended unexpectedly');
      this.settleWaiters();
    }
  }

  private handle(event: RecordedEvent): void {
    if (this.lastSeen !== null && event.position <= this.lastSeen) {
      throw new Error(`$all delivered position ${event.position} after ${this.lastSeen}: out of order`);
    }
    this.lastSeen = event.position;
    this.batchEvents++;
    if (this.progress) this.progress.processed++;
    for (const slot of this.slots) {
      if (slot.failure !== null || (slot.position !== null && event.position <= slot.position)) continue;
      if (matchesFilter(slot.projection.filter, event.streamName, event.type)) {
        try {
          this.apply(slot, event);
        } catch (error) {
          slot.failure = {
            message: errorMessage(error),
            position: event.position,
            eventId: event.id,
            eventType: event.type,
          };
          continue;
        }
        slot.eventsApplied++;
      }
      slot.position = event.position;
    }
  }

  private apply(slot: Slot, event: RecordedEvent): void {
    const { projection } = slot;
    const keys = projection.keys(event);
    const docs = new Map<string, unknown>();
    for (const key of keys) {
      if (typeof key !== 'string' || key === '') throw new Error(`${projection.name}.keys() returned an empty or non-string key`);
      docs.set(key, this.cached(slot, key).doc);
    }
    const prefixes = projection.prefixes?.(event) ?? [];
    if (prefixes.length > 0) this.loadPrefixes(slot, prefixes, docs);
    const result = projection.apply(docs, event);
    for (const key of result.keys()) {
      if (docs.has(key)) continue;
      if (!prefixes.some((prefix) => key.startsWith(prefix))) {
        throw new Error(`${projection.name}.apply() returned key "${key}" not listed by keys() nor under prefixes()`);
      }
      this.cached(slot, key); // a new key under a prefix: give it a cache entry (absent)
    }
    for (const [key, next] of result) {
      const entry = slot.cache.get(key) as CachedDoc;
      entry.doc = next === null ? undefined : deepFreeze(next);
      if (!entry.dirty) {
        entry.dirty = true;
        slot.dirty.push(key);
      }
    }
    if (result.size > 0) slot.updatedPosition = event.position;
  }

  /**
   * Adds every present document under the prefixes to `docs`, in key order: the committed ones
   * (SQLite, or the cache where it has a newer version) and those created earlier in the batch.
   */
  private loadPrefixes(slot: Slot, prefixes: readonly string[], docs: Map<string, unknown>): void {
    /** Key → committed text (SQLite), or null when only the cache knows the key. */
    const found = new Map<string, string | null>();
    for (const prefix of prefixes) {
      if (typeof prefix !== 'string' || prefix === '') throw new Error(`${slot.projection.name}.prefixes() returned an empty or non-string prefix`);
      for (const [key, text] of this.db.listDocTexts(slot.projection.name, prefix)) found.set(key, text);
      for (const [key, entry] of slot.cache) if (entry.doc !== undefined && key.startsWith(prefix) && !found.has(key)) found.set(key, null);
    }
    for (const key of [...found.keys()].sort(compareKeys)) {
      if (docs.has(key)) continue;
      // The text SQLite just returned serves a cache miss: no second read of the same row.
      const doc = this.cached(slot, key, found.get(key) ?? undefined).doc;
      if (doc !== undefined) docs.set(key, doc);
    }
  }

  /** The cache entry of `key`, read from SQLite on a miss (or from `committedText` when the caller just read it). */
  private cached(slot: Slot, key: string, committedText?: string): CachedDoc {
    let entry = slot.cache.get(key);
    if (entry === undefined) {
      const stored = committedText ?? this.db.getDocText(slot.projection.name, key);
      entry = { stored, doc: stored === undefined ? undefined : deepFreeze(JSON.parse(stored) as unknown), dirty: false };
      slot.cachedChars += stored?.length ?? 0;
    } else {
      slot.cache.delete(key); // re-inserted below: most recently used last
    }
    slot.cache.set(key, entry);
    return entry;
  }

  /** The subscription reports everything up to `position` delivered (it may skip system events). */
  private advanceTo(position: GlobalPosition): void {
    for (const slot of this.slots) {
      if (slot.failure === null && (slot.position === null || slot.position < position)) slot.position = position;
    }
  }

  private scheduleIdleFlush(): void {
    this.idleFlush ??= setImmediate(() => {
      this.idleFlush = null;
      this.flush();
    });
  }

  /** Commits the batch: every projection's changed documents and checkpoint in ONE transaction. */
  private flush(): void {
    if (this.idleFlush) {
      clearImmediate(this.idleFlush);
      this.idleFlush = null;
    }
    const writes: { slot: Slot; write: ProjectionBatchWrite; texts: (string | undefined)[] }[] = [];
    for (const slot of this.slots) {
      if (slot.position === slot.committed.position) continue;
      try {
        writes.push({ slot, ...this.batchWrite(slot) });
      } catch (error) {
        // A document that is not canonical JSON: drop this projection's batch, stop it (S-7).
        this.rollback(slot);
        slot.failure = { message: errorMessage(error), position: null, eventId: null, eventType: null };
      }
    }
    try {
      this.db.commit(writes.map((w) => w.write));
    } catch (error) {
      for (const slot of this.slots) this.rollback(slot);
      this.batchEvents = 0;
      this.failAll(`Read-model commit failed: ${errorMessage(error)}`);
      return;
    }
    for (const { slot, write, texts } of writes) {
      slot.committed = write.checkpoint;
      slot.dirty.forEach((key, i) => {
        const entry = slot.cache.get(key) as CachedDoc;
        slot.cachedChars += (texts[i]?.length ?? 0) - (entry.stored?.length ?? 0);
        entry.stored = texts[i];
        entry.dirty = false;
      });
      slot.dirty.length = 0;
    }
    for (const slot of this.slots) this.evict(slot);
    const committedEvents = this.batchEvents;
    this.batchEvents = 0;
    if (committedEvents > 0 || writes.length > 0) this.reportProgress(false);
    this.settleWaiters();
  }

  /** The batch's writes for one projection, and the new text of each dirty key (in `dirty` order). */
  private batchWrite(slot: Slot): { write: ProjectionBatchWrite; texts: (string | undefined)[] } {
    const upserts: [string, string][] = [];
    const deletes: string[] = [];
    const texts = slot.dirty.map((key) => {
      const entry = slot.cache.get(key) as CachedDoc;
      if (entry.doc === undefined) {
        if (entry.stored !== undefined) deletes.push(key);
        return undefined;
      }
      const text = canonicalJson(entry.doc);
      if (text !== entry.stored) upserts.push([key, text]);
      return text;
    });
    const write: ProjectionBatchWrite = {
      checkpoint: {
        name: slot.projection.name,
        version: slot.projection.version,
        position: slot.position,
        eventsApplied: slot.eventsApplied,
        updatedPosition: slot.updatedPosition,
      },
      upserts,
      deletes,
    };
    return { write, texts };
  }

  /**
   * Keeps at most `docCacheSize` committed documents and `docCacheBytes` of their text, dropping
   * the least recently used. Runs right after a commit, when every cached document is clean.
   */
  private evict(slot: Slot): void {
    let excess = slot.cache.size - this.docCacheSize;
    for (const [key, entry] of slot.cache) {
      if (excess <= 0 && slot.cachedChars <= this.docCacheBytes) break;
      slot.cache.delete(key);
      slot.cachedChars -= entry.stored?.length ?? 0;
      excess--;
    }
  }

  /** Forgets the uncommitted part of a projection's batch. */
  private rollback(slot: Slot): void {
    slot.position = slot.committed.position;
    slot.eventsApplied = slot.committed.eventsApplied;
    slot.updatedPosition = slot.committed.updatedPosition;
    slot.cache.clear();
    slot.cachedChars = 0;
    slot.dirty.length = 0;
  }

  /** The runner cannot go on (subscription or commit failure): stop and report on every projection. */
  private failAll(message: string): void {
    for (const slot of this.slots) {
      slot.failure ??= { message, position: null, eventId: null, eventType: null };
    }
    const session = this.session;
    if (session && !session.stopping) {
      session.stopping = true;
      // Its errors do not matter any more: the runner has already stopped on the first one.
      session.subscription.unsubscribe().catch(() => undefined);
    }
    this.settleWaiters();
  }

  private settleWaiters(): void {
    if (this.waiters.length === 0) return;
    this.waiters = this.waiters.filter((waiter) => {
      const behind = this.slots.filter((s) => !reached(s.committed.position, waiter.position));
      if (behind.some((s) => s.failure === null)) return true;
      if (behind.length === 0) waiter.resolve();
      else waiter.reject(new ProjectionFailedError(new Map(behind.map((s) => [s.projection.name, s.failure as ProjectionFailure]))));
      return false;
    });
  }

  private reportProgress(done: boolean): void {
    const progress = this.progress;
    if (!progress) return;
    const span = progress.head - progress.from;
    const covered = (this.lastSeen ?? progress.from) - progress.from;
    // Exact when positions count events (embedded, memory); proportional for EventStoreDB.
    const total =
      done || covered <= 0n || span <= 0n
        ? Math.max(progress.processed, Number(span > 0n ? span : 0n))
        : Math.round((progress.processed * Number(span)) / Number(covered));
    progress.onProgress(progress.processed, done ? progress.processed : Math.max(total, progress.processed));
  }
}

function emptyCheckpoint(projection: Projection): ProjectionCheckpoint {
  return { name: projection.name, version: projection.version, position: null, eventsApplied: 0, updatedPosition: null };
}

/**
 * Documents are shared between the cache and later `apply` calls, so they are frozen: an impure
 * step that mutates its input fails loudly (TypeError) instead of silently diverging from SQLite.
 * Already-frozen subtrees are skipped, so the cost is proportional to what `apply` built anew.
 */
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const item of Object.values(value)) deepFreeze(item);
  return value;
}

function reached(position: GlobalPosition | null, target: GlobalPosition): boolean {
  return position !== null && position >= target;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
