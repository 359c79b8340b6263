/**
 * Deal registrations (D-1..D-11): thousands of opportunities over two years — approvals (a few
 * late, D-4), declines, extensions up to the D-7 limit, wins, losses, lapses (D-8) and
 * re-registrations, duplicates by other partners rejected under D-3, customer-preference
 * overrides (D-9) and inbound leads (D-10). The first opportunities are showcases, so every
 * scale has each story at least once.
 */
import {
  ApproveDealRegistrationCommand,
  CloseDealLostCommand,
  CloseDealWonCommand,
  DeclineDealRegistrationCommand,
  ExpireProtectionCommand,
  ExtendProtectionCommand,
  FlagOverdueApprovalsCommand,
  OverrideDealRegistrationCommand,
  RecordInboundLeadCommand,
  RegisterDealCommand,
} from '@ledger/application';
import { opportunityKey, opportunityStreamId, type Tier } from '@ledger/domain';
import { Temporal } from 'temporal-polyfill';
import { commandAction } from '../demo-schedule';
import { DEMO_LAST_BUSINESS_DAY, addWeekdays, daysBetween, instantOn, isAfter, localDateOf, recordTimeOf, weekdayOnOrAfter } from '../demo-calendar';
import { nameVariant, personName, slug, withLegalSuffix } from '../demo-names';
import { Prng } from '../prng';
import { planCustomer, type ClawbackShowcase, type RenewalShowcase } from './customers.plan';
import { DEMO_ACTORS, plannedTierOn, type PartnerPlan, type PlanContext } from './plan-context';
import { LADDER_PARTNER_INDEX, TAX_HOLD_PARTNER_INDEX } from './partners.plan';

type Outcome = 'won' | 'lost' | 'lapse';

interface Showcase {
  readonly partner: number;
  readonly registeredOn: string;
  readonly approval?: 'overdue' | 'declined';
  readonly duplicateBy?: number;
  readonly overrideTo?: number;
  readonly extensions?: number;
  readonly outcome?: Outcome;
  readonly reregisterBy?: number;
  readonly inbound?: boolean;
  readonly renewal?: RenewalShowcase;
  readonly clawback?: ClawbackShowcase;
  readonly alwaysSurveyed?: boolean;
}

/** One story per feature, on the first opportunities. */
const SHOWCASES: readonly Showcase[] = [
  { partner: 8, registeredOn: '2025-02-03', duplicateBy: 0, overrideTo: 7 }, // D-3 + D-9: the disputed opportunity
  { partner: 1, registeredOn: '2025-02-04', outcome: 'lapse', reregisterBy: 2 }, // D-8 then a new partner
  { partner: 8, registeredOn: '2025-02-05', extensions: 3, outcome: 'won', clawback: 'refund-next-quarter' }, // D-7, R-8
  { partner: LADDER_PARTNER_INDEX, registeredOn: '2025-02-06', outcome: 'won', alwaysSurveyed: true }, // C-5 ladder
  { partner: LADDER_PARTNER_INDEX, registeredOn: '2025-02-10', outcome: 'won', alwaysSurveyed: true },
  { partner: LADDER_PARTNER_INDEX, registeredOn: '2025-02-12', outcome: 'won', alwaysSurveyed: true },
  { partner: LADDER_PARTNER_INDEX, registeredOn: '2025-02-18', outcome: 'won', alwaysSurveyed: true },
  { partner: 3, registeredOn: '2025-02-07', approval: 'overdue', outcome: 'won', renewal: 'results' }, // D-4, R-7
  { partner: 4, registeredOn: '2025-02-11', approval: 'declined' }, // D-4
  { partner: 5, registeredOn: '2025-02-13', inbound: true, outcome: 'won', renewal: 'missed' }, // D-10, R-7
  { partner: TAX_HOLD_PARTNER_INDEX, registeredOn: '2025-02-14', outcome: 'won' }, // S-5
  { partner: TAX_HOLD_PARTNER_INDEX, registeredOn: '2025-02-20', outcome: 'won', renewal: 'partner' },
];

