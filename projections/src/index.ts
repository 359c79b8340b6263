/** @ledger/projections — the projection runner, the read-model database and the Projection contract. */
export type { Projection, ReadModelDocs } from './runner/projection';
export { DocMap, compareKeys, keysUnder } from './runner/doc-map';
export {
  READ_MODEL_FILE_NAME,
  ReadModelDatabase,
  type ListDocsOptions,
  type ProjectionBatchWrite,
  type ProjectionCheckpoint,
  type ReadModelDatabaseOptions,
  type ReadModelDoc,
} from './runner/read-model-database';
export {
  DEFAULT_BATCH_SIZE,
  DEFAULT_DOC_CACHE_BYTES,
  DEFAULT_DOC_CACHE_SIZE,
  ProjectionFailedError,
  ProjectionRunner,
  ProjectionRunnerStoppedError,
  type ProgressCallback,
  type ProgressOptions,
  type ProjectionFailure,
  type ProjectionRunnerOptions,
  type ProjectionStatus,
} from './runner/projection-runner';
export { createProgressReporter, type ProgressReporter, type ProgressReporterOptions } from './runner/progress';
export * from './deal-timeline/deal-timeline.projection';
export * from './deal-timeline/deal-timeline.query';
export * from './standing/standing.projection';
export * from './standing/standing.queries';
export * from './statements/statements.projection';
export * from './statements/statement-docs';
export * from './statements/statement-input';
export * from './statements/seal';
export * from './statements/source-ref';
export * from './audit/audit.projection';
export * from './audit/explain-line';
export * from './audit/recompute-statement';
export * from './audit/replay-projection';
export * from './audit/verify-statement';
