export * from './event-store.port';
export * from './event-store.errors';
export * from './create-event-store';
export { MemoryEventStore } from './adapters/memory/memory-event-store';
export { SqliteEventStore, type SqliteEventStoreOptions, type SqliteEventStoreStats } from './adapters/embedded/sqlite-event-store';
export * from './instrumented-event-store';