const LOST_REASONS = ['Chose a competitor', 'Budget frozen', 'Project cancelled', 'No decision', 'Went with an in-house build'];
const DECLINE_REASONS = ['Existing Results customer (D-4)', 'Not a qualified opportunity', 'Insufficient registration detail'];
const DESCRIPTIONS = ['ERP rollout', 'Analytics platform', 'Finance automation', 'Supply-chain visibility', 'Customer portal', 'HR suite migration'];
const OVERRIDE_REASONS = [
  'The customer asked to work with a partner that has a local office',
  'The customer asked to buy directly from Results',
  'The customer’s procurement requires its incumbent integrator',
];

export function planDeals(ctx: PlanContext): void {
  for (let i = 0; i < ctx.scale.opportunities; i++) planOpportunity(ctx, i, SHOWCASES[i]);
}

interface Registration {
  readonly registrationId: string;
  readonly partner: PartnerPlan;
  readonly key: string;
  readonly companyName: string;
  readonly companyDomain: string | null;
  readonly registeredAt: Temporal.Instant;
  readonly arrMinor: bigint;
}

function planOpportunity(ctx: PlanContext, index: number, showcase: Showcase | undefined): void {
  const rng = Prng.for(ctx.seed, `opportunity:${index}`);
  const base = ctx.companies.next(rng);
  const companyName = withLegalSuffix(rng, base);
  const companyDomain = rng.chance(0.4) ? `${slug(base)}.example` : null;
  const key = opportunityKey({ companyName, companyDomain });
  const registeredOn = showcase
    ? Temporal.PlainDate.from(showcase.registeredOn)
    : weekdayOnOrAfter(
        rng.chance(0.6)
          ? Temporal.PlainDate.from('2025-01-20').add({ days: rng.int(0, 345) })
          : Temporal.PlainDate.from('2026-01-02').add({ days: rng.int(0, 317) }),
      );
  const partner = showcase ? ctx.partners[showcase.partner]! : pickPartner(ctx, rng, registeredOn, []);
  if (!partner) return;
  const registration = register(ctx, rng, {
    id: `reg-${String(index + 1).padStart(5, '0')}`,
    partner,
    companyName,
    companyDomain,
    key,
    registeredOn,
  });
  runStory(ctx, rng, index, registration, showcase, false);
}

function pickPartner(ctx: PlanContext, rng: Prng, on: Temporal.PlainDate, exclude: readonly string[]): PartnerPlan | undefined {
  const weights: Record<Tier, number> = { referral: 1, certified: 3, premier: 6 };
  const day = on.toString();
  const eligible = ctx.partners
    .filter((p) => !exclude.includes(p.partnerId) && p.registersFrom <= day)
    .map((p) => [p, weights[plannedTierOn(p, on)!]] as const);
  return eligible.length === 0 ? undefined : rng.weighted(eligible);
}

