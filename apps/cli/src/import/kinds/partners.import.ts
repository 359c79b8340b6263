import { EnrolPartnerCommand } from '@ledger/application';
import type { TaxForm } from '@ledger/domain';
import { importCommandId, type ImportKind } from '../import-kind';
import { RowReader } from '../row-reader';

/** P-1, P-2: enrol partners (historical enrolment dates allowed). */
export const partnersImport: ImportKind = {
  name: 'partners',
  description: 'Enrol partners (P-1, P-2)',
  ordered: false,
  columns: [
    { name: 'partner_id', required: true, description: 'partner id: letters, digits, "_" or "-"' },
    { name: 'legal_name', required: true, description: 'legal name' },
    { name: 'tier', required: true, description: 'referral | certified | premier' },
    { name: 'staff_count', required: true, description: 'integer; certified needs 2+, premier 5+ (P-1)' },
    { name: 'country', required: true, description: 'ISO 3166-1 alpha-2, e.g. US' },
    { name: 'tax_form', required: false, description: 'W-9 (US) or W-8 (elsewhere); empty = none on file yet (S-5)' },
    { name: 'enrolled_at', required: false, description: 'ISO instant; empty = now' },
  ],
  fieldColumns: {
    partnerId: 'partner_id',
    legalName: 'legal_name',
    tier: 'tier',
    staffCount: 'staff_count',
    country: 'country',
    taxForm: 'tax_form',
    enrolledAt: 'enrolled_at',
  },
  plan(row) {
    const r = new RowReader(row);
    const partnerId = r.required('partner_id');
    const data = {
      partnerId,
      legalName: r.required('legal_name'),
      tier: r.required('tier'),
      staffCount: r.integer('staff_count'),
      country: r.required('country').toUpperCase(),
      taxForm: (r.optional('tax_form')?.toUpperCase() ?? null) as TaxForm | null,
      ...(r.optional('enrolled_at') ? { enrolledAt: r.text('enrolled_at') } : {}),
    };
    if (r.violations.length > 0) return { violations: r.violations };
    return {
      steps: [
        {
          commandId: importCommandId('partner', partnerId, data),
          key: `partner:${partnerId}`,
          at: data.enrolledAt ?? null,
          command: (meta) => new EnrolPartnerCommand(data, meta),
        },
      ],
    };
  },
};
