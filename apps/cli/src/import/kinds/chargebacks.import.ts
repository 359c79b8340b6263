import { RecordChargebackCommand } from '@ledger/application';
import type { RecordChargeback } from '@ledger/domain';
import { importCommandId, type ImportKind } from '../import-kind';
import { RowReader } from '../row-reader';

/** chargebacks of collected payments. */
export const chargebacksImport: ImportKind = {
  name: 'chargebacks',
  description: 'Chargebacks of collected payments (R-8)',
  ordered: false,
  columns: [
    { name: 'payment_id', required: true, description: 'the collected payment charged back' },
    { name: 'chargeback_id', required: true, description: 'chargeback id, unique per payment' },
    { name: 'amount', required: true, description: 'decimal amount, at most what is left of the payment (R-8)' },
    { name: 'currency', required: true, description: 'the payment’s currency (T-2)' },
    { name: 'charged_back_at', required: true, description: 'ISO instant, not before the collection' },
    { name: 'reason', required: true, description: 'why' },
  ],
  fieldColumns: {
    paymentId: 'payment_id',
    chargebackId: 'chargeback_id',
    'amount.amountMinor': 'amount',
    'amount.currency': 'currency',
    amount: 'amount',
    chargedBackAt: 'charged_back_at',
    reason: 'reason',
  },
  plan(row) {
    const r = new RowReader(row);
    const paymentId = r.required('payment_id');
    const chargebackId = r.required('chargeback_id');
    const data: RecordChargeback['data'] = {
      paymentId,
      chargebackId,
      amount: r.money('amount', 'currency'),
      chargedBackAt: r.required('charged_back_at'),
      reason: r.required('reason'),
    };
    if (r.violations.length > 0) return { violations: r.violations };
    return {
      steps: [
        {
          commandId: importCommandId('chargeback', `${paymentId}:${chargebackId}`, data),
          key: `payment:${paymentId}`,
          at: data.chargedBackAt,
          command: (meta) => new RecordChargebackCommand(data, meta),
        },
      ],
    };
  },
};
