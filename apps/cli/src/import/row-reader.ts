/**
 * Reads the cells of one CSV row into command data, collecting a violation per bad cell under the
 * CSV column's name. Only the CSV format is checked here (present, integer, decimal amount);
 * every business rule is left to the domain, whose violations the importer maps back to columns.
 */
import type { FieldViolation, MoneyJson } from '@ledger/domain';
import { isKnownCurrency } from '@ledger/domain';
import * as currencies from 'dinero.js/bigint/currencies';
import type { CsvRow } from './import-kind';

const DECIMAL = /^(0|[1-9][0-9]*)(\.[0-9]+)?$/;
const INTEGER = /^-?[0-9]{1,15}$/;

export class RowReader {
  readonly violations: FieldViolation[] = [];

  constructor(private readonly row: CsvRow) {}

  /** The trimmed cell; '' when empty or absent. */
  text(column: string): string {
    return (this.row[column] ?? '').trim();
  }

  required(column: string): string {
    const value = this.text(column);
    if (value === '') this.violations.push({ field: column, message: 'is required' });
    return value;
  }

  optional(column: string): string | undefined {
    const value = this.text(column);
    return value === '' ? undefined : value;
  }

  /** An integer cell; a non-integer is reported here (the domain checks the range). */
  integer(column: string): number {
    const value = this.required(column);
    if (value !== '' && !INTEGER.test(value)) this.violations.push({ field: column, message: `must be an integer (got "${value}")` });
    return INTEGER.test(value) ? Number(value) : Number.NaN;
  }

  /**
   * T-2: a decimal amount ("1234.56") in the currency of `currencyColumn`, converted exactly to
   * integer minor units — never through a float. At most as many decimals as the currency has.
   */
  money(amountColumn: string, currencyColumn: string): MoneyJson {
    const amount = this.required(amountColumn);
    const currency = this.required(currencyColumn).toUpperCase();
    const fail = (): MoneyJson => ({ amountMinor: '', currency });
    if (currency !== '' && !isKnownCurrency(currency)) {
      this.violations.push({ field: currencyColumn, message: `must be an ISO 4217 currency code such as USD (got "${currency}")` });
      return fail();
    }
    if (amount === '' || currency === '') return fail();
    const match = DECIMAL.exec(amount);
    if (!match) {
      this.violations.push({ field: amountColumn, message: `must be a decimal amount such as 1234.56, without sign or separators (got "${amount}")` });
      return fail();
    }
    const exponent = Number((currencies as unknown as Record<string, { exponent: number | bigint }>)[currency]!.exponent);
    const fraction = (match[2] ?? '.').slice(1);
    if (fraction.length > exponent) {
      this.violations.push({ field: amountColumn, message: `${currency} has ${exponent} decimal places (got "${amount}")` });
      return fail();
    }
    const minor = BigInt(match[1]!) * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, '0') || '0');
    return { amountMinor: minor.toString(), currency };
  }
}
