/**
 * Quarter close (S-3, T-3): a quarter can be closed once it has ended in the program time zone,
 * and only once. The event records the terms version in force at the quarter's end (T-1).
 */
import { Temporal } from 'temporal-polyfill';
import { assertNever, type Decider } from '../shared/decider';
import { DomainError, Violations } from '../shared/domain-error';
import { isQuarterId, isValidInstant, quarterEnd, quarterEndExclusive } from '../shared/business-time';
import { termsInForce, type ProgramTermsBook } from '../program-terms/program-terms';
import type { QuarterCloseCommand } from './quarter-close.commands';
import type { QuarterClosed } from './statement.events';

export interface QuarterCloseContext {
  readonly book: ProgramTermsBook;
}

export interface QuarterCloseState {
  readonly closed: QuarterClosed['data'] | null;
}

export const quarterCloseDecider: Decider<QuarterCloseCommand, QuarterClosed, QuarterCloseState, QuarterCloseContext> = {
  initialState: () => ({ closed: null }),

  evolve(state, event) {
    switch (event.type) {
      case 'QuarterClosed':
        return { closed: event.data };
      default:
        return assertNever(event.type, 'quarter event');
    }
  },

  decide(command, state, context) {
    switch (command.type) {
      case 'CloseQuarter': {
        const { quarter, throughPosition } = command.data;
        const v = new Violations();
        v.check(isQuarterId(quarter), 'quarter', 'must be a quarter id like "2026-Q1" (T-3)');
        v.check(typeof throughPosition === 'string' && /^(0|[1-9][0-9]*)$/.test(throughPosition), 'throughPosition', 'must be a non-negative integer position as a string');
        v.check(isValidInstant(command.metadata.now), 'metadata.now', 'must be an ISO-8601 instant');
        v.throwIfAny('S-3');
        if (state.closed) {
          throw DomainError.conflict(`S-3: quarter ${quarter} was already closed at ${state.closed.closedAt}`, 'S-3');
        }
        const terms = termsInForce(context.book, quarterEnd(quarter));
        const end = quarterEndExclusive(quarter, terms.timeZone);
        if (Temporal.Instant.compare(Temporal.Instant.from(command.metadata.now), end) < 0) {
          throw DomainError.rule('S-3', `S-3: quarter ${quarter} has not ended yet in ${terms.timeZone} (it ends at ${end.toString()})`, 'quarter');
        }
        return [
          {
            type: 'QuarterClosed',
            data: { quarter, closedAt: command.metadata.now, closedBy: command.metadata.actor, throughPosition, termsVersion: terms.version },
          },
        ];
      }
      default:
        return assertNever(command.type, 'quarter command');
    }
  },
};