function register(
  ctx: PlanContext,
  rng: Prng,
  r: { id: string; partner: PartnerPlan; companyName: string; companyDomain: string | null; key: string; registeredOn: Temporal.PlainDate },
): Registration {
  const registeredAt = instantOn(r.registeredOn, rng.int(9, 15), rng.int(0, 59));
  const tier = plannedTierOn(r.partner, r.registeredOn)!;
  const [low, high] = tier === 'referral' ? [20, 120] : tier === 'certified' ? [40, 300] : [100, 800];
  const arrMinor = BigInt(rng.int(low, high) * 500) * 100n;
  const contact = personName(rng);
  const emailDomain = r.companyDomain ?? `${slug(r.companyName)}.example`;
  const data = {
    registrationId: r.id,
    partnerId: r.partner.partnerId,
    companyName: r.companyName,
    companyDomain: r.companyDomain,
    primaryContact: { name: `${contact.first} ${contact.last}`, email: `${contact.first}.${contact.last}@${emailDomain}`.toLowerCase() },
    estimatedArr: { amountMinor: arrMinor.toString(), currency: 'USD' },
    expectedCloseDate: r.registeredOn.add({ days: rng.int(30, 120) }).toString(),
    description: `${rng.pick(DESCRIPTIONS)} for ${rng.int(20, 2000)} users`,
    registeredAt: registeredAt.toString(),
  };
  ctx.schedule.add(
    commandAction({
      at: registeredAt,
      key: opportunityStreamId(r.key),
      id: `deal:${r.id}:register`,
      actor: DEMO_ACTORS.partner(r.partner.partnerId),
      actingPartnerId: r.partner.partnerId,
      command: (meta) => new RegisterDealCommand(data, meta),
    }),
  );
  return { registrationId: r.id, partner: r.partner, key: r.key, companyName: r.companyName, companyDomain: r.companyDomain, registeredAt, arrMinor };
}

