/**
 * Test support: an in-memory program ledger. Commands go through the real deciders (revenue,
 * renewal, quarter close, statement lifecycle); deal and partner events are recorded directly (their
 * deciders belong to another slice). Every event becomes a RecordedEvent with ascending positions
 * and is applied to the statements projection at once (with the runner's contract checks).
 */
import {
  DEFAULT_PROGRAM_TERMS,
  bookWith,
  opportunityStreamId,
  partnerStreamId,
  paymentStreamId,
  programTermsStreamId,
  quarterStreamId,
  renewalStreamId,
  statementStreamId,
  type Decider,
  type DomainEvent,
  type ProgramTerms,
  type ProgramTermsBook,
  type RenewalPlacer,
  type RevenueKind,
  type RevenueOrder,
  type StatementIssued,
  type StatementLine,
  type TaxForm,
  type Tier,
} from '@ledger/domain';
import { revenueDecider } from '@ledger/domain/revenue/revenue.decider';
import { renewalDecider } from '@ledger/domain/renewal/renewal.decider';
import { quarterCloseDecider } from '@ledger/domain/statement/quarter-close.decider';
import { statementDecider } from '@ledger/domain/statement/statement.decider';
import { calculateStatement } from '@ledger/domain/statement/statement-calculator';
import type { Json, RecordedEvent } from '@ledger/event-store';
import { applyToDocs } from '../../audit/replay-projection';
import { sha256Hex } from '../seal';
import { isStatementDue, linesOf, mapReader, prepareStatement } from '../statement-input';
import { DocMap } from '../../runner/doc-map';
import { partnerKey, type CustomerDoc, type StatementsDoc } from '../statement-docs';
import { createStatementsProjection } from '../statements.projection';

export const usd = (amountMinor: bigint | number | string) => ({ amountMinor: String(amountMinor), currency: 'USD' });

export interface At {
  /** Business time (ISO instant). */
  readonly at: string;
  /** Record time; defaults to the business time. */
  readonly recordedAt?: string;
}

export class ProgramLedger {
  readonly events: RecordedEvent[] = [];
  readonly docs = new DocMap<StatementsDoc>();
  readonly projection;
  private book: ProgramTermsBook = { versions: [] };
  private position = 0n;
  private readonly revisions = new Map<string, bigint>();
  private readonly streams = new Map<string, DomainEvent[]>();
  private commandCount = 0;

  constructor(options: { timeZone?: string; terms?: ProgramTerms | null } = {}) {
    this.projection = createStatementsProjection(options.timeZone ? { timeZone: options.timeZone } : {});
    if (options.terms !== null) this.amendTerms(options.terms ?? DEFAULT_PROGRAM_TERMS, { at: '2024-01-01T05:00:00Z' });
  }

  doc<T extends StatementsDoc>(key: string): T | undefined {
    return this.docs.get(key) as T | undefined;
  }

  /** The lines of a partner-quarter, in order (its `line:` documents). */
  lines(partnerId: string, quarter: string): StatementLine[] {
    return linesOf(mapReader(this.docs), partnerId, quarter).map((e) => e.line);
  }

  record(streamName: string, event: DomainEvent, time: At): RecordedEvent {
    const revision = (this.revisions.get(streamName) ?? -1n) + 1n;
    this.revisions.set(streamName, revision);
    this.position += 1n;
    const n = this.position.toString().padStart(4, '0');
    const recorded: RecordedEvent = {
      id: `evt-${n}`,
      type: event.type,
      data: event.data as Json,
      metadata: {
        correlationId: `corr-${n}`,
        causationId: `corr-${n}`,
        actor: 'test',
        commandId: `cmd-${n}`,
        occurredAt: time.at,
        recordedAt: time.recordedAt ?? time.at,
        schemaVersion: 1,
      },
      streamName,
      revision,
      position: this.position,
    };
    this.events.push(recorded);
    this.streams.set(streamName, [...(this.streams.get(streamName) ?? []), event]);
    applyToDocs(this.projection, this.docs, recorded);
    return recorded;
  }

  /** Runs a command through a decider on its stream and records the events it decides. */
  run<C, E extends DomainEvent, S, Ctx>(decider: Decider<C, E, S, Ctx>, streamName: string, command: (now: string) => C, context: Ctx, time: At): RecordedEvent[] {
    const now = time.recordedAt ?? time.at;
    const state = (this.streams.get(streamName) ?? []).reduce((s, e) => decider.evolve(s, e as E), decider.initialState());
    const events = decider.decide(command(now), state, context);
    return events.map((e) => this.record(streamName, e, time));
  }

  meta(now: string) {
    this.commandCount += 1;
    return { now, commandId: `c-${this.commandCount}`, actor: 'test' };
  }

  amendTerms(terms: ProgramTerms, time: At): RecordedEvent {
    this.book = bookWith(this.book, terms);
    return this.record(programTermsStreamId(), { type: 'ProgramTermsAmended', data: { terms, amendedBy: 'test', reason: 'test terms' } }, time);
  }

