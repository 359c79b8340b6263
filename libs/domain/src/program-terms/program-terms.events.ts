import type { DomainEvent } from '../shared/decider';
import type { ProgramTerms } from './program-terms';

/** T-1: stream `program-terms`. The first event records the shipped default terms. */
export type ProgramTermsAmended = DomainEvent<
  'ProgramTermsAmended',
  { readonly terms: ProgramTerms; readonly amendedBy: string; readonly reason: string }
>;

export type ProgramTermsEvent = ProgramTermsAmended;