/** Everything that happens to a registration after it is submitted. */
function runStory(ctx: PlanContext, rng: Prng, index: number, reg: Registration, showcase: Showcase | undefined, isReregistration: boolean): void {
  const stream = opportunityStreamId(reg.key);
  const add = ctx.schedule.add.bind(ctx.schedule);
  const inWindow = (d: Temporal.PlainDate) => !isAfter(d, DEMO_LAST_BUSINESS_DAY);
  const registeredOn = localDateOf(reg.registeredAt);
  const { registrationId, key } = reg;

  // D-4: declined, approved late (flagged overdue first) or approved the next business day.
  const approval = showcase ? (showcase.approval ?? 'normal') : rng.weighted([['normal', 0.9], ['declined', 0.06], ['overdue', 0.04]] as const);
  if (approval === 'declined') {
    const on = addWeekdays(registeredOn, 1);
    const declinedAt = instantOn(on, 11);
    add(
      commandAction({
        at: declinedAt,
        key: stream,
        id: `deal:${registrationId}:decline`,
        actor: DEMO_ACTORS.manager,
        command: (meta) =>
          new DeclineDealRegistrationCommand({ opportunityKey: key, registrationId, reason: rng.pick(DECLINE_REASONS), declinedAt: declinedAt.toString() }, meta),
      }),
    );
    return;
  }
  let approvedOn = addWeekdays(registeredOn, 1);
  if (approval === 'overdue') {
    const flagOn = registeredOn.add({ days: 7 });
    add(
      commandAction({
        at: recordTimeOf(flagOn),
        key: stream,
        id: `deal:${registrationId}:overdue`,
        actor: DEMO_ACTORS.scheduler,
        command: (meta) => new FlagOverdueApprovalsCommand({ opportunityKey: key }, meta),
      }),
    );
    approvedOn = addWeekdays(flagOn, 1);
  }
  const approvedAt = instantOn(approvedOn, rng.int(9, 16));
  if (!inWindow(approvedOn)) return;
  add(
    commandAction({
      at: approvedAt,
      key: stream,
      id: `deal:${registrationId}:approve`,
      actor: DEMO_ACTORS.manager,
      command: (meta) => new ApproveDealRegistrationCommand({ opportunityKey: key, registrationId, approvedAt: approvedAt.toString() }, meta),
    }),
  );

  const dayAfterApproval = (n: number) => approvedOn.add({ days: n });

  // D-9: the customer asks for another partner or for Results directly.
  const override = showcase ? showcase.overrideTo !== undefined : !isReregistration && rng.chance(0.02);
  if (override) {
    const overrideOn = dayAfterApproval(showcase ? 20 : rng.int(5, 30));
    if (showcase?.duplicateBy !== undefined || (!showcase && rng.chance(0.5))) {
      planDuplicate(ctx, rng, reg, showcase?.duplicateBy, registeredOn.add({ days: 1 }), overrideOn);
    }
    const to = showcase?.overrideTo !== undefined ? ctx.partners[showcase.overrideTo] : rng.chance(0.6) ? pickPartner(ctx, rng, overrideOn, [reg.partner.partnerId]) : undefined;
    const newRegistrationId = to ? `${registrationId}-o` : null;
    const contact = personName(rng);
    if (!inWindow(overrideOn)) return;
    add(
      commandAction({
        at: recordTimeOf(overrideOn),
        key: stream,
        id: `deal:${registrationId}:override`,
        actor: DEMO_ACTORS.manager,
        command: (meta) =>
          new OverrideDealRegistrationCommand(
            {
              opportunityKey: key,
              registrationId,
              requestedBy: `${contact.first} ${contact.last}, CFO of ${reg.companyName}`,
              reason: to ? OVERRIDE_REASONS[0]! : OVERRIDE_REASONS[1]!,
              newPartnerId: to?.partnerId ?? null,
              newRegistrationId,
            },
            meta,
          ),
      }),
    );
    if (to && newRegistrationId) {
      const closeOn = overrideOn.add({ days: rng.int(5, 40) });
      planWon(ctx, rng, index, { ...reg, registrationId: newRegistrationId, partner: to }, closeOn, showcase);
    }
    return;
  }

  // D-6, D-7: extensions, each requested five days before protection would end.
  const extensions = showcase?.extensions ?? rng.weighted([[0, 0.6], [1, 0.22], [2, 0.12], [3, 0.06]] as const);
  const outcome: Outcome = showcase?.outcome ?? rng.weighted(isReregistration ? ([['won', 0.7], ['lost', 0.1], ['lapse', 0.2]] as const) : ([['won', 0.62], ['lost', 0.13], ['lapse', 0.25]] as const));
  const protectedDays = 45 * (extensions + 1);
  const lo = extensions === 0 ? 3 : 45 * (extensions - 1) + 41;
  const endOn = outcome === 'lapse' ? dayAfterApproval(protectedDays + 1) : dayAfterApproval(rng.int(lo, protectedDays - 2));

  // D-3: another partner registers the same company while it is pending or protected.
  if (showcase?.duplicateBy !== undefined || (!showcase && rng.chance(0.12))) {
    planDuplicate(ctx, rng, reg, showcase?.duplicateBy, registeredOn.add({ days: 1 }), endOn);
  }
  // D-10: the customer contacts Results directly while the registration is protected.
  if (showcase?.inbound || (!showcase && rng.chance(0.04))) {
    const on = dayAfterApproval(rng.int(2, Math.max(2, Math.min(20, daysBetween(approvedOn, endOn) - 1))));
    if (isAfter(endOn, on) && inWindow(on)) {
      const receivedAt = instantOn(on, 11);
      add(
        commandAction({
          at: receivedAt,
          key: stream,
          id: `deal:${registrationId}:inbound:${on}`,
          actor: DEMO_ACTORS.manager,
          command: (meta) => new RecordInboundLeadCommand({ opportunityKey: key, receivedAt: receivedAt.toString() }, meta),
        }),
      );
    }
  }
  for (let e = 1; e <= extensions; e++) {
    const on = dayAfterApproval(45 * (e - 1) + 40);
    if (!inWindow(on) || !isAfter(endOn, on)) break;
    add(
      commandAction({
        at: recordTimeOf(on),
        key: stream,
        id: `deal:${registrationId}:extend:${e}`,
        actor: DEMO_ACTORS.partner(reg.partner.partnerId),
        actingPartnerId: reg.partner.partnerId,
        command: (meta) =>
          new ExtendProtectionCommand(
            { opportunityKey: key, registrationId, progressNote: `Extension ${e}: ${rng.pick(['security review passed', 'pilot running', 'legal review of the MSA', 'budget approved, awaiting signature'])}` },
            meta,
          ),
      }),
    );
  }
  if (!inWindow(endOn)) return;
  switch (outcome) {
    case 'won':
      planWon(ctx, rng, index, reg, endOn, showcase);
      return;
    case 'lost': {
      const closedAt = instantOn(endOn, rng.int(9, 16));
      add(
        commandAction({
          at: closedAt,
          key: stream,
          id: `deal:${registrationId}:lost`,
          actor: DEMO_ACTORS.partner(reg.partner.partnerId),
          actingPartnerId: reg.partner.partnerId,
          command: (meta) => new CloseDealLostCommand({ opportunityKey: key, registrationId, reason: rng.pick(LOST_REASONS), closedAt: closedAt.toString() }, meta),
        }),
      );
      return;
    }
    case 'lapse': {
      add(
        commandAction({
          at: recordTimeOf(endOn),
          key: stream,
          id: `deal:${registrationId}:expire`,
          actor: DEMO_ACTORS.scheduler,
          command: (meta) => new ExpireProtectionCommand({ opportunityKey: key }, meta),
        }),
      );
      // D-8: the opportunity is open again; another partner may register it.
      if (!isReregistration && (showcase?.reregisterBy !== undefined || (!showcase && rng.chance(0.35)))) {
        const on = weekdayOnOrAfter(endOn.add({ days: rng.int(3, 40) }));
        const partner = showcase?.reregisterBy !== undefined ? ctx.partners[showcase.reregisterBy] : pickPartner(ctx, rng, on, [reg.partner.partnerId]);
        if (!partner || !inWindow(on)) return;
        const again = register(ctx, rng, {
          id: `${registrationId}-r`,
          partner,
          companyName: nameVariant(rng, reg.companyName),
          companyDomain: reg.companyDomain,
          key,
          registeredOn: on,
        });
        runStory(ctx, rng, index, again, showcase?.reregisterBy !== undefined ? { ...showcase, partner: showcase.reregisterBy, outcome: 'won', reregisterBy: undefined } : undefined, true);
      }
      return;
    }
  }
}

