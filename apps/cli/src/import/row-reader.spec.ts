import { RowReader } from './row-reader';

describe('RowReader (CSV cells → command data)', () => {
  it('T-2: converts decimal amounts exactly to integer minor units, by the currency exponent', () => {
    const read = (amount: string, currency: string) => {
      const r = new RowReader({ amount, currency });
      return { money: r.money('amount', 'currency'), violations: r.violations };
    };
    expect(read('1234.56', 'USD')).toEqual({ money: { amountMinor: '123456', currency: 'USD' }, violations: [] });
    expect(read('0.1', 'usd')).toEqual({ money: { amountMinor: '10', currency: 'USD' }, violations: [] });
    expect(read('12', 'EUR')).toEqual({ money: { amountMinor: '1200', currency: 'EUR' }, violations: [] });
    expect(read('1500', 'JPY')).toEqual({ money: { amountMinor: '1500', currency: 'JPY' }, violations: [] });
    expect(read('0.005', 'BHD')).toEqual({ money: { amountMinor: '5', currency: 'BHD' }, violations: [] });
    // Far beyond float precision, still exact.
    expect(read('90071992547409.93', 'USD').money.amountMinor).toBe('9007199254740993');
  });

  it('refuses what is not a plain decimal amount, naming the column', () => {
    const messages = (amount: string, currency = 'USD') => {
      const r = new RowReader({ amount, currency });
      r.money('amount', 'currency');
      return r.violations;
    };
    expect(messages('12.345')).toEqual([{ field: 'amount', message: 'USD has 2 decimal places (got "12.345")' }]);
    expect(messages('1,000.00')[0]!.field).toBe('amount');
    expect(messages('-5.00')[0]!.message).toContain('without sign');
    expect(messages('1e3')[0]!.message).toContain('decimal amount');
    expect(messages('5', 'XYZ')).toEqual([{ field: 'currency', message: 'must be an ISO 4217 currency code such as USD (got "XYZ")' }]);
    expect(messages('', '')).toEqual([
      { field: 'amount', message: 'is required' },
      { field: 'currency', message: 'is required' },
    ]);
  });

  it('reads integers and required cells, trimming blanks', () => {
    const r = new RowReader({ staff: ' 7 ', year: '2.5', name: '  ' });
    expect(r.integer('staff')).toBe(7);
    expect(Number.isNaN(r.integer('year'))).toBe(true);
    expect(r.required('name')).toBe('');
    expect(r.optional('missing')).toBeUndefined();
    expect(r.violations).toEqual([
      { field: 'year', message: 'must be an integer (got "2.5")' },
      { field: 'name', message: 'is required' },
    ]);
  });
});
