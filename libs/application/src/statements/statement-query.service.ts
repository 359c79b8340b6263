import { Inject, Injectable } from '@nestjs/common';
import {
  DomainError,
  calculateStatement,
  compareQuarters,
  isQuarterId,
  quarterEnd,
  statementDecider,
  statementStreamId,
  termsInForce,
  type SourceRef,
  type StatementCalculationInput,
  type StatementConfirmed,
  type StatementInvoiced,
  type StatementLine,
  type StatementPaid,
  type StatementTotals,
} from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import {
  CALENDAR_KEY,
  form1099Threshold,
  linesKey,
  partnerKey,
  linesOf,
  prepareStatement,
  readModelReader,
  sourceRefOf,
  statementKey,
  statementsProjection,
  taxYearKey,
  type CalendarDoc,
  type LedgerEntry,
  type LinesDoc,
  type PartnerDoc,
  type PreparedStatement,
  type ReadModelDatabase,
  type StatementDoc,
  type StatementsDoc,
  type TaxYearDoc,
} from '@ledger/projections';
import { loadStream } from '../command-path/handle-command';
import { EVENT_STORE, READ_MODELS } from '../nest/tokens';
import { ProgramTermsService } from '../program-terms/program-terms.service';

export type StatementStatus = 'open' | 'closed' | 'issued' | 'confirmed' | 'invoiced' | 'paid';

/** One partner-quarter statement (S-1): issued (from its StatementIssued event) or a preview. */
export interface StatementView {
  readonly statementId: string;
  readonly partnerId: string;
  readonly quarter: string;
  /** `open`: the quarter is not closed; `closed`: closed, no statement issued (nothing was due); else the lifecycle (S-4). */
  readonly status: StatementStatus;
  /** True when not issued: computed now from the current lines; it may still change (S-3). */
  readonly preview: boolean;
  readonly currency: string;
  readonly termsVersion: string;
  readonly throughPosition: string | null;
  readonly lines: readonly StatementLine[];
  readonly totals: StatementTotals;
  readonly seal: string | null;
  readonly issuedAt: string | null;
  readonly dueBy: string | null;
  /** The StatementIssued event. */
  readonly issuedEvent: SourceRef | null;
  readonly confirmed: StatementConfirmed['data'] | null;
  readonly invoiced: StatementInvoiced['data'] | null;
  /** S-4: with the late flag. */
  readonly paid: StatementPaid['data'] | null;
}

export interface StatementListEntry {
  readonly statementId: string;
  readonly quarter: string;
  readonly status: StatementStatus;
  readonly lineCount: number;
  /** Issued statements only (open quarters: see the statement's preview). */
  readonly payable: StatementDoc['payable'] | null;
  readonly held: StatementDoc['held'] | null;
  readonly carriedOut: StatementDoc['carriedOut'] | null;
  readonly seal: string | null;
  readonly dueBy: string | null;
  readonly late: boolean | null;
}

export interface TaxYearView {
  readonly partnerId: string;
  readonly year: number;
  readonly country: string | null;
  readonly paid: TaxYearDoc['paid'];
  readonly payments: TaxYearDoc['payments'];
  /** S-6: the threshold in force for the payment year (effective-dated terms, T-1). */
  readonly thresholdMinor: string;
  readonly flagged1099: boolean;
  readonly ruleId: 'S-6';
}

const PAGE_SIZE = 500;

/**
 * S-1..S-6 views. An issued statement is read from its own stream (the log, strongly consistent);
 * an open one is a preview over the statements read model (eventually consistent).
 */
