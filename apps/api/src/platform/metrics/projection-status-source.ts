import type { ProjectionStatus } from '@ledger/projections';

/** What the platform reads from the PROJECTION_RUNNER (optional: absent when the projector runs elsewhere). */
export interface ProjectionStatusSource {
  status(): Promise<readonly ProjectionStatus[]>;
}
