/**
 * Program terms decider (T-1). State: the terms book (every version, by effectiveFrom).
 *
 * Decisions:
 * - A version name is unique. Re-sending an identical version (same name, same content) is the
 *   natural retry and produces no events; the same name with different content is a conflict.
 * - `effectiveFrom` may equal the latest version's (a same-day correction: the later amendment
 *   wins, see `termsInForce`), never precede it: versions are appended in effective order so a
 *   fact's terms never change under it by an amendment that reorders history.
 */
import { Temporal } from 'temporal-polyfill';
import { isValidPlainDate } from '../shared/business-time';
import { assertNever, type Decider } from '../shared/decider';
import { DomainError, Violations } from '../shared/domain-error';
import type { ProgramTermsCommand } from './program-terms.commands';
import type { ProgramTermsEvent } from './program-terms.events';
import { bookWith, type ProgramTerms, type ProgramTermsBook } from './program-terms';
import { validateProgramTerms } from './program-terms.validation';

const MAX_REASON = 1000;

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return (
    ka.length === kb.length &&
    ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

function decide(command: ProgramTermsCommand, book: ProgramTermsBook): readonly ProgramTermsEvent[] {
  switch (command.type) {
    case 'AmendProgramTerms': {
      const { terms, effectiveFrom, reason } = command.data;
      const v = new Violations();
      v.check(isValidPlainDate(effectiveFrom), 'effectiveFrom', 'must be an ISO date (YYYY-MM-DD) (T-1)');
      v.check(
        typeof reason === 'string' && reason.trim().length > 0 && reason.length <= MAX_REASON,
        'reason',
        `must be a non-empty text of at most ${MAX_REASON} characters (T-1)`,
      );
      if (terms?.effectiveFrom !== undefined && terms.effectiveFrom !== effectiveFrom) {
        v.add('terms.effectiveFrom', 'must be omitted or equal effectiveFrom (T-1)');
      }
      const amended = { ...terms, effectiveFrom } as ProgramTerms;
      for (const violation of validateProgramTerms(amended)) {
        if (violation.field !== 'terms.effectiveFrom') v.add(violation.field, violation.message);
      }
      v.throwIfAny('T-1');

      const existing = book.versions.find((x) => x.version === amended.version);
      if (existing) {
        if (sameJson(existing, amended)) return []; // idempotent retry
        throw DomainError.conflict(`T-1: terms version "${amended.version}" already exists with different content`, 'T-1');
      }
      const latest = book.versions[book.versions.length - 1];
      if (latest && Temporal.PlainDate.compare(Temporal.PlainDate.from(effectiveFrom), Temporal.PlainDate.from(latest.effectiveFrom)) < 0) {
        throw DomainError.validation(
          [{ field: 'effectiveFrom', message: `must not be before ${latest.effectiveFrom}, when version "${latest.version}" took effect (T-1)` }],
          'T-1',
        );
      }
      return [{ type: 'ProgramTermsAmended', data: { terms: amended, amendedBy: command.metadata.actor, reason: reason.trim() } }];
    }
    default:
      return assertNever(command.type, 'program terms command');
  }
}

function evolve(book: ProgramTermsBook, event: ProgramTermsEvent): ProgramTermsBook {
  switch (event.type) {
    case 'ProgramTermsAmended':
      return bookWith(book, event.data.terms);
    default:
      return assertNever(event.type, 'program terms event');
  }
}

export const programTermsDecider: Decider<ProgramTermsCommand, ProgramTermsEvent, ProgramTermsBook> = {
  decide: (command, state) => decide(command, state),
  evolve,
  initialState: () => ({ versions: [] }),
};
