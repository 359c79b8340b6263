import { RefundRevenueCommand } from '@ledger/application';
import type { RefundRevenue } from '@ledger/domain';
import { importCommandId, type ImportKind } from '../import-kind';
import { RowReader } from '../row-reader';

/** refunds of collected payments (never more than was collected). */
export const refundsImport: ImportKind = {
  name: 'refunds',
  description: 'Refunds of collected payments (R-8)',
  ordered: false,
  columns: [
    { name: 'payment_id', required: true, description: 'the collected payment it refunds' },
    { name: 'refund_id', required: true, description: 'refund id, unique per payment' },
    { name: 'amount', required: true, description: 'decimal amount refunded, at most what is left of the payment (R-8)' },
    { name: 'currency', required: true, description: 'the payment’s currency (T-2)' },
    { name: 'refunded_at', required: true, description: 'ISO instant, not before the collection' },
    { name: 'reason', required: true, description: 'why' },
  ],
  fieldColumns: {
    paymentId: 'payment_id',
    refundId: 'refund_id',
    'amount.amountMinor': 'amount',
    'amount.currency': 'currency',
    amount: 'amount',
    refundedAt: 'refunded_at',
    reason: 'reason',
  },
  plan(row) {
    const r = new RowReader(row);
    const paymentId = r.required('payment_id');
    const refundId = r.required('refund_id');
    const data: RefundRevenue['data'] = {
      paymentId,
      refundId,
      amount: r.money('amount', 'currency'),
      refundedAt: r.required('refunded_at'),
      reason: r.required('reason'),
    };
    if (r.violations.length > 0) return { violations: r.violations };
    return {
      steps: [
        {
          commandId: importCommandId('refund', `${paymentId}:${refundId}`, data),
          key: `payment:${paymentId}`,
          at: data.refundedAt,
          command: (meta) => new RefundRevenueCommand(data, meta),
        },
      ],
    };
  },
};
