import { CollectRevenueCommand } from '@ledger/application';
import type { CollectRevenue, RevenueKind, RevenueOrder } from '@ledger/domain';
import { importCommandId, type ImportKind } from '../import-kind';
import { RowReader } from '../row-reader';

/** payments collected by the billing system; a repeated payment id is a no-op. */
export const collectionsImport: ImportKind = {
  name: 'collections',
  description: 'Collected payments (R-1, R-9)',
  ordered: false,
  columns: [
    { name: 'payment_id', required: true, description: 'external payment id; a payment id already collected is a no-op (R-9)' },
    { name: 'customer_key', required: true, description: 'the customer: the opportunity key of its deal (D-2), e.g. acme or acme.com' },
    { name: 'revenue_kind', required: true, description: 'license | results-services | partner-services (R-2, R-4, R-5)' },
    { name: 'contract_year', required: false, description: '1 (default) = the initial order; 2+ = that renewal year (R-6)' },
    { name: 'amount', required: true, description: 'decimal amount, e.g. 1250.00 (T-2)' },
    { name: 'currency', required: true, description: 'ISO 4217, the program currency (T-2)' },
    { name: 'collected_at', required: true, description: 'ISO instant the payment was collected (T-3)' },
  ],
  fieldColumns: {
    paymentId: 'payment_id',
    customerKey: 'customer_key',
    revenueKind: 'revenue_kind',
    order: 'contract_year',
    'order.type': 'contract_year',
    'order.year': 'contract_year',
    'amount.amountMinor': 'amount',
    'amount.currency': 'currency',
    collectedAt: 'collected_at',
  },
  plan(row) {
    const r = new RowReader(row);
    const paymentId = r.required('payment_id');
    const year = r.optional('contract_year') === undefined ? 1 : r.integer('contract_year');
    if (Number.isSafeInteger(year) && year < 1) r.violations.push({ field: 'contract_year', message: 'must be 1 (initial order) or a renewal year from 2 (R-6)' });
    const order: RevenueOrder = year === 1 ? { type: 'initial' } : { type: 'renewal', year };
    const data: CollectRevenue['data'] = {
      paymentId,
      customerKey: r.required('customer_key'),
      revenueKind: r.required('revenue_kind') as RevenueKind,
      order,
      amount: r.money('amount', 'currency'),
      collectedAt: r.required('collected_at'),
    };
    if (r.violations.length > 0) return { violations: r.violations };
    return {
      steps: [
        {
          commandId: importCommandId('collection', paymentId, data),
          key: `payment:${paymentId}`,
          at: data.collectedAt,
          command: (meta) => new CollectRevenueCommand(data, meta),
        },
      ],
    };
  },
};
