/**
 * The quarterly statement of one partner (pure): the fact lines of the quarter plus explicit balance
 * lines — carry-forward in (S-2), tax-hold release (S-5), tax hold (S-5), carry-forward out (S-2).
 * Every total is a sum of rounded lines (T-2), and the shares of all lines add up to `payable`.
 * Lines come out in a deterministic order with deterministic ids (S-7).
 */
import { assertNever } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { minorUnits, money, shareOf, type MoneyJson } from '../shared/money';
import { quarterEnd, quarterStart } from '../shared/business-time';
import type { ProgramTerms } from '../program-terms/program-terms';
import type { SourceRef, StatementLine, StatementLineKind, StatementTotals } from './statement.events';

export const BALANCE_LINE_KINDS: readonly StatementLineKind[] = ['carry-forward-in', 'tax-hold-release', 'tax-hold', 'carry-forward-out'];

export interface StatementCalculationInput {
  readonly partnerId: string;
  readonly quarter: string;
  readonly currency: string;
  /** The quarter's fact lines: collections, renewals, memo, refunds, chargebacks, adjustments, clawbacks. */
  readonly lines: readonly StatementLine[];
  /** S-2: balance carried out of the partner's previous statement (may be negative). */
  readonly carryIn: { readonly amount: MoneyJson; readonly sources: readonly SourceRef[] };
  /** S-5: amounts held on earlier statements for a missing tax form, still owed. */
  readonly heldIn: { readonly amount: MoneyJson; readonly sources: readonly SourceRef[] };
  /** S-5: whether a W-9/W-8 is on file, and the event(s) that say so. */
  readonly taxForm: { readonly onFile: boolean; readonly sources: readonly SourceRef[] };
  /** T-1: the terms in force at the end of the quarter (minimum payout). */
  readonly terms: ProgramTerms;
}

export interface ComputedStatement {
  readonly lines: readonly StatementLine[];
  readonly totals: StatementTotals;
}

export function calculateStatement(input: StatementCalculationInput): ComputedStatement {
  const { partnerId, quarter, currency, terms } = input;
  if (currency !== terms.currency) {
    throw DomainError.validation([{ field: 'currency', message: `currency mismatch: ${currency} vs program currency ${terms.currency}` }], 'T-2');
  }
  checkFactLines(input.lines);
  assertLinesRecompute(input.lines, currency);

  const facts = [...input.lines].sort(compareLines);
  const earned = sumShares(facts);
  const carriedIn = amountOf(input.carryIn.amount, currency, 'carryIn');
  const heldIn = amountOf(input.heldIn.amount, currency, 'heldIn');
  const start = quarterStart(quarter).toString();
  const end = quarterEnd(quarter).toString();
  const balanceLine = (kind: StatementLineKind, amountMinor: bigint, ruleIds: string[], description: string, sources: readonly SourceRef[], occurredOn: string): StatementLine => ({
    lineId: `${partnerId}:${quarter}:${kind}`,
    kind,
    category: 'balance',
    description,
    amount: { amountMinor: amountMinor.toString(), currency },
    rateBp: 10_000,
    share: { amountMinor: amountMinor.toString(), currency },
    ruleIds,
    termsVersion: terms.version,
    sources,
    occurredOn,
  });

  const lines: StatementLine[] = [];
  if (carriedIn !== 0n) {
    lines.push(balanceLine('carry-forward-in', carriedIn, ['S-2'], 'balance carried forward from the previous statement (S-2)', input.carryIn.sources, start));
  }
  lines.push(...facts);
  let released = 0n;
  if (input.taxForm.onFile && heldIn !== 0n) {
    released = heldIn;
    lines.push(
      balanceLine('tax-hold-release', released, ['S-5'], 'tax form on file: amounts held on earlier statements released (S-5)', [...input.taxForm.sources, ...input.heldIn.sources], start),
    );
  }
  const balance = earned + carriedIn + released;
  const minimum = BigInt(terms.payout.minimumPayoutMinor);
  if (balance < minimum) {
    if (balance !== 0n) {
      const why = balance < 0n ? 'negative balance carried forward to offset later earnings (S-2)' : `below the minimum payout of ${minimum} minor units: carried to the next quarter (S-2)`;
      lines.push(balanceLine('carry-forward-out', -balance, ['S-2'], why, [], end));
    }
  } else if (!input.taxForm.onFile) {
    lines.push(balanceLine('tax-hold', -balance, ['S-5'], 'no tax form (W-9/W-8) on file: held, still owed (S-5)', input.taxForm.sources, end));
  }
  return { lines, totals: statementTotalsOf(lines, currency) };
}