  enroll(partnerId: string, tier: Tier, opts: { country?: string; taxForm?: TaxForm | null; at?: string; tierEffectiveFrom?: string } = {}): RecordedEvent {
    const at = opts.at ?? '2025-01-02T15:00:00Z';
    return this.record(
      partnerStreamId(partnerId),
      {
        type: 'PartnerEnrolled',
        data: {
          partnerId,
          legalName: `${partnerId} LLC`,
          tier,
          staffCount: 6,
          country: opts.country ?? 'US',
          taxForm: opts.taxForm === undefined ? 'W-9' : opts.taxForm,
          enrolledAt: at,
          tierEffectiveFrom: opts.tierEffectiveFrom ?? at.slice(0, 10),
          termsVersion: '2024.1',
        },
      },
      { at },
    );
  }

  changeTier(partnerId: string, fromTier: Tier, toTier: Tier, effectiveFrom: string, time: At): RecordedEvent {
    return this.record(
      partnerStreamId(partnerId),
      { type: 'PartnerTierChanged', data: { partnerId, fromTier, toTier, effectiveFrom, reason: 'test', changedBy: 'pm', termsVersion: '2024.1' } },
      time,
    );
  }

  recordTaxForm(partnerId: string, taxForm: TaxForm, time: At): RecordedEvent {
    return this.record(partnerStreamId(partnerId), { type: 'PartnerTaxFormRecorded', data: { partnerId, taxForm, recordedAt: time.at } }, time);
  }

  grantBonus(partnerId: string, quarter: string, time: At): RecordedEvent {
    return this.record(
      partnerStreamId(partnerId),
      { type: 'PerformanceBonusGranted', data: { partnerId, quarter, grantedBy: 'pm', reason: 'top performer', grantedAt: time.at } },
      time,
    );
  }

  /** DealRegistered → DealRegistrationApproved → DealClosedWon on the opportunity stream (D-11). */
  win(customerKey: string, partnerId: string, opts: { at?: string; eligible?: boolean } = {}): RecordedEvent[] {
    const at = opts.at ?? '2025-02-01T15:00:00Z';
    const stream = opportunityStreamId(customerKey);
    const registrationId = `reg-${customerKey}-${partnerId}`;
    const usd0 = usd(5_000_000);
    return [
      this.record(
        stream,
        {
          type: 'DealRegistered',
          data: {
            registrationId,
            opportunityKey: customerKey,
            partnerId,
            companyName: customerKey,
            companyDomain: null,
            primaryContact: { name: 'Pat', email: 'pat@example.com' },
            estimatedArr: usd0,
            expectedCloseDate: '2025-03-01',
            description: 'deal',
            registeredAt: at,
            approvalDueBy: at,
            termsVersion: '2024.1',
          },
        },
        { at },
      ),
      this.record(
        stream,
        {
          type: 'DealRegistrationApproved',
          data: {
            registrationId,
            opportunityKey: customerKey,
            partnerId,
            approvedBy: 'pm',
            approvedAt: at,
            protectionStartsAt: at,
            protectionEndsAt: at,
            protectionLimitAt: at,
            approvedAfterSla: false,
            termsVersion: '2024.1',
          },
        },
        { at },
      ),
      this.record(
        stream,
        {
          type: 'DealClosedWon',
          data: {
            registrationId,
            opportunityKey: customerKey,
            partnerId,
            customerKey,
            closedAt: at,
            eligibleForCommission: opts.eligible ?? true,
            eligibilityReason: opts.eligible === false ? 'closed after protection lapsed' : 'approved and closed won while protected',
            ruleId: 'D-11',
          },
        },
        { at },
      ),
    ];
  }

  /** The partner the application would attribute (D-11): the customer's eligible won deal. */
  ownerOf(customerKey: string): string | null {
    return this.doc<CustomerDoc>(`customer:${customerKey}`)?.owner?.partnerId ?? null;
  }

  collect(
    paymentId: string,
    customerKey: string,
    amountMinor: bigint | number,
    time: At,
    opts: { kind?: RevenueKind; order?: RevenueOrder; partnerId?: string | null } = {},
  ): RecordedEvent[] {
    return this.run(
      revenueDecider,
      paymentStreamId(paymentId),
      (now) => ({
        type: 'CollectRevenue' as const,
        data: { paymentId, customerKey, revenueKind: opts.kind ?? 'license', order: opts.order ?? { type: 'initial' }, amount: usd(amountMinor), collectedAt: time.at },
        metadata: this.meta(now),
      }),
      { partnerId: opts.partnerId === undefined ? this.ownerOf(customerKey) : opts.partnerId, book: this.book },
      time,
    );
  }

  refund(paymentId: string, refundId: string, amountMinor: bigint | number, time: At): RecordedEvent[] {
    return this.run(
      revenueDecider,
      paymentStreamId(paymentId),
      (now) => ({ type: 'RefundRevenue' as const, data: { paymentId, refundId, amount: usd(amountMinor), refundedAt: time.at, reason: 'refund' }, metadata: this.meta(now) }),
      { partnerId: null, book: this.book },
      time,
    );
  }

