import { dealTimelineProjection, standingProjection, type Projection } from '@ledger/projections';

/** Every projection the ledger runs (statements, audit, standing, deal timelines). */
export const ALL_PROJECTIONS: readonly Projection<never>[] = [
  dealTimelineProjection as Projection<never>,
  standingProjection as Projection<never>,
];