/** D-3: a later registration of the same company by another partner, rejected automatically. */
function planDuplicate(ctx: PlanContext, rng: Prng, reg: Registration, by: number | undefined, from: Temporal.PlainDate, before: Temporal.PlainDate): void {
  const span = daysBetween(from, before);
  if (span < 1) return;
  const on = from.add({ days: rng.int(0, span - 1) });
  if (isAfter(on, DEMO_LAST_BUSINESS_DAY)) return;
  const partner = by !== undefined ? ctx.partners[by] : pickPartner(ctx, rng, on, [reg.partner.partnerId]);
  if (!partner) return;
  register(ctx, rng, {
    id: `${reg.registrationId}-d`,
    partner,
    companyName: nameVariant(rng, reg.companyName),
    companyDomain: reg.companyDomain,
    key: reg.key,
    registeredOn: on,
  });
}

function planWon(ctx: PlanContext, rng: Prng, index: number, reg: Registration, closeOn: Temporal.PlainDate, showcase: Showcase | undefined): void {
  if (isAfter(closeOn, DEMO_LAST_BUSINESS_DAY)) return;
  const closedAt = instantOn(closeOn, rng.int(9, 16));
  const { registrationId, key } = reg;
  ctx.schedule.add(
    commandAction({
      at: closedAt,
      key: opportunityStreamId(key),
      id: `deal:${registrationId}:won`,
      actor: DEMO_ACTORS.partner(reg.partner.partnerId),
      actingPartnerId: reg.partner.partnerId,
      command: (meta) => new CloseDealWonCommand({ opportunityKey: key, registrationId, closedAt: closedAt.toString() }, meta),
    }),
  );
  planCustomer(ctx, {
    index,
    customerKey: key,
    partner: reg.partner,
    closedOn: closeOn,
    arrMinor: reg.arrMinor,
    renewal: showcase?.renewal,
    clawback: showcase?.clawback,
    alwaysSurveyed: showcase?.alwaysSurveyed ?? false,
  });
}
