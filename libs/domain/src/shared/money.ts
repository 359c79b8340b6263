/**
 * Money (T-2): dinero.js v2 over bigint, integer minor units, integer basis-point rates.
 * No floating point ever touches an amount. In events and JSON, money is
 * `{ amountMinor: "<integer string>", currency: "USD" }` so bigint survives serialisation.
 */
import {
  add,
  dinero,
  haveSameCurrency,
  isNegative,
  isZero,
  multiply,
  subtract,
  toSnapshot,
  transformScale,
  halfUp,
  type Dinero,
} from 'dinero.js/bigint';
import * as currencies from 'dinero.js/bigint/currencies';
import { DomainError } from './domain-error';

export type Money = Dinero<bigint>;
export type BasisPoints = number;

export interface MoneyJson {
  readonly amountMinor: string;
  readonly currency: string;
}

const BP_SCALE = 4n; // 1 bp = 0.0001

type CurrencyTable = Record<string, (typeof currencies)['USD']>;
const currencyTable = currencies as unknown as CurrencyTable;

export function isKnownCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && currencyTable[code] !== undefined;
}

export function money(amountMinor: bigint, currencyCode: string): Money {
  const currency = currencyTable[currencyCode];
  if (!currency || !/^[A-Z]{3}$/.test(currencyCode)) {
    throw DomainError.validation([{ field: 'currency', message: `unknown currency "${currencyCode}"` }], 'T-2');
  }
  return dinero({ amount: amountMinor, currency });
}

export function zeroMoney(currencyCode: string): Money {
  return money(0n, currencyCode);
}

const INTEGER = /^-?(0|[1-9][0-9]{0,17})$/;

/** Parses `{ amountMinor, currency }`; rejects floats, exponents and oversize values. */
export function moneyFromJson(json: MoneyJson, field = 'amount'): Money {
  if (typeof json?.amountMinor !== 'string' || !INTEGER.test(json.amountMinor)) {
    throw DomainError.validation(
      [{ field: `${field}.amountMinor`, message: 'must be an integer number of minor units (as a string), at most 18 digits' }],
      'T-2',
    );
  }
  return money(BigInt(json.amountMinor), json.currency);
}

export function moneyToJson(m: Money): MoneyJson {
  const snap = toSnapshot(normalize(m));
  return { amountMinor: snap.amount.toString(), currency: snap.currency.code };
}

/** Amount in the currency's minor units (scale = currency exponent). */
export function minorUnits(m: Money): bigint {
  return toSnapshot(normalize(m)).amount;
}

export function currencyOf(m: Money): string {
  return toSnapshot(m).currency.code;
}

function normalize(m: Money): Money {
  const snap = toSnapshot(m);
  return snap.scale === snap.currency.exponent ? m : transformScale(m, snap.currency.exponent, halfUp);
}

function assertSameCurrency(a: Money, b: Money): void {
  if (!haveSameCurrency([a, b])) {
    throw DomainError.validation(
      [{ field: 'currency', message: `currency mismatch: ${currencyOf(a)} vs ${currencyOf(b)}` }],
      'T-2',
    );
  }
}

export function plus(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return add(a, b);
}

export function minus(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return subtract(a, b);
}

export function negate(m: Money): Money {
  return multiply(m, -1n);
}

export function sum(amounts: Iterable<Money>, currencyCode: string): Money {
  let total = zeroMoney(currencyCode);
  for (const a of amounts) total = plus(total, a);
  return total;
}

/**
 * `amount × rate` rounded half-up to the cent (T-2), symmetric for negative amounts so a
 * full reversal exactly cancels the original share: share(-x) = -share(x).
 */
export function shareOf(amount: Money, rateBp: BasisPoints): Money {
  if (!Number.isSafeInteger(rateBp) || rateBp < 0) {
    throw DomainError.validation([{ field: 'rateBp', message: 'rate must be a non-negative integer of basis points' }], 'T-2');
  }
  const negative = isNegative(amount);
  const magnitude = negative ? negate(amount) : amount;
  const raw = multiply(magnitude, { amount: BigInt(rateBp), scale: BP_SCALE });
  const rounded = transformScale(raw, toSnapshot(amount).currency.exponent, halfUp);
  return negative ? negate(rounded) : rounded;
}

export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  assertSameCurrency(a, b);
  const x = minorUnits(a);
  const y = minorUnits(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isZeroMoney(m: Money): boolean {
  return isZero(m);
}

export function isNegativeMoney(m: Money): boolean {
  return isNegative(m);
}

/** "$1,234.56" style rendering for humans; never used for arithmetic. */
export function formatMoney(m: Money): string {
  const minor = minorUnits(m);
  const exp = Number(toSnapshot(m).currency.exponent);
  const neg = minor < 0n;
  const digits = (neg ? -minor : minor).toString().padStart(exp + 1, '0');
  const whole = digits.slice(0, digits.length - exp).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const frac = exp > 0 ? `.${digits.slice(digits.length - exp)}` : '';
  return `${neg ? '-' : ''}${currencyOf(m)} ${whole}${frac}`;
}
