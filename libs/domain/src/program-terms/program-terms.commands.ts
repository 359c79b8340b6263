/** Program terms commands (T-1). Stream: `program-terms` (see programTermsStreamId). */
import type { DomainCommand } from '../shared/decider';
import type { ProgramTerms } from './program-terms';

/**
 * T-1: records a new version of the program terms, in force from `effectiveFrom` (ISO date in the
 * program time zone). `terms.effectiveFrom` may be omitted; when present it must equal
 * `effectiveFrom`. The amending actor is `metadata.actor`.
 */
export type AmendProgramTerms = DomainCommand<
  'AmendProgramTerms',
  {
    readonly terms: Omit<ProgramTerms, 'effectiveFrom'> & { readonly effectiveFrom?: string };
    readonly effectiveFrom: string;
    readonly reason: string;
  }
>;

export type ProgramTermsCommand = AmendProgramTerms;
