/**
 * Partners (P-1..P-3, R-3, S-5) and their certification and NFR licenses (C-6, C-7): 60 %
 * referral, 30 % certified, 10 % premier; most enrol in January 2025, the rest join over the
 * following eighteen months; some grow into a higher tier; some have no tax form on file yet.
 */
import {
  ChangePartnerTierCommand,
  CompleteCertificationTrainingCommand,
  EnrolCertificationCommand,
  EnrolPartnerCommand,
  GrantNfrLicensesCommand,
  GrantPerformanceBonusCommand,
  RecordExamAttemptCommand,
  RecordTaxFormCommand,
  RenewNfrLicensesCommand,
  ReportStaffCountCommand,
} from '@ledger/application';
import {
  certificationStreamId,
  nfrStreamId,
  partnerStreamId,
  quarterEnd,
  quarterStart,
  type TaxForm,
  type Tier,
} from '@ledger/domain';
import { Temporal } from 'temporal-polyfill';
import { commandAction } from '../demo-schedule';
import { DEMO_FIRST_DAY, DEMO_LAST_BUSINESS_DAY, DEMO_QUARTERS, addWeekdays, instantOn, isAfter, recordTimeOf, weekdayOnOrAfter } from '../demo-calendar';
import { partnerName } from '../demo-names';
import { Prng } from '../prng';
import { DEMO_ACTORS, plannedTierOn, type PartnerPlan, type PlanContext } from './plan-context';

const COUNTRIES = ['CA', 'GB', 'DE', 'FR', 'SE', 'NL', 'AU', 'JP', 'BR', 'IN', 'ES', 'IE'];

/** Showcase roles, by partner index (every scale has at least 20 partners). */
export const LADDER_PARTNER_INDEX = 6; // certified, poor survey results → C-5 ladder
export const TAX_HOLD_PARTNER_INDEX = 9; // premier, no tax form until 2026-Q2 → S-5 hold, then release

export function planPartners(ctx: PlanContext): void {
  for (let i = 0; i < ctx.scale.partners; i++) {
    const partner = planPartner(ctx, i);
    ctx.partners.push(partner);
  }
  planPerformanceBonuses(ctx);
}

function tierOfIndex(i: number): Tier {
  const slot = i % 10;
  return slot < 6 ? 'referral' : slot < 9 ? 'certified' : 'premier';
}