@Injectable()
export class StatementQueryService {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModelDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly terms: ProgramTermsService,
  ) {}

  /** The statement of a partner for a quarter; null when there is neither a statement nor a line. */
  async statement(partnerId: string, quarter: string): Promise<StatementView | null> {
    requireQuarter(quarter);
    const statementId = statementStreamId(partnerId, quarter);
    const { state, events } = await loadStream(this.store, statementId, statementDecider);
    if (state.issued) {
      const issued = state.issued;
      const issuedEvent = events.find((e) => e.type === 'StatementIssued')!;
      return {
        statementId,
        partnerId,
        quarter,
        status: state.paid ? 'paid' : state.invoiced ? 'invoiced' : state.confirmed ? 'confirmed' : 'issued',
        preview: false,
        currency: issued.currency,
        termsVersion: issued.termsVersion,
        throughPosition: issued.throughPosition,
        lines: issued.lines,
        totals: issued.totals,
        seal: issued.seal,
        issuedAt: issued.issuedAt,
        dueBy: issued.dueBy,
        issuedEvent: sourceRefOf(issuedEvent),
        confirmed: state.confirmed,
        invoiced: state.invoiced,
        paid: state.paid,
      };
    }
    return this.preview(partnerId, quarter);
  }

  /** Every statement (issued or with lines) of a partner, oldest quarter first; null for an unknown partner. */
  statementsOf(partnerId: string): { partnerId: string; statements: StatementListEntry[] } | null {
    if (!this.partner(partnerId)?.enrolled) return null;
    const byQuarter = new Map<string, StatementListEntry>();
    for (const lines of this.docs<LinesDoc>(linesKey(partnerId, ''), 'lines', (d) => d.partnerId === partnerId)) {
      byQuarter.set(lines.quarter, {
        statementId: statementStreamId(partnerId, lines.quarter),
        quarter: lines.quarter,
        status: this.isClosed(lines.quarter) ? 'closed' : 'open',
        lineCount: lines.lineCount,
        payable: null,
        held: null,
        carriedOut: null,
        seal: null,
        dueBy: null,
        late: null,
      });
    }
    for (const doc of this.docs<StatementDoc>(statementKey(partnerId, ''), 'statement', (d) => d.partnerId === partnerId)) {
      byQuarter.set(doc.quarter, {
        statementId: doc.statementId,
        quarter: doc.quarter,
        status: doc.status,
        lineCount: byQuarter.get(doc.quarter)?.lineCount ?? 0,
        payable: doc.payable,
        held: doc.held,
        carriedOut: doc.carriedOut,
        seal: doc.seal,
        dueBy: doc.dueBy,
        late: doc.paid?.late ?? null,
      });
    }
    return { partnerId, statements: [...byQuarter.values()].sort((a, b) => compareQuarters(a.quarter, b.quarter)) };
  }

  /** S-6: payments of a calendar year and the 1099 flag; null for an unknown partner. */
  async taxYear(partnerId: string, year: number): Promise<TaxYearView | null> {
    if (!Number.isSafeInteger(year) || year < 1900 || year > 9999) {
      throw DomainError.validation([{ field: 'year', message: 'must be a calendar year like 2026' }], 'S-6');
    }
    const partner = this.partner(partnerId);
    if (!partner?.enrolled) return null;
    const doc = this.readModels.getDoc<StatementsDoc>(statementsProjection.name, taxYearKey(partnerId, year));
    if (doc?.kind === 'tax-year') {
      const { kind: _kind, ...view } = doc;
      return view;
    }
    const terms = termsInForce(await this.terms.book(), `${year}-12-31`);
    return {
      partnerId,
      year,
      country: partner.country,
      paid: { amountMinor: '0', currency: terms.currency },
      payments: [],
      thresholdMinor: form1099Threshold(terms.payout.form1099Thresholds, year).toString(),
      flagged1099: false,
      ruleId: 'S-6',
    };
  }

  /** Not issued: the current lines with the balance lines computed as if it were issued now. */
  private async preview(partnerId: string, quarter: string): Promise<StatementView | null> {
    // One read snapshot: the partner, the summary and the line documents agree even when an external
    // projector commits meanwhile (ADR 0009).
    const read = this.readModels.snapshot(() => {
      const reader = readModelReader(this.readModels, statementsProjection.name);
      const partner = reader.get(partnerKey(partnerId)) as PartnerDoc | undefined;
      const lines = reader.get(linesKey(partnerId, quarter)) as LinesDoc | undefined;
      if (!partner?.enrolled || !lines) return null;
      const closed = this.isClosed(quarter);
      // A closed quarter: exactly what issuing would compute, as of the cut (S-3). Otherwise (or when
      // issuing would refuse, e.g. an earlier statement is still due) the lines as they stand now.
      let prepared: PreparedStatement | null = null;
      if (closed) {
        try {
          prepared = prepareStatement(reader, partnerId, quarter);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
        }
      }
      return { partner, closed, prepared, entries: prepared ? [] : linesOf(reader, partnerId, quarter) };
    });
    if (!read) return null;
    const { partner, closed, prepared, entries } = read;
    const input = prepared?.input ?? (await this.openInput(partner, entries, quarter));
    const throughPosition = prepared?.throughPosition ?? null;
    const computed = calculateStatement(input);
    return {
      statementId: statementStreamId(partnerId, quarter),
      partnerId,
      quarter,
      status: closed ? 'closed' : 'open',
      preview: true,
      currency: input.currency,
      termsVersion: input.terms.version,
      throughPosition,
      lines: computed.lines,
      totals: computed.totals,
      seal: null,
      issuedAt: null,
      dueBy: null,
      issuedEvent: null,
      confirmed: null,
      invoiced: null,
      paid: null,
    };
  }

  /** S-2/S-5 as they stand now: the balance carried out of the latest earlier statement, held amounts, the tax form. */
  private async openInput(partner: PartnerDoc, entries: readonly LedgerEntry[], quarter: string): Promise<StatementCalculationInput> {
    const terms = termsInForce(await this.terms.book(), quarterEnd(quarter));
    const zero = { amount: { amountMinor: '0', currency: terms.currency }, sources: [] };
    const last = partner.lastStatement;
    return {
      partnerId: partner.partnerId,
      quarter,
      currency: terms.currency,
      lines: entries.map((e) => e.line),
      carryIn: last && compareQuarters(last.quarter, quarter) < 0 ? { amount: last.carriedOut, sources: [last.source] } : zero,
      heldIn: partner.held ?? zero,
      taxForm: { onFile: partner.taxForm !== null, sources: partner.taxForm ? [partner.taxForm.onFileSince] : partner.enrolled ? [partner.enrolled] : [] },
      terms,
    };
  }

  private partner(partnerId: string): PartnerDoc | undefined {
    const doc = this.readModels.getDoc<StatementsDoc>(statementsProjection.name, partnerKey(partnerId));
    return doc?.kind === 'partner' ? doc : undefined;
  }

  private isClosed(quarter: string): boolean {
    const calendar = this.readModels.getDoc<StatementsDoc>(statementsProjection.name, CALENDAR_KEY) as CalendarDoc | undefined;
    return !!calendar?.closed[quarter];
  }

  private *docs<D extends StatementsDoc>(prefix: string, kind: D['kind'], keep: (doc: D) => boolean): Generator<D> {
    let after: string | undefined;
    for (;;) {
      const page = this.readModels.listDocs<StatementsDoc>(statementsProjection.name, prefix, { limit: PAGE_SIZE, after });
      for (const { doc } of page) if (doc.kind === kind && keep(doc as D)) yield doc as D;
      if (page.length < PAGE_SIZE) return;
      after = page[page.length - 1]!.key;
    }
  }
}

function requireQuarter(quarter: string): void {
  if (!isQuarterId(quarter)) throw DomainError.validation([{ field: 'quarter', message: 'must be a quarter id like "2026-Q1" (T-3)' }], 'S-1');
}
