import { PlaceRenewalCommand, RecordRenewalMissedCommand } from '@ledger/application';
import type { PlaceRenewal, RecordRenewalMissed } from '@ledger/domain';
import { importCommandId, type ImportKind, type ImportStep } from '../import-kind';
import { RowReader } from '../row-reader';

/** renewal orders placed (by the partner, by Results, by another partner) or missed. */
export const renewalsImport: ImportKind = {
  name: 'renewals',
  description: 'Renewal orders placed or missed (R-6, R-7)',
  ordered: false,
  columns: [
    { name: 'customer_key', required: true, description: 'the customer (its opportunity key, D-2)' },
    { name: 'year', required: true, description: 'contract year of the renewal, 2+' },
    { name: 'outcome', required: false, description: 'placed (default) | missed (R-7)' },
    { name: 'placed_by', required: false, description: 'placed: the partner id that placed the order, or "results" (R-7)' },
    { name: 'order_value', required: false, description: 'placed: decimal renewal order value, licenses + services (R-6)' },
    { name: 'currency', required: false, description: 'placed: ISO 4217 (T-2)' },
    { name: 'occurred_at', required: true, description: 'ISO instant the order was placed, or the renewal was recorded as missed' },
  ],
  fieldColumns: {
    customerKey: 'customer_key',
    year: 'year',
    'orderValue.amountMinor': 'order_value',
    'orderValue.currency': 'currency',
    'placedBy.type': 'placed_by',
    'placedBy.partnerId': 'placed_by',
    placedBy: 'placed_by',
    placedAt: 'occurred_at',
    missedAt: 'occurred_at',
  },
  plan(row) {
    const r = new RowReader(row);
    const customerKey = r.required('customer_key');
    const year = r.integer('year');
    const outcome = r.optional('outcome') ?? 'placed';
    const at = r.required('occurred_at');
    const key = `renewal:${customerKey}`;
    if (outcome === 'missed') {
      if (r.violations.length > 0) return { violations: r.violations };
      const data: RecordRenewalMissed['data'] = { customerKey, year, missedAt: at };
      const step: ImportStep = {
        commandId: importCommandId('renewal-missed', `${customerKey}:${year}`, data),
        key,
        at,
        command: (meta) => new RecordRenewalMissedCommand(data, meta),
      };
      return { steps: [step] };
    }
    if (outcome !== 'placed') r.violations.push({ field: 'outcome', message: `must be placed or missed (got "${outcome}")` });
    const placer = r.required('placed_by');
    const data: PlaceRenewal['data'] = {
      customerKey,
      year,
      orderValue: r.money('order_value', 'currency'),
      placedBy: placer.toLowerCase() === 'results' ? { type: 'results' } : { type: 'partner', partnerId: placer },
      placedAt: at,
    };
    if (r.violations.length > 0) return { violations: r.violations };
    return {
      steps: [
        {
          commandId: importCommandId('renewal', `${customerKey}:${year}`, data),
          key,
          at,
          command: (meta) => new PlaceRenewalCommand(data, meta),
        },
      ],
    };
  },
};
