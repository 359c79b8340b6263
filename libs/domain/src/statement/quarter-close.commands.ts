/** S-3: closing a quarter (stream `quarterStreamId(quarter)`). */
import type { DomainCommand } from '../shared/decider';

export type CloseQuarter = DomainCommand<
  'CloseQuarter',
  {
    /** "2026-Q1" */
    readonly quarter: string;
    /** Global position of the last event in the log when closing (decimal string). */
    readonly throughPosition: string;
  }
>;

export type QuarterCloseCommand = CloseQuarter;