function planPartner(ctx: PlanContext, index: number): PartnerPlan {
  const rng = Prng.for(ctx.seed, `partner:${index}`);
  const partnerId = `p-${String(index + 1).padStart(4, '0')}`;
  const tier = tierOfIndex(index);
  const showcase = index === LADDER_PARTNER_INDEX || index === TAX_HOLD_PARTNER_INDEX || index < 10;
  const founding = showcase || rng.chance(0.7);
  const enrolledOn = founding
    ? addWeekdays(DEMO_FIRST_DAY, rng.int(0, 15))
    : weekdayOnOrAfter(Temporal.PlainDate.from('2025-02-03').add({ days: rng.int(0, 500) }));
  const country = rng.chance(0.7) ? 'US' : rng.pick(COUNTRIES);
  const properForm: TaxForm = country === 'US' ? 'W-9' : 'W-8';
  const withoutForm = index === TAX_HOLD_PARTNER_INDEX || (!showcase && rng.chance(0.12));
  const staff = tier === 'referral' ? rng.int(1, 4) : tier === 'certified' ? rng.int(2, 12) : rng.int(5, 40);
  const quality =
    index === LADDER_PARTNER_INDEX ? 0.55 : tier !== 'referral' && !showcase && rng.chance(0.08) ? 0.6 + rng.next() * 0.2 : 0.9 + rng.next() * 0.09;
  const legalName = partnerName(rng, index);
  const registersFrom = enrolledOn.add({ days: 3 }).toString();
  const plan: PartnerPlan = { index, partnerId, legalName, country, enrolledOn, registersFrom, quality, tiers: [{ from: enrolledOn, tier }] };
  const stream = partnerStreamId(partnerId);
  const manager = DEMO_ACTORS.manager;

  ctx.schedule.add(
    commandAction({
      at: instantOn(enrolledOn, 10),
      key: stream,
      id: `partner:${partnerId}:enrol`,
      actor: manager,
      command: (meta) =>
        new EnrolPartnerCommand(
          { partnerId, legalName, tier, staffCount: staff, country, taxForm: withoutForm ? null : properForm, enrolledAt: instantOn(enrolledOn, 10).toString() },
          meta,
        ),
    }),
  );

  // S-5: half of the partners without a form file it later (held payouts are then released).
  if (withoutForm && (index === TAX_HOLD_PARTNER_INDEX || rng.chance(0.5))) {
    const filedOn = index === TAX_HOLD_PARTNER_INDEX ? Temporal.PlainDate.from('2026-04-15') : weekdayOnOrAfter(enrolledOn.add({ days: rng.int(60, 400) }));
    if (!isAfter(filedOn, DEMO_LAST_BUSINESS_DAY)) {
      ctx.schedule.add(
        commandAction({
          at: recordTimeOf(filedOn),
          key: stream,
          id: `partner:${partnerId}:tax-form`,
          actor: DEMO_ACTORS.finance,
          command: (meta) => new RecordTaxFormCommand({ partnerId, taxForm: properForm }, meta),
        }),
      );
    }
  }

  if (tier !== 'referral') {
    planCertification(ctx, rng, plan, addWeekdays(enrolledOn, 1));
    planNfr(ctx, rng, plan, addWeekdays(enrolledOn, 2));
  }

  // P-3: some partners grow into the next tier.
  const upgrade =
    !showcase &&
    ((tier === 'referral' && Temporal.PlainDate.compare(enrolledOn, Temporal.PlainDate.from('2025-09-30')) <= 0 && rng.chance(0.1)) ||
      (tier === 'certified' && Temporal.PlainDate.compare(enrolledOn, Temporal.PlainDate.from('2025-06-30')) <= 0 && rng.chance(0.08)));
  if (upgrade) {
    const toTier: Tier = tier === 'referral' ? 'certified' : 'premier';
    const on = weekdayOnOrAfter(enrolledOn.add({ days: rng.int(120, 400) }));
    if (!isAfter(on, Temporal.PlainDate.from('2026-06-30'))) {
      const newStaff = toTier === 'certified' ? rng.int(3, 8) : rng.int(6, 15);
      const effectiveFrom = on.add({ days: 1 });
      ctx.schedule.add(
        commandAction({
          at: instantOn(on, 9),
          key: stream,
          id: `partner:${partnerId}:staff:${on}`,
          actor: manager,
          command: (meta) => new ReportStaffCountCommand({ partnerId, staffCount: newStaff, reportedAt: instantOn(on, 9).toString() }, meta),
        }),
      );
      ctx.schedule.add(
        commandAction({
          at: recordTimeOf(on),
          key: stream,
          id: `partner:${partnerId}:tier:${toTier}`,
          actor: manager,
          command: (meta) =>
            new ChangePartnerTierCommand(
              { partnerId, toTier, effectiveFrom: effectiveFrom.toString(), reason: `Grew to ${newStaff} staff and moved up to ${toTier} (P-1)` },
              meta,
            ),
        }),
      );
      plan.tiers.push({ from: effectiveFrom, tier: toTier });
      if (tier === 'referral') {
        planCertification(ctx, rng, plan, addWeekdays(effectiveFrom, 1));
        planNfr(ctx, rng, plan, addWeekdays(effectiveFrom, 2));
      }
    }
  }
  return plan;
}