  chargeback(paymentId: string, chargebackId: string, amountMinor: bigint | number, time: At): RecordedEvent[] {
    return this.run(
      revenueDecider,
      paymentStreamId(paymentId),
      (now) => ({
        type: 'RecordChargeback' as const,
        data: { paymentId, chargebackId, amount: usd(amountMinor), chargedBackAt: time.at, reason: 'dispute' },
        metadata: this.meta(now),
      }),
      { partnerId: null, book: this.book },
      time,
    );
  }

  placeRenewal(customerKey: string, year: number, placedBy: RenewalPlacer, orderValueMinor: bigint | number, time: At): RecordedEvent[] {
    return this.run(
      renewalDecider,
      renewalStreamId(customerKey),
      (now) => ({ type: 'PlaceRenewal' as const, data: { customerKey, year, orderValue: usd(orderValueMinor), placedBy, placedAt: time.at }, metadata: this.meta(now) }),
      { originalPartnerId: this.ownerOf(customerKey) },
      time,
    );
  }

  missRenewal(customerKey: string, year: number, time: At): RecordedEvent[] {
    return this.run(
      renewalDecider,
      renewalStreamId(customerKey),
      (now) => ({ type: 'RecordRenewalMissed' as const, data: { customerKey, year, missedAt: time.at }, metadata: this.meta(now) }),
      { originalPartnerId: this.ownerOf(customerKey) },
      time,
    );
  }

  closeQuarter(quarter: string, time: At): RecordedEvent[] {
    return this.run(
      quarterCloseDecider,
      quarterStreamId(quarter),
      (now) => ({ type: 'CloseQuarter' as const, data: { quarter, throughPosition: this.position.toString() }, metadata: this.meta(now) }),
      { book: this.book },
      time,
    );
  }

  /** The issuing service: for every partner with something due, compute and issue the statement. */
  issueStatements(quarter: string, time: At): RecordedEvent[] {
    const partnerIds = [...this.docs.keys()].filter((k) => k.startsWith('partner:')).map((k) => k.slice('partner:'.length)).sort();
    const issued: RecordedEvent[] = [];
    for (const partnerId of partnerIds) {
      const prepared = prepareStatement(mapReader(this.docs), partnerId, quarter);
      if (!isStatementDue(prepared)) continue;
      const computed = calculateStatement(prepared.input);
      issued.push(
        ...this.run(
          statementDecider,
          statementStreamId(partnerId, quarter),
          (now) => ({
            type: 'IssueStatement' as const,
            data: {
              partnerId,
              quarter,
              currency: prepared.input.currency,
              lines: computed.lines,
              totals: computed.totals,
              termsVersion: prepared.termsVersion,
              throughPosition: prepared.throughPosition,
            },
            metadata: this.meta(now),
          }),
          { quarterClosed: true, book: this.book, hash: sha256Hex },
          time,
        ),
      );
    }
    return issued;
  }

  closeAndIssue(quarter: string, time: At): RecordedEvent[] {
    this.closeQuarter(quarter, time);
    return this.issueStatements(quarter, time);
  }

  issuedStatement(partnerId: string, quarter: string): StatementIssued['data'] | undefined {
    const event = this.events.find((e) => e.type === 'StatementIssued' && e.streamName === statementStreamId(partnerId, quarter));
    return event?.data as unknown as StatementIssued['data'] | undefined;
  }

  /** Confirm, invoice and pay a statement through the lifecycle decider (S-4). */
  settle(partnerId: string, quarter: string, paidAt: string): RecordedEvent[] {
    const issued = this.issuedStatement(partnerId, quarter);
    if (!issued) throw new Error(`no statement of ${partnerId} for ${quarter}`);
    const stream = statementStreamId(partnerId, quarter);
    const ctx = { quarterClosed: true, book: this.book, hash: sha256Hex };
    const time = { at: paidAt };
    return [
      ...this.run(statementDecider, stream, (now) => ({ type: 'ConfirmStatement' as const, data: { partnerId, quarter }, metadata: this.meta(now) }), ctx, time),
      ...this.run(
        statementDecider,
        stream,
        (now) => ({ type: 'InvoiceStatement' as const, data: { partnerId, quarter, invoiceNumber: `INV-${partnerId}-${quarter}`, amount: issued.totals.payable }, metadata: this.meta(now) }),
        ctx,
        time,
      ),
      ...this.run(
        statementDecider,
        stream,
        (now) => ({
          type: 'RecordStatementPayment' as const,
          data: { partnerId, quarter, amount: issued.totals.payable, paidAt, paymentReference: `ACH-${partnerId}-${quarter}` },
          metadata: this.meta(now),
        }),
        ctx,
        time,
      ),
    ];
  }

  partnerIds(): string[] {
    return [...this.docs.keys()].filter((k) => k.startsWith('partner:')).map((k) => k.slice(partnerKey('').length));
  }
}
