import type { Tier } from '../program-terms/program-terms';

/**
 * What the survey, certification and NFR deciders need to know about a partner (P-2), supplied
 * by the application from the partner stream as decide context. `null` = unknown partner.
 * `tier` is the tier in force on the command's business date (P-3).
 */
export interface KnownPartner {
  readonly partnerId: string;
  readonly tier: Tier;
}
