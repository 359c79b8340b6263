/** What the demo planners share: the seed, the scale, the schedule and the partners planned so far. */
import type { Tier } from '@ledger/domain';
import { Temporal } from 'temporal-polyfill';
import type { DemoSchedule } from '../demo-schedule';
import type { DemoScale } from '../demo-scale';
import { CompanyNames } from '../demo-names';

export interface PartnerPlan {
  readonly index: number;
  readonly partnerId: string;
  readonly legalName: string;
  readonly country: string;
  readonly enrolledOn: Temporal.PlainDate;
  /** ISO date from which the partner registers deals (three days after enrolment). */
  readonly registersFrom: string;
  /** Probability that a survey rating is 4 or 5 stars (C-2). */
  readonly quality: number;
  /** Planned tier periods, oldest first (ladder realignments decided at run time are not here). */
  readonly tiers: { readonly from: Temporal.PlainDate; readonly tier: Tier }[];
}

export interface PlanContext {
  readonly seed: number;
  readonly scale: DemoScale;
  readonly schedule: DemoSchedule;
  readonly partners: PartnerPlan[];
  readonly companies: CompanyNames;
}

/** who issues each demo command. */
export const DEMO_ACTORS = {
  manager: 'demo:partner-manager',
  finance: 'demo:finance',
  billing: 'demo:billing-system',
  scheduler: 'demo:scheduler',
  partner: (partnerId: string) => `demo:partner:${partnerId}`,
} as const;

export function plannedTierOn(partner: PartnerPlan, date: Temporal.PlainDate): Tier | null {
  let tier: Tier | null = null;
  for (const period of partner.tiers) if (Temporal.PlainDate.compare(period.from, date) <= 0) tier = period.tier;
  return tier;
}

export function newPlanContext(seed: number, scale: DemoScale, schedule: DemoSchedule): PlanContext {
  return { seed, scale, schedule, partners: [], companies: new CompanyNames() };
}
