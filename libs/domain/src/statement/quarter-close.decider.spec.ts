import { DEFAULT_TERMS_BOOK } from '../program-terms/default-program-terms';
import { deciderSpecification } from './testing/decider-specification';
import type { CloseQuarter } from './quarter-close.commands';
import { quarterCloseDecider } from './quarter-close.decider';
import type { QuarterClosed } from './statement.events';

const spec = deciderSpecification(quarterCloseDecider);
const context = { book: DEFAULT_TERMS_BOOK };
const close = (now: string, data: Partial<CloseQuarter['data']> = {}): CloseQuarter => ({
  type: 'CloseQuarter',
  data: { quarter: '2026-Q1', throughPosition: '42', ...data },
  metadata: { now, commandId: 'c-1', actor: 'cli:finance' },
});
const closed: QuarterClosed = {
  type: 'QuarterClosed',
  data: { quarter: '2026-Q1', closedAt: '2026-04-01T04:00:00Z', closedBy: 'cli:finance', throughPosition: '42', termsVersion: '2024.1' },
};

describe('quarter close decider (S-3, T-3)', () => {
  it('S-3: closes a quarter that has ended in the program time zone, recording throughPosition and the terms version', () => {
    spec.given([]).when(close('2026-04-01T04:00:00Z'), context).then([closed]);
  });

  it('T-3: 23:59 on March 31 in New York is still Q1 although it is April in UTC', () => {
    spec.given([]).when(close('2026-04-01T03:59:00Z'), context).thenThrows({ code: 'rule-violation', ruleId: 'S-3', message: /has not ended yet in America\/New_York/ });
  });

  it('S-3: a quarter is not closed twice', () => {
    spec.given([closed]).when(close('2026-05-01T00:00:00Z'), context).thenThrows({ code: 'conflict', ruleId: 'S-3' });
  });

  it.each([
    ['quarter', { quarter: '2026-Q5' }],
    ['throughPosition', { throughPosition: '-1' }],
    ['throughPosition', { throughPosition: '4.2' }],
  ])('rejects bad input: %s', (field, data) => {
    spec.given([]).when(close('2026-05-01T00:00:00Z', data), context).thenThrows({ code: 'validation', field });
  });
});
