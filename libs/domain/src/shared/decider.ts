/**
 * The decider pattern (Jérémie Chassaing): pure decide/evolve over tagged unions.
 * No I/O, no clock, no random ids: time and ids arrive inside the command.
 */
export interface Decider<Command, Event, State, Context = void> {
  /** Returns the events the command produces; throws a DomainError when it is refused. */
  decide(command: Command, state: State, context: Context): readonly Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

/** A domain event: a past-tense fact as a `{ type, data }` tagged union member. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/**
 * A domain command. `metadata.now` is the record time (ISO instant) supplied by the
 * application layer's clock; business time lives in `data` (e.g. `collectedAt`).
 */
export interface DomainCommand<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: CommandMetadata;
}

export interface CommandMetadata {
  /** Record time as an ISO-8601 instant ("2026-03-31T12:00:00Z"). */
  readonly now: string;
  readonly commandId: string;
  readonly actor: string;
}

/** Exhaustiveness check for `switch` over tagged unions. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}

/** Folds events into state with a decider's evolve. */
export function fold<Event, State>(
  evolve: (state: State, event: Event) => State,
  initial: State,
  events: Iterable<Event>,
): State {
  let state = initial;
  for (const event of events) state = evolve(state, event);
  return state;
}
