import type { ImportKind } from './import-kind';
import { chargebacksImport } from './kinds/chargebacks.import';
import { collectionsImport } from './kinds/collections.import';
import { partnersImport } from './kinds/partners.import';
import { refundsImport } from './kinds/refunds.import';
import { registrationsImport } from './kinds/registrations.import';
import { renewalsImport } from './kinds/renewals.import';
import { surveysImport } from './kinds/surveys.import';

/** Every `ledger import <kind>`, in the order a historical load runs them. */
export const IMPORT_KINDS: readonly ImportKind[] = [
  partnersImport,
  registrationsImport,
  collectionsImport,
  refundsImport,
  chargebacksImport,
  renewalsImport,
  surveysImport,
];

export function importKind(name: string): ImportKind | undefined {
  return IMPORT_KINDS.find((k) => k.name === name);
}
