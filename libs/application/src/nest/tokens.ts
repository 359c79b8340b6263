/** DI tokens shared by the apps (API, CLI, projector). */
export const EVENT_STORE = Symbol('EventStore');
export const READ_MODELS = Symbol('ReadModelDatabase');
export const PROJECTION_RUNNER = Symbol('ProjectionRunner');
export const LEDGER_CONFIG = Symbol('LedgerConfig');
/** Optional: observes every append's duration and outcome (metrics); the store is wrapped when present. */
export const APPEND_OBSERVER = Symbol('AppendObserver');
