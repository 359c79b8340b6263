/**
 * Renewal chain decider, one stream per customer (`renewalStreamId`).
 * a renewal earns only when the original partner placed that year's order itself.
 * if any year is not placed by that partner (missed, skipped, placed by Results or by another
 * partner) the chain breaks — once, for good.
 */
import { Temporal } from 'temporal-polyfill';
import { assertNever, type Decider } from '../shared/decider';
import { DomainError, Violations } from '../shared/domain-error';
import { isKnownCurrency } from '../shared/money';
import { isValidInstant } from '../shared/business-time';
import type { RenewalCommand } from './renewal.commands';
import type { RenewalChainBroken, RenewalChainBrokenReason, RenewalEvent, RenewalPlaced, RenewalPlacer } from './renewal.events';

/** Supplied by the application: the partner of the customer's won, eligible deal (D-11), or null. */
export interface RenewalContext {
  readonly originalPartnerId: string | null;
}

export interface RenewalState {
  readonly placed: Readonly<Record<number, RenewalPlaced['data']>>;
  readonly broken: RenewalChainBroken['data'] | null;
}

export const renewalDecider: Decider<RenewalCommand, RenewalEvent, RenewalState, RenewalContext> = {
  initialState: () => ({ placed: {}, broken: null }),

  evolve(state, event) {
    switch (event.type) {
      case 'RenewalPlaced':
        return { ...state, placed: { ...state.placed, [event.data.year]: event.data } };
      case 'RenewalChainBroken':
        return state.broken ? state : { ...state, broken: event.data };
      default:
        return assertNever(event, 'renewal event');
    }
  },

  decide(command, state, context) {
    switch (command.type) {
      case 'PlaceRenewal': {
        const d = command.data;
        const v = new Violations();
        checkCustomerAndYear(v, d.customerKey, d.year);
        v.check(
          typeof d.orderValue?.amountMinor === 'string' && /^[1-9][0-9]{0,17}$/.test(d.orderValue.amountMinor),
          'orderValue.amountMinor',
          'must be a positive integer number of minor units as a string (T-2)',
        );
        v.check(typeof d.orderValue?.currency === 'string' && isKnownCurrency(d.orderValue.currency), 'orderValue.currency', 'must be a known ISO 4217 currency code');
        checkPlacer(v, d.placedBy);
        checkBusinessTime(v, d.placedAt, 'placedAt', command.metadata.now);
        v.throwIfAny('R-6');

        const placedBy: RenewalPlacer = d.placedBy.type === 'results' ? { type: 'results' } : { type: 'partner', partnerId: d.placedBy.partnerId };
        const placed: RenewalPlaced['data'] = {
          customerKey: d.customerKey,
          year: d.year,
          orderValue: { amountMinor: d.orderValue.amountMinor, currency: d.orderValue.currency },
          placedBy,
          originalPartnerId: context.originalPartnerId,
          placedAt: Temporal.Instant.from(d.placedAt).toString(),
        };
        const previous = state.placed[d.year];
        if (previous) {
          const differing = placementDifferences(previous, placed);
          if (differing.length === 0) return [];
          throw new DomainError(
            'conflict',
            `R-6: the year-${d.year} renewal of ${d.customerKey} was already placed with a different ${differing.join(', ')}`,
            'R-6',
            differing.map((field) => ({ field, message: 'differs from the recorded value' })),
          );
        }
        const events: RenewalEvent[] = [{ type: 'RenewalPlaced', data: placed }];
        const original = context.originalPartnerId;
        if (original !== null && state.broken === null) {
          const breakage = chainBreak(state, d.year, placedBy, original);
          if (breakage) {
            events.push({
              type: 'RenewalChainBroken',
              data: { customerKey: d.customerKey, partnerId: original, year: breakage.year, reason: breakage.reason, ruleId: 'R-7', brokenAt: placed.placedAt },
            });
          }
        }
        return events;
      }

      case 'RecordRenewalMissed': {
        const d = command.data;
        const v = new Violations();
        checkCustomerAndYear(v, d.customerKey, d.year);
        checkBusinessTime(v, d.missedAt, 'missedAt', command.metadata.now);
        v.throwIfAny('R-7');
        const original = context.originalPartnerId;
        if (original === null) {
          throw DomainError.rule('R-7', `R-7: customer ${d.customerKey} has no original partner (no eligible won deal, D-11), so it has no renewal chain to break`, 'customerKey');
        }
        const placed = state.placed[d.year];
        if (placed?.placedBy.type === 'partner' && placed.placedBy.partnerId === original) {
          throw DomainError.rule('R-7', `R-7: the year-${d.year} renewal of ${d.customerKey} was placed by ${original}; it cannot be recorded as missed`, 'year');
        }
        if (state.broken !== null) return []; // once broken, stays broken
        return [
          {
            type: 'RenewalChainBroken',
            data: { customerKey: d.customerKey, partnerId: original, year: d.year, reason: 'missed', ruleId: 'R-7', brokenAt: Temporal.Instant.from(d.missedAt).toString() },
          },
        ];
      }

      default:
        return assertNever(command, 'renewal command');
    }
  },
};

/** the first year that breaks the chain with this placement, if any (earliest failure first). */
function chainBreak(
  state: RenewalState,
  year: number,
  placedBy: RenewalPlacer,
  original: string,
): { year: number; reason: RenewalChainBrokenReason } | null {
  for (let y = 2; y < year; y++) {
    if (!state.placed[y]) return { year: y, reason: 'missed' };
  }
  if (placedBy.type === 'results') return { year, reason: 'placed-by-results' };
  if (placedBy.partnerId !== original) return { year, reason: 'placed-by-other-partner' };
  return null;
}

function placementDifferences(a: RenewalPlaced['data'], b: RenewalPlaced['data']): string[] {
  const differing: string[] = [];
  if (a.orderValue.amountMinor !== b.orderValue.amountMinor || a.orderValue.currency !== b.orderValue.currency) differing.push('orderValue');
  if (a.placedBy.type !== b.placedBy.type || (a.placedBy.type === 'partner' && b.placedBy.type === 'partner' && a.placedBy.partnerId !== b.placedBy.partnerId)) {
    differing.push('placedBy');
  }
  if (Temporal.Instant.compare(Temporal.Instant.from(a.placedAt), Temporal.Instant.from(b.placedAt)) !== 0) differing.push('placedAt');
  return differing;
}

function checkCustomerAndYear(v: Violations, customerKey: unknown, year: unknown): void {
  v.check(typeof customerKey === 'string' && customerKey.trim().length > 0, 'customerKey', 'must be a non-empty customer key');
  v.check(Number.isSafeInteger(year) && (year as number) >= 2 && (year as number) <= 100, 'year', 'a renewal year must be an integer from 2 (R-6)');
}

function checkPlacer(v: Violations, placer: unknown): void {
  const p = placer as { type?: unknown; partnerId?: unknown } | null;
  if (p?.type === 'results') return;
  if (p?.type === 'partner') {
    v.check(typeof p.partnerId === 'string' && p.partnerId.trim().length > 0, 'placedBy.partnerId', 'must be a non-empty partner id');
    return;
  }
  v.add('placedBy.type', 'must be "partner" or "results"');
}

function checkBusinessTime(v: Violations, value: unknown, field: string, now: string): void {
  if (!isValidInstant(value)) {
    v.add(field, 'must be an ISO-8601 instant (T-3)');
    return;
  }
  if (isValidInstant(now) && Temporal.Instant.compare(Temporal.Instant.from(value), Temporal.Instant.from(now)) > 0) {
    v.add(field, 'must not be in the future (T-3)');
  }
}
