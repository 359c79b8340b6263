/**
 * the chain of events behind a statement line — the collection (or refund, chargeback), the
 * DealRegistered / approval / DealClosedWon that made the customer eligible (D-11), the tier in
 * force (P-3), the bonus grant, the renewal chain, the terms version (T-1) — each
 * checked against the recorded event (same type, stream, revision and position), and the line's
 * share recomputed from its amount and rate (T-2), with who recorded each event and when.
 */
import { formatMoney, minorUnits, money, moneyFromJson, shareOf, type MoneyJson, type SourceRef, type StatementLine } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';

export type EventLookup = (eventId: string) => RecordedEvent | undefined;

export type ExplanationRole =
  | 'collection'
  | 'refund'
  | 'chargeback'
  | 'registration'
  | 'approval'
  | 'closed-won'
  | 'tier'
  | 'bonus'
  | 'renewal-placed'
  | 'renewal-chain-broken'
  | 'terms'
  | 'tax-form'
  | 'previous-statement'
  | 'other';

export interface ExplanationStep {
  readonly role: ExplanationRole;
  readonly ref: SourceRef;
  /** The recorded event, or null when the log does not have it. */
  readonly event: RecordedEvent | null;
  /** The recorded event has the type, stream, revision and position the line cites. */
  readonly consistent: boolean;
  readonly summary: string;
  /** who recorded it, under which command and correlation, and its two times (T-3). */
  readonly recorded: {
    readonly actor: string;
    readonly commandId: string;
    readonly correlationId: string;
    readonly causationId: string;
    readonly occurredAt: string;
    readonly recordedAt: string;
  } | null;
}

export interface LineExplanation {
  readonly lineId: string;
  readonly kind: StatementLine['kind'];
  readonly ruleIds: readonly string[];
  readonly termsVersion: string;
  readonly rateBp: number;
  readonly amount: MoneyJson;
  readonly share: MoneyJson;
  /** T-2: amount × rate, half-up. */
  readonly recomputedShare: MoneyJson;
  readonly shareRecomputes: boolean;
  readonly steps: readonly ExplanationStep[];
  /** Event ids cited by the line but missing from, or different in, the log. */
  readonly problems: readonly string[];
  readonly complete: boolean;
}

export function explainLine(line: StatementLine, lookup: EventLookup): LineExplanation {
  const recomputed = minorUnits(shareOf(money(BigInt(line.amount.amountMinor), line.amount.currency), line.rateBp));
  const steps = line.sources.map((ref): ExplanationStep => {
    const event = lookup(ref.eventId) ?? null;
    const consistent =
      event !== null &&
      event.type === ref.type &&
      event.streamName === ref.streamName &&
      event.revision.toString() === ref.revision &&
      event.position.toString() === ref.position;
    const recorded = event
      ? {
          actor: event.metadata.actor,
          commandId: event.metadata.commandId,
          correlationId: event.metadata.correlationId,
          causationId: event.metadata.causationId,
          occurredAt: event.metadata.occurredAt,
          recordedAt: event.metadata.recordedAt,
        }
      : null;
    return { role: roleOf(ref.type), ref, event, consistent, summary: event ? summarize(event) : `event ${ref.eventId} not found`, recorded };
  });
  const problems = steps.filter((s) => !s.consistent).map((s) => s.ref.eventId);
  const shareRecomputes = recomputed.toString() === line.share.amountMinor;
  return {
    lineId: line.lineId,
    kind: line.kind,
    ruleIds: line.ruleIds,
    termsVersion: line.termsVersion,
    rateBp: line.rateBp,
    amount: line.amount,
    share: line.share,
    recomputedShare: { amountMinor: recomputed.toString(), currency: line.share.currency },
    shareRecomputes,
    steps,
    problems,
    complete: problems.length === 0 && shareRecomputes,
  };
}

function roleOf(type: string): ExplanationRole {
  switch (type) {
    case 'RevenueCollected':
      return 'collection';
    case 'RevenueRefunded':
      return 'refund';
    case 'ChargebackRecorded':
      return 'chargeback';
    case 'DealRegistered':
      return 'registration';
    case 'DealRegistrationApproved':
    case 'DealRegistrationOverridden':
      return 'approval';
    case 'DealClosedWon':
      return 'closed-won';
    case 'PartnerEnrolled':
    case 'PartnerTierChanged':
      return 'tier';
    case 'PerformanceBonusGranted':
      return 'bonus';
    case 'RenewalPlaced':
      return 'renewal-placed';
    case 'RenewalChainBroken':
      return 'renewal-chain-broken';
    case 'ProgramTermsAmended':
      return 'terms';
    case 'PartnerTaxFormRecorded':
      return 'tax-form';
    case 'StatementIssued':
      return 'previous-statement';
    default:
      return 'other';
  }
}

function summarize(event: RecordedEvent): string {
  const d = event.data as Record<string, unknown>;
  const amount = (v: unknown) => formatMoney(moneyFromJson(v as MoneyJson));
  switch (event.type) {
    case 'RevenueCollected':
      return `${amount(d.amount)} collected on payment ${String(d.paymentId)} at ${String(d.collectedAt)}`;
    case 'RevenueRefunded':
      return `${amount(d.amount)} refunded (${String(d.refundId)}) at ${String(d.refundedAt)}`;
    case 'ChargebackRecorded':
      return `${amount(d.amount)} charged back (${String(d.chargebackId)}) at ${String(d.chargedBackAt)}`;
    case 'DealRegistered':
      return `registration ${String(d.registrationId)} by ${String(d.partnerId)} at ${String(d.registeredAt)}`;
    case 'DealRegistrationApproved':
      return `registration ${String(d.registrationId)} approved at ${String(d.approvedAt)}`;
    case 'DealRegistrationOverridden':
      return `registration ${String(d.registrationId)} overridden for ${String(d.newPartnerId)} at ${String(d.overriddenAt)}`;
    case 'DealClosedWon':
      return `closed won at ${String(d.closedAt)}: ${String(d.eligibilityReason)}`;
    case 'PartnerEnrolled':
      return `${String(d.partnerId)} enrolled as ${String(d.tier)} from ${String(d.tierEffectiveFrom)}`;
    case 'PartnerTierChanged':
      return `${String(d.partnerId)} ${String(d.fromTier)} → ${String(d.toTier)} from ${String(d.effectiveFrom)}`;
    case 'PerformanceBonusGranted':
      return `performance bonus granted for ${String(d.quarter)}`;
    case 'RenewalPlaced':
      return `year-${String(d.year)} renewal placed`;
    case 'RenewalChainBroken':
      return `renewal chain broken at year ${String(d.year)} (${String(d.reason)})`;
    case 'ProgramTermsAmended':
      return `program terms ${String((d.terms as { version?: unknown } | undefined)?.version)}`;
    case 'PartnerTaxFormRecorded':
      return `tax form ${String(d.taxForm)} recorded`;
    case 'StatementIssued':
      return `statement ${String(d.statementId)} issued`;
    default:
      return event.type;
  }
}
