/** Renewal commands. */
import type { DomainCommand } from '../shared/decider';
import type { MoneyJson } from '../shared/money';
import type { RenewalPlacer } from './renewal.events';

export type PlaceRenewal = DomainCommand<
  'PlaceRenewal',
  {
    readonly customerKey: string;
    /** Contract year of the renewal order, 2+. */
    readonly year: number;
    readonly orderValue: MoneyJson;
    readonly placedBy: RenewalPlacer;
    /** Business time the order was placed (ISO instant). */
    readonly placedAt: string;
  }
>;

/** no renewal order was placed for this year. */
export type RecordRenewalMissed = DomainCommand<
  'RecordRenewalMissed',
  { readonly customerKey: string; readonly year: number; readonly missedAt: string }
>;

export type RenewalCommand = PlaceRenewal | RecordRenewalMissed;
