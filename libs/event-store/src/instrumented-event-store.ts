import { WrongExpectedRevisionError } from './event-store.errors';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  EventToAppend,
  GlobalPosition,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
  Subscription,
} from './event-store.port';

export type AppendOutcome = 'ok' | 'conflict' | 'error';

/** Told the duration and outcome of every append (metrics). */
export interface AppendObserver {
  observeAppend(seconds: number, outcome: AppendOutcome): void;
}

/** An EventStore that times every append (`ledger_append_duration_seconds`) and delegates the rest. */
export class InstrumentedEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly observer: AppendObserver,
  ) {}

  get kind(): string {
    return this.inner.kind;
  }

  async appendToStream(streamName: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    const started = process.hrtime.bigint();
    let outcome: AppendOutcome = 'error';
    try {
      const result = await this.inner.appendToStream(streamName, events, options);
      outcome = 'ok';
      return result;
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) outcome = 'conflict';
      throw error;
    } finally {
      this.observer.observeAppend(Number(process.hrtime.bigint() - started) / 1e9, outcome);
    }
  }

  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.inner.readStream(streamName, options);
  }

  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    return this.inner.readAll(options);
  }

  subscribeToAll(options?: SubscribeToAllOptions): Subscription {
    return this.inner.subscribeToAll(options);
  }

  headPosition(): Promise<GlobalPosition | null> {
    return this.inner.headPosition();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