/** C-6: enrol, train within 90 days (a few late: enrol again), pass the exam within 3 attempts (most). */
function planCertification(ctx: PlanContext, rng: Prng, partner: PartnerPlan, enrolOn: Temporal.PlainDate, recertification = false): void {
  const { partnerId } = partner;
  const stream = certificationStreamId(partnerId);
  const manager = DEMO_ACTORS.manager;
  let enrolment = enrolOn;
  let round = 0;
  for (;;) {
    const tag = `${partnerId}:${enrolment}`;
    const late = !recertification && round === 0 && partner.index !== LADDER_PARTNER_INDEX && rng.chance(0.05);
    const trainedOn = weekdayOnOrAfter(enrolment.add({ days: late ? rng.int(95, 110) : rng.int(10, 70) }));
    if (isAfter(trainedOn, DEMO_LAST_BUSINESS_DAY)) return;
    const enrolledAt = instantOn(enrolment, 11);
    ctx.schedule.add(
      commandAction({
        at: enrolledAt,
        key: stream,
        id: `certification:${tag}:enrol`,
        actor: manager,
        command: (meta) => new EnrolCertificationCommand({ partnerId, enrolledAt: enrolledAt.toString() }, meta),
      }),
    );
    const completedAt = instantOn(trainedOn, 15);
    ctx.schedule.add(
      commandAction({
        at: completedAt,
        key: stream,
        id: `certification:${tag}:training`,
        actor: manager,
        command: (meta) => new CompleteCertificationTrainingCommand({ partnerId, completedAt: completedAt.toString() }, meta),
      }),
    );
    if (late) {
      // C-6: training after the 90-day deadline closes the enrolment; the partner enrols again.
      enrolment = addWeekdays(trainedOn, 3);
      round++;
      continue;
    }
    let examOn = trainedOn;
    let passedOn: Temporal.PlainDate | null = null;
    for (let attempt = 1; attempt <= 3; attempt++) {
      examOn = addWeekdays(examOn, attempt === 1 ? rng.int(3, 10) : rng.int(7, 15));
      if (isAfter(examOn, DEMO_LAST_BUSINESS_DAY)) return;
      const passChance = recertification ? 0.95 : attempt === 1 ? 0.8 : attempt === 2 ? 0.75 : 0.6;
      const passes = rng.chance(passChance);
      const score = passes ? rng.int(80, 98) : rng.int(55, 79);
      const attemptedAt = instantOn(examOn, 14);
      ctx.schedule.add(
        commandAction({
          at: attemptedAt,
          key: stream,
          id: `certification:${tag}:exam:${attempt}`,
          actor: manager,
          command: (meta) => new RecordExamAttemptCommand({ partnerId, scorePercent: score, attemptedAt: attemptedAt.toString() }, meta),
        }),
      );
      if (passes) {
        passedOn = examOn;
        break;
      }
    }
    // C-6: certifications last 24 months; most partners recertify before expiry.
    if (passedOn !== null) {
      const validUntil = passedOn.add({ months: 24 });
      const recertifyOn = weekdayOnOrAfter(validUntil.subtract({ days: 75 }));
      if (!isAfter(recertifyOn, Temporal.PlainDate.from('2026-11-20')) && rng.chance(0.6)) planCertification(ctx, rng, partner, recertifyOn, true);
    }
    return;
  }
}

/** C-7: NFR licenses for certified and premier partners, renewed every six months. */
function planNfr(ctx: PlanContext, rng: Prng, partner: PartnerPlan, grantOn: Temporal.PlainDate): void {
  const { partnerId } = partner;
  const stream = nfrStreamId(partnerId);
  const grantedAt = instantOn(grantOn, 12);
  ctx.schedule.add(
    commandAction({
      at: grantedAt,
      key: stream,
      id: `nfr:${partnerId}:grant:${grantOn}`,
      actor: DEMO_ACTORS.manager,
      command: (meta) => new GrantNfrLicensesCommand({ partnerId, grantedAt: grantedAt.toString() }, meta),
    }),
  );
  for (let until = grantOn.add({ months: 6 }); ; until = until.add({ months: 6 })) {
    const renewOn = weekdayOnOrAfter(until.subtract({ days: rng.int(5, 12) }));
    if (isAfter(renewOn, DEMO_LAST_BUSINESS_DAY)) return;
    const renewedAt = instantOn(renewOn, 12);
    ctx.schedule.add(
      commandAction({
        at: renewedAt,
        key: stream,
        id: `nfr:${partnerId}:renew:${renewOn}`,
        actor: DEMO_ACTORS.manager,
        command: (meta) => new RenewNfrLicensesCommand({ partnerId, renewedAt: renewedAt.toString() }, meta),
      }),
    );
  }
}

/** partner managers grant the performance bonus to a few partners each quarter. */
function planPerformanceBonuses(ctx: PlanContext): void {
  for (const quarter of DEMO_QUARTERS) {
    const start = quarterStart(quarter);
    for (const partner of ctx.partners) {
      const rng = Prng.for(ctx.seed, `bonus:${quarter}:${partner.partnerId}`);
      const on = addWeekdays(start, rng.int(10, 40));
      if (isAfter(partner.enrolledOn, on.subtract({ days: 1 })) || isAfter(on, quarterEnd(quarter))) continue;
      const tier = plannedTierOn(partner, on);
      const chance = tier === 'premier' ? 0.2 : tier === 'certified' ? 0.1 : 0.04;
      if (!rng.chance(chance)) continue;
      ctx.schedule.add(
        commandAction({
          at: recordTimeOf(on),
          key: partnerStreamId(partner.partnerId),
          id: `partner:${partner.partnerId}:bonus:${quarter}`,
          actor: DEMO_ACTORS.manager,
          command: (meta) =>
            new GrantPerformanceBonusCommand({ partnerId: partner.partnerId, quarter, reason: `Exceeded the ${quarter} new-business target (R-3)` }, meta),
        }),
      );
    }
  }
}