/** Totals as sums of lines (T-2, A-2): recomputable from the lines alone. */
export function statementTotalsOf(lines: readonly StatementLine[], currency: string): StatementTotals {
  let licensesRevenue = 0n;
  let servicesRevenue = 0n;
  let licensesShare = 0n;
  let servicesShare = 0n;
  let memoRevenue = 0n;
  let carriedIn = 0n;
  let released = 0n;
  let held = 0n;
  let carriedOut = 0n;
  let payable = 0n;
  for (const line of lines) {
    const amount = BigInt(line.amount.amountMinor);
    const share = BigInt(line.share.amountMinor);
    payable += share;
    switch (line.kind) {
      case 'carry-forward-in':
        carriedIn += share;
        break;
      case 'tax-hold-release':
        released += share;
        break;
      case 'tax-hold':
        held -= share;
        break;
      case 'carry-forward-out':
        carriedOut -= share;
        break;
      case 'collection':
      case 'renewal':
      case 'refund':
      case 'chargeback':
      case 'adjustment':
      case 'clawback':
      case 'memo':
        if (line.kind === 'memo') memoRevenue += amount;
        if (line.category === 'licenses') {
          if (line.kind !== 'memo') licensesRevenue += amount;
          licensesShare += share;
        } else {
          if (line.kind !== 'memo') servicesRevenue += amount;
          servicesShare += share;
        }
        break;
      default:
        assertNever(line.kind, 'statement line kind');
    }
  }
  const earned = licensesShare + servicesShare;
  const m = (minor: bigint): MoneyJson => ({ amountMinor: minor.toString(), currency });
  return {
    licensesRevenue: m(licensesRevenue),
    servicesRevenue: m(servicesRevenue),
    licensesShare: m(licensesShare),
    servicesShare: m(servicesShare),
    memoRevenue: m(memoRevenue),
    earned: m(earned),
    carriedIn: m(carriedIn),
    released: m(released),
    balance: m(earned + carriedIn + released),
    payable: m(payable),
    carriedOut: m(carriedOut),
    held: m(held),
  };
}

/** Deterministic order: business date, then source position, then line id. */
export function compareLines(a: StatementLine, b: StatementLine): number {
  if (a.occurredOn !== b.occurredOn) return a.occurredOn < b.occurredOn ? -1 : 1;
  const pa = BigInt(a.sources[0]?.position ?? '0');
  const pb = BigInt(b.sources[0]?.position ?? '0');
  if (pa !== pb) return pa < pb ? -1 : 1;
  return a.lineId < b.lineId ? -1 : a.lineId > b.lineId ? 1 : 0;
}

function checkFactLines(lines: readonly StatementLine[]): void {
  for (const line of lines) {
    if (BALANCE_LINE_KINDS.includes(line.kind) || line.category === 'balance') {
      throw DomainError.validation([{ field: `lines[${line.lineId}]`, message: `balance line kind "${line.kind}" is computed, not an input` }], 'S-1');
    }
  }
}

/**
 * A-2, T-2: every line recomputes — share = amount × rate, half-up (balance lines: 100%) — is in the
 * statement currency, and has a unique id.
 */
export function assertLinesRecompute(lines: readonly StatementLine[], currency: string): void {
  const ids = new Set<string>();
  for (const line of lines) {
    const where = `lines[${line.lineId}]`;
    if (ids.has(line.lineId)) throw DomainError.validation([{ field: where, message: 'duplicate line id' }], 'S-1');
    ids.add(line.lineId);
    if (line.amount.currency !== currency || line.share.currency !== currency) {
      throw DomainError.validation([{ field: where, message: `currency mismatch: line in ${line.amount.currency}, statement in ${currency}` }], 'T-2');
    }
    if (!INTEGER_MINOR.test(String(line?.amount?.amountMinor)) || !INTEGER_MINOR.test(String(line?.share?.amountMinor)) || !Number.isSafeInteger(line.rateBp)) {
      throw DomainError.validation([{ field: where, message: 'amounts must be integer minor units as strings, the rate integer basis points' }], 'T-2');
    }
    const expected = minorUnits(shareOf(money(BigInt(line.amount.amountMinor), currency), line.rateBp));
    if (expected.toString() !== line.share.amountMinor) {
      throw DomainError.validation([{ field: where, message: `share ${line.share.amountMinor} is not amount × ${line.rateBp} bp half-up (${expected})` }], 'T-2');
    }
  }
}

function sumShares(lines: readonly StatementLine[]): bigint {
  return lines.reduce((total, line) => total + BigInt(line.share.amountMinor), 0n);
}

const INTEGER_MINOR = /^-?(0|[1-9][0-9]{0,17})$/;

function amountOf(json: MoneyJson, currency: string, field: string): bigint {
  if (json.currency !== currency || !INTEGER_MINOR.test(json.amountMinor)) {
    throw DomainError.validation([{ field, message: `must be integer minor units in ${currency}` }], 'T-2');
  }
  return BigInt(json.amountMinor);
}
