/**
 * The one generic command path (ARCHITECTURE "one way in"): load a stream, fold it with the
 * decider's evolve, decide, append with the expected revision; on a concurrency conflict, reload
 * and decide again (bounded). HTTP, CLI, importers and tests all reach it through the
 * @nestjs/cqrs command handlers.
 */
import type { Decider, DomainCommand, DomainEvent } from '@ledger/domain';
import {
  StreamNotFoundError,
  WrongExpectedRevisionError,
  type EventMetadata,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type Json,
  type RecordedEvent,
} from '@ledger/event-store';
import type { Clock } from '../time/clock';
import { eventIdFor } from './event-ids';
import { schemaVersionOf } from './schema-versions';

export interface CommandTrace {
  /** Correlation id of the whole interaction (HTTP request, import run …); defaults to the command id. */
  readonly correlationId?: string;
  /** The message that caused this command (an event id or a request id); defaults to the correlation id. */
  readonly causationId?: string;
}

export interface CommandRequest<C extends DomainCommand, E extends DomainEvent, S, Ctx> {
  readonly streamName: string;
  readonly decider: Decider<C, E, S, Ctx>;
  /** Builds the command once the record time is known (so `metadata.now` is the append's clock). */
  readonly command: C;
  /** Context for decide (terms, other aggregates' state), computed from the folded state if needed. */
  readonly context: Ctx | ((state: S) => Ctx | Promise<Ctx>);
  /** Business time of the resulting events (ISO instant); defaults to the command's record time. */
  readonly occurredAt?: (event: E) => string;
  readonly trace?: CommandTrace;
  readonly maxAttempts?: number;
}

export interface AppendedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: Json;
  readonly revision: string;
  readonly position: string;
}

export interface CommandResult {
  readonly streamName: string;
  readonly commandId: string;
  /** The events this command produced (on a replay: the events it produced the first time). */
  readonly events: readonly AppendedEvent[];
  /** Revision of the stream after the command ('-1' when the stream does not exist). */
  readonly streamRevision: string;
  /** Global position of the last event produced, or null when nothing was appended. */
  readonly position: string | null;
  /** True when this command id had already been handled: nothing was appended this time. */
  readonly replayed: boolean;
}

export interface LoadedStream<S> {
  readonly state: S;
  readonly events: readonly RecordedEvent[];
  readonly expectedRevision: ExpectedRevision;
}

/** Reads a whole stream and folds it; a missing stream yields the initial state and 'no_stream'. */
export async function loadStream<E extends DomainEvent, S>(
  store: EventStore,
  streamName: string,
  decider: Pick<Decider<never, E, S, never>, 'evolve' | 'initialState'>,
): Promise<LoadedStream<S>> {
  let events: RecordedEvent[];
  try {
    events = await store.readStream(streamName);
  } catch (error) {
    if (error instanceof StreamNotFoundError) {
      return { state: decider.initialState(), events: [], expectedRevision: 'no_stream' };
    }
    throw error;
  }
  let state = decider.initialState();
  for (const e of events) state = decider.evolve(state, { type: e.type, data: e.data } as unknown as E);
  const last = events[events.length - 1];
  return { state, events, expectedRevision: last ? last.revision : 'no_stream' };
}

/**
 * Optimistic concurrency: every contender of a hot stream (e.g. 50 partners registering the same
 * company at once, D-3) re-decides after each conflict and one of them wins each round, so the
 * bound must exceed realistic contention. A short jittered backoff spreads the rounds out.
 */
const DEFAULT_MAX_ATTEMPTS = 64;
const MAX_BACKOFF_MS = 20;

function backoff(attempt: number): Promise<void> {
  const ceiling = Math.min(MAX_BACKOFF_MS, attempt);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}

export async function handleCommand<C extends DomainCommand, E extends DomainEvent, S, Ctx>(
  store: EventStore,
  clock: Clock,
  request: CommandRequest<C, E, S, Ctx>,
): Promise<CommandResult> {
  const { streamName, decider, command } = request;
  const commandId = command.metadata.commandId;
  const maxAttempts = request.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;

  for (let attempt = 1; ; attempt++) {
    const loaded = await loadStream(store, streamName, decider);

    const previous = loaded.events.filter((e) => e.metadata.commandId === commandId);
    if (previous.length > 0) return replayResult(streamName, commandId, previous, loaded.events);

    const context =
      typeof request.context === 'function'
        ? await (request.context as (state: S) => Ctx | Promise<Ctx>)(loaded.state)
        : request.context;
    const events = decider.decide(command, loaded.state, context);
    if (events.length === 0) {
      const last = loaded.events[loaded.events.length - 1];
      return {
        streamName,
        commandId,
        events: [],
        streamRevision: last ? last.revision.toString() : '-1',
        position: null,
        replayed: false,
      };
    }

    const recordedAt = clock.now().toString();
    const correlationId = request.trace?.correlationId ?? commandId;
    const causationId = request.trace?.causationId ?? correlationId;
    const toAppend: EventToAppend[] = events.map((event, index) => {
      const metadata: EventMetadata = {
        correlationId,
        causationId,
        actor: command.metadata.actor,
        commandId,
        occurredAt: request.occurredAt ? request.occurredAt(event) : command.metadata.now,
        recordedAt,
        schemaVersion: schemaVersionOf(event.type),
      };
      return { id: eventIdFor(commandId, streamName, index), type: event.type, data: event.data as Json, metadata };
    });

    try {
      const result = await store.appendToStream(streamName, toAppend, { expectedRevision: loaded.expectedRevision });
      const firstRevision = result.nextExpectedRevision - BigInt(toAppend.length - 1);
      const firstPosition = result.position - BigInt(toAppend.length - 1);
      const dense = store.kind !== 'esdb'; // EventStoreDB positions are byte offsets, not counters
      return {
        streamName,
        commandId,
        events: toAppend.map((e, i) => ({
          id: e.id,
          type: e.type,
          data: e.data,
          revision: (firstRevision + BigInt(i)).toString(),
          position: (dense ? firstPosition + BigInt(i) : result.position).toString(),
        })),
        streamRevision: result.nextExpectedRevision.toString(),
        position: result.position.toString(),
        replayed: false,
      };
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError && attempt < maxAttempts) {
        await backoff(attempt);
        continue;
      }
      throw error;
    }
  }
}

function replayResult(
  streamName: string,
  commandId: string,
  previous: readonly RecordedEvent[],
  all: readonly RecordedEvent[],
): CommandResult {
  const last = all[all.length - 1]!;
  return {
    streamName,
    commandId,
    events: previous.map((e) => ({
      id: e.id,
      type: e.type,
      data: e.data,
      revision: e.revision.toString(),
      position: e.position.toString(),
    })),
    streamRevision: last.revision.toString(),
    position: previous[previous.length - 1]!.position.toString(),
    replayed: true,
  };
}
