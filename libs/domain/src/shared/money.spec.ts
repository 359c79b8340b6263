import fc from 'fast-check';
import { money, shareOf, minorUnits, moneyFromJson, moneyToJson, plus, formatMoney } from './money';
import { DomainError } from './domain-error';

describe('money (T-2)', () => {
  it('computes a basis-point share half-up to the cent', () => {
    expect(minorUnits(shareOf(money(5_000_000n, 'USD'), 3000))).toBe(1_500_000n); // $50K × 30% = $15K
    expect(minorUnits(shareOf(money(5n, 'USD'), 5000))).toBe(3n); // 2.5¢ → 3¢ (half-up)
    expect(minorUnits(shareOf(money(4n, 'USD'), 3750))).toBe(2n); // 1.5¢ → 2¢
    expect(minorUnits(shareOf(money(3n, 'USD'), 3333))).toBe(1n); // 0.9999¢ → 1¢
  });

  it('is symmetric for reversals so a full refund cancels the original share (R-8)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: 0, max: 10_000 }), (amount, bp) => {
        const share = minorUnits(shareOf(money(amount, 'USD'), bp));
        const reversal = minorUnits(shareOf(money(-amount, 'USD'), bp));
        expect(share + reversal).toBe(0n);
        expect(typeof share).toBe('bigint');
      }),
    );
  });

  it('round-trips JSON as integer strings and rejects floats and exponents', () => {
    expect(moneyToJson(moneyFromJson({ amountMinor: '-12345', currency: 'USD' }))).toEqual({ amountMinor: '-12345', currency: 'USD' });
    for (const bad of ['1.5', '1e5', '', ' 1', '0x10', '1234567890123456789']) {
      expect(() => moneyFromJson({ amountMinor: bad, currency: 'USD' })).toThrow(DomainError);
    }
    expect(() => moneyFromJson({ amountMinor: '1', currency: 'XXQ' })).toThrow(/unknown currency/);
  });

  it('refuses to add different currencies (T-2: never a silent conversion)', () => {
    expect(() => plus(money(1n, 'USD'), money(1n, 'EUR'))).toThrow(/currency mismatch/);
  });

  it('formats for humans', () => {
    expect(formatMoney(money(123_456_789n, 'USD'))).toBe('USD 1,234,567.89');
    expect(formatMoney(money(-5n, 'USD'))).toBe('-USD 0.05');
  });
});
