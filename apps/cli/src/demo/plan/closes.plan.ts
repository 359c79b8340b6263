/**
 * Quarter closes (S-3, C-3..C-5) on the fifth business day after each quarter: tier standing is
 * evaluated for every partner, then the statements are issued. Both are application operations
 * over the command bus's handlers with deterministic command ids. What follows depends on what
 * the ledger decided, so the close schedules it: partner-manager decisions on due ladder steps
 * (C-5) and each issued statement's confirmation, invoice and payment (S-4) — most on time, some
 * late, some not yet.
 */
import {
  ChangePartnerTierCommand,
  ConfirmStatementCommand,
  InvoiceStatementCommand,
  RecordLadderDecisionCommand,
  RecordStatementPaymentCommand,
  StandingQuarterCloseService,
  StandingQueryService,
  StatementIssuingService,
  type IssuedStatementSummary,
} from '@ledger/application';
import { partnerStreamId, quarterEnd, quarterStreamId, standingStreamId, statementStreamId, type LadderDecision } from '@ledger/domain';
import { Temporal } from 'temporal-polyfill';
import { commandAction, type DemoAction } from '../demo-schedule';
import { DEMO_QUARTERS, addWeekdays, instantOn, recordTimeOf } from '../demo-calendar';
import { Prng } from '../prng';
import { DEMO_ACTORS, type PlanContext } from './plan-context';

export function planQuarterCloses(ctx: PlanContext): void {
  for (const quarter of DEMO_QUARTERS) {
    const closeOn = addWeekdays(quarterEnd(quarter), 5);
    ctx.schedule.add({
      at: instantOn(closeOn, 12),
      key: quarterStreamId(quarter),
      id: `close:${quarter}`,
      actor: DEMO_ACTORS.finance,
      exclusive: true,
      run: async (env, meta) => {
        const standing = await env.app.get(StandingQuarterCloseService).close({ ...meta, commandId: `${meta.commandId}:standing` }, quarter);
        for (const refused of standing.refused) env.countRefusal('StandingQuarterClose', refused.ruleId, refused.message);
        const decisions = ladderDecisions(ctx, env.app.get(StandingQueryService), quarter, closeOn);
        const statements = await env.app.get(StatementIssuingService).closeQuarter({ ...meta, commandId: `${meta.commandId}:statements` }, quarter);
        for (const skipped of statements.skipped) if (skipped.ruleId !== 'S-2') env.countRefusal('IssueStatement', skipped.ruleId, skipped.reason);
        return [...decisions, ...statements.issued.flatMap((s) => statementLifecycle(ctx, quarter, closeOn, s))];
      },
    });
  }
}

const DECISION_FOR_STEP: Readonly<Record<string, LadderDecision>> = {
  warning: 'improvement-plan',
  'tier-review': 'tier-review-held',
  'realignment-or-suspension': 'tier-realigned',
};
const LOWER_TIER = { premier: 'certified', certified: 'referral' } as const;

/** C-5: a partner manager decides each due ladder step a few days after the close. */
function ladderDecisions(ctx: PlanContext, standing: StandingQueryService, quarter: string, closeOn: Temporal.PlainDate): DemoAction[] {
  const overview = standing.overview();
  const actions: DemoAction[] = [];
  for (const [step, rows] of Object.entries(overview.ladder)) {
    for (const row of rows) {
      if (row.quarter !== quarter || row.decision !== null) continue;
      const decision = DECISION_FOR_STEP[step]!;
      const on = addWeekdays(closeOn, 3);
      const decidedAt = instantOn(on, 10);
      actions.push(
        commandAction({
          at: decidedAt,
          key: standingStreamId(row.partnerId),
          id: `ladder:${row.partnerId}:${quarter}`,
          actor: DEMO_ACTORS.manager,
          command: (meta) =>
            new RecordLadderDecisionCommand(
              { partnerId: row.partnerId, quarter, decision, notes: `${step} after ${row.consecutiveQuartersBelow} quarter(s) below the CSAT minimum (C-5)`, decidedAt: decidedAt.toString() },
              meta,
            ),
        }),
      );
      if (decision === 'tier-realigned') actions.push(realignment(ctx, row.partnerId, quarter, on));
    }
  }
  return actions;
}

