import { ApproveDealRegistrationCommand, CloseDealWonCommand, RegisterDealCommand } from '@ledger/application';
import { DomainError, opportunityKey, type RegisterDeal } from '@ledger/domain';
import { importCommandId, type ImportKind, type ImportStep } from '../import-kind';
import { RowReader } from '../row-reader';

/**
 * D-1..D-3, D-5, D-11: historical deal registrations, optionally with their approval and won
 * close. D-3: they keep their original timestamps and the whole file is applied in timestamp
 * order, so the first registration of an opportunity wins and later ones are recorded as
 * `DealRegistrationRejected`, exactly as if they had arrived live.
 */
export const registrationsImport: ImportKind = {
  name: 'registrations',
  description: 'Historical deal registrations, applied in registered_at order (D-3)',
  ordered: true,
  columns: [
    { name: 'registration_id', required: true, description: 'registration id, unique' },
    { name: 'partner_id', required: true, description: 'the registering partner (enrolled on registered_at)' },
    { name: 'company_name', required: true, description: 'customer company; with company_domain it gives the opportunity key (D-2)' },
    { name: 'company_domain', required: false, description: 'e.g. acme.com; when given, it is the opportunity key (D-2)' },
    { name: 'contact_name', required: true, description: 'primary contact name (D-1)' },
    { name: 'contact_email', required: true, description: 'primary contact email (D-1)' },
    { name: 'contact_phone', required: false, description: 'primary contact phone' },
    { name: 'estimated_arr', required: true, description: 'decimal amount, e.g. 48000.00 (D-1)' },
    { name: 'currency', required: true, description: 'ISO 4217, e.g. USD' },
    { name: 'expected_close_date', required: true, description: 'ISO date, not before the registration date (D-1)' },
    { name: 'description', required: true, description: 'opportunity description (D-1)' },
    { name: 'registered_at', required: false, description: 'ISO instant of the original registration; empty = now (D-3)' },
    { name: 'approved_at', required: false, description: 'ISO instant Results approved it; protection starts then (D-5)' },
    { name: 'closed_won_at', required: false, description: 'ISO instant the deal closed won (D-11: earns only when approved and protected then)' },
  ],
  fieldColumns: {
    registrationId: 'registration_id',
    partnerId: 'partner_id',
    companyName: 'company_name',
    companyDomain: 'company_domain',
    opportunityKey: 'company_name',
    'primaryContact': 'contact_name',
    'primaryContact.name': 'contact_name',
    'primaryContact.email': 'contact_email',
    'primaryContact.phone': 'contact_phone',
    estimatedArr: 'estimated_arr',
    'estimatedArr.amountMinor': 'estimated_arr',
    'estimatedArr.currency': 'currency',
    expectedCloseDate: 'expected_close_date',
    description: 'description',
    registeredAt: 'registered_at',
    approvedAt: 'approved_at',
    closedAt: 'closed_won_at',
  },
  plan(row) {
    const r = new RowReader(row);
    const registrationId = r.required('registration_id');
    const phone = r.optional('contact_phone');
    const registeredAt = r.optional('registered_at');
    const data: RegisterDeal['data'] = {
      registrationId,
      partnerId: r.required('partner_id'),
      companyName: r.required('company_name'),
      companyDomain: r.optional('company_domain') ?? null,
      primaryContact: { name: r.required('contact_name'), email: r.required('contact_email'), ...(phone ? { phone } : {}) },
      estimatedArr: r.money('estimated_arr', 'currency'),
      expectedCloseDate: r.required('expected_close_date'),
      description: r.required('description'),
      ...(registeredAt ? { registeredAt } : {}),
    };
    const approvedAt = r.optional('approved_at');
    const closedWonAt = r.optional('closed_won_at');
    if (r.violations.length > 0) return { violations: r.violations };
    let key: string;
    try {
      key = opportunityKey(data);
    } catch (error) {
      if (error instanceof DomainError) return { violations: error.violations };
      throw error;
    }
    const steps: ImportStep[] = [
      {
        commandId: importCommandId('registration', registrationId, data),
        key: `opportunity:${key}`,
        at: registeredAt ?? null,
        command: (meta) => new RegisterDealCommand(data, meta),
      },
    ];
    if (approvedAt) {
      const approval = { opportunityKey: key, registrationId, approvedAt };
      steps.push({
        commandId: importCommandId('registration-approval', registrationId, approval),
        key: `opportunity:${key}`,
        at: approvedAt,
        command: (meta) => new ApproveDealRegistrationCommand(approval, meta),
      });
    }
    if (closedWonAt) {
      const close = { opportunityKey: key, registrationId, closedAt: closedWonAt };
      steps.push({
        commandId: importCommandId('registration-won', registrationId, close),
        key: `opportunity:${key}`,
        at: closedWonAt,
        command: (meta) => new CloseDealWonCommand(close, meta),
      });
    }
    return { steps };
  },
};
