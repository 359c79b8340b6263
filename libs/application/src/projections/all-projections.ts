import {
  auditProjection,
  dealTimelineProjection,
  standingProjection,
  statementsProjection,
  type Projection,
} from '@ledger/projections';

/** Every projection the ledger runs: statements (S-*, R-*), audit (A-*), standing (C-*), deal timelines (D-12). */
export const ALL_PROJECTIONS: readonly Projection<never>[] = [
  statementsProjection as Projection<never>,
  auditProjection as Projection<never>,
  standingProjection as Projection<never>,
  dealTimelineProjection as Projection<never>,
];