/** P-3: the realignment takes effect the day after the decision, one tier down. */
function realignment(ctx: PlanContext, partnerId: string, quarter: string, decidedOn: Temporal.PlainDate): DemoAction {
  const partner = ctx.partners.find((p) => p.partnerId === partnerId);
  const current = partner?.tiers[partner.tiers.length - 1]?.tier ?? 'certified';
  const toTier = current === 'referral' ? 'referral' : LOWER_TIER[current];
  partner?.tiers.push({ from: decidedOn.add({ days: 1 }), tier: toTier });
  return commandAction({
    at: recordTimeOf(decidedOn),
    key: partnerStreamId(partnerId),
    id: `partner:${partnerId}:realigned:${quarter}`,
    actor: DEMO_ACTORS.manager,
    command: (meta) =>
      new ChangePartnerTierCommand(
        { partnerId, toTier, effectiveFrom: decidedOn.add({ days: 1 }).toString(), reason: `Tier realignment after three quarters below the CSAT minimum (C-5, ${quarter})` },
        meta,
      ),
  });
}

/** S-4: the partner confirms and invoices; Results pays within 30 days of the quarter end — mostly. */
function statementLifecycle(ctx: PlanContext, quarter: string, closeOn: Temporal.PlainDate, s: IssuedStatementSummary): DemoAction[] {
  const rng = Prng.for(ctx.seed, `statement:${s.partnerId}:${quarter}`);
  const key = statementStreamId(s.partnerId, quarter);
  const partner = DEMO_ACTORS.partner(s.partnerId);
  const payable = BigInt(s.payable.amountMinor) > 0n;
  if (!rng.chance(payable ? 0.85 : 0.5)) return [];
  const confirmOn = addWeekdays(closeOn, rng.int(1, 6));
  const actions: DemoAction[] = [
    commandAction({
      at: recordTimeOf(confirmOn),
      key,
      id: `statement:${s.partnerId}:${quarter}:confirm`,
      actor: partner,
      actingPartnerId: s.partnerId,
      command: (meta) => new ConfirmStatementCommand({ partnerId: s.partnerId, quarter }, meta),
    }),
  ];
  if (!payable || !rng.chance(0.9)) return actions;
  const invoiceOn = addWeekdays(confirmOn, rng.int(1, 4));
  actions.push(
    commandAction({
      at: recordTimeOf(invoiceOn),
      key,
      id: `statement:${s.partnerId}:${quarter}:invoice`,
      actor: partner,
      actingPartnerId: s.partnerId,
      command: (meta) => new InvoiceStatementCommand({ partnerId: s.partnerId, quarter, invoiceNumber: `INV-${s.partnerId}-${quarter}`, amount: s.payable }, meta),
    }),
  );
  // S-4: due 30 days after the quarter end; about one payment in seven is late.
  const dueBy = quarterEnd(quarter).add({ days: 30 });
  const late = rng.chance(0.15);
  let payOn = late ? dueBy.add({ days: rng.int(3, 20) }) : addWeekdays(invoiceOn, rng.int(2, 8));
  if (!late && Temporal.PlainDate.compare(payOn, dueBy) > 0) payOn = Temporal.PlainDate.compare(dueBy, invoiceOn) > 0 ? dueBy : addWeekdays(invoiceOn, 1);
  const paidAt = instantOn(payOn, 11);
  actions.push(
    commandAction({
      at: paidAt,
      key,
      id: `statement:${s.partnerId}:${quarter}:payment`,
      actor: DEMO_ACTORS.finance,
      command: (meta) =>
        new RecordStatementPaymentCommand({ partnerId: s.partnerId, quarter, amount: s.payable, paidAt: paidAt.toString(), paymentReference: `ACH-${quarter}-${s.partnerId}` }, meta),
    }),
  );
  return actions;
}
