import { Inject, Injectable } from '@nestjs/common';
import {
  DomainError,
  calculateStatement,
  isQuarterId,
  quarterCloseDecider,
  quarterEnd,
  quarterStreamId,
  termsInForce,
  type MoneyJson,
  type QuarterClosed,
} from '@ledger/domain';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import {
  isStatementDue,
  partnerKey,
  prepareStatement,
  readModelReader,
  statementKey,
  statementsProjection,
  type PartnerDoc,
  type ProjectionRunner,
  type ReadModelDatabase,
  type StatementDoc,
  type StatementsDoc,
} from '@ledger/projections';
import type { CommandMeta } from '../command-path/command-runner';
import { loadStream } from '../command-path/handle-command';
import { EVENT_STORE, PROJECTION_RUNNER, READ_MODELS } from '../nest/tokens';
import { ProgramTermsService } from '../program-terms/program-terms.service';
import { readModelsCaughtUp } from './read-models-caught-up';
import { StatementCommandService } from './statement-command.service';

/** Deterministic command ids: re-running a close (or resuming a crashed one) appends nothing twice. */
export const quarterCloseCommandId = (quarter: string): string => `quarter-close:${quarter}`;
export const statementIssueCommandId = (partnerId: string, quarter: string): string => `statement-issue:${partnerId}:${quarter}`;

export interface IssuedStatementSummary {
  readonly partnerId: string;
  readonly statementId: string;
  readonly payable: MoneyJson;
  readonly held: MoneyJson;
  readonly carriedOut: MoneyJson;
  readonly seal: string;
  /** The StatementIssued event. */
  readonly eventId: string;
  readonly position: string;
}

export interface QuarterCloseSummary {
  readonly quarter: string;
  /** The QuarterClosed event; `appended` is false when the quarter was already closed. */
  readonly closed: { readonly eventId: string; readonly position: string; readonly closedAt: string; readonly termsVersion: string; readonly appended: boolean };
  /** Statements issued by this run. */
  readonly issued: readonly IssuedStatementSummary[];
  /** Statements of the quarter issued by an earlier run. */
  readonly alreadyIssued: readonly IssuedStatementSummary[];
  /** Partners without a statement for the quarter, and why (rule ID when a rule decided it). */
  readonly skipped: readonly { readonly partnerId: string; readonly reason: string; readonly ruleId: string | null }[];
  /** Over every statement of the quarter (issued now or before). */
  readonly totals: { readonly statements: number; readonly payable: MoneyJson; readonly held: MoneyJson; readonly carriedOut: MoneyJson };
  readonly eventsAppended: number;
}

const PAGE_SIZE = 200;

/**
 * S-3: closing a quarter issues its statements. Appends `QuarterClosed` (command id
 * `quarter-close:<quarter>`), waits until the statements read model has applied it (that event is
 * the statements' cut), then for every partner of the statements read model, in partner-id order:
 * `prepareStatement` → `isStatementDue` → `calculateStatement` → `IssueStatement` (command id
 * `statement-issue:<partnerId>:<quarter>`). Every step is idempotent, so running the close again
 * appends nothing twice and resumes a close that stopped half-way.
 */
@Injectable()
export class StatementIssuingService {
  constructor(
    private readonly statements: StatementCommandService,
    private readonly terms: ProgramTermsService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModelDatabase,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
  ) {}

  async closeQuarter(meta: CommandMeta, quarter: string): Promise<QuarterCloseSummary> {
    if (!isQuarterId(quarter)) throw DomainError.validation([{ field: 'quarter', message: 'must be a quarter id like "2026-Q1" (T-3)' }], 'S-3');
    const child = (commandId: string): CommandMeta => ({
      commandId,
      actor: meta.actor,
      correlationId: meta.correlationId ?? meta.commandId,
      causationId: meta.commandId,
    });

    let eventsAppended = 0;
    let closedEvent = await this.quarterClosedEvent(quarter);
    let appended = false;
    if (!closedEvent) {
      const head = await this.store.headPosition();
      const result = await this.statements.execute(child(quarterCloseCommandId(quarter)), {
        type: 'CloseQuarter',
        data: { quarter, throughPosition: (head ?? 0n).toString() },
      });
      appended = !result.replayed && result.events.length > 0;
      eventsAppended += appended ? result.events.length : 0;
      closedEvent = await this.quarterClosedEvent(quarter);
      if (!closedEvent) throw new Error(`S-3: quarter ${quarter} is not closed after closing it`);
    }
    const closedData = closedEvent.data as unknown as QuarterClosed['data'];
    await readModelsCaughtUp(this.store, this.runner);

    const reader = readModelReader(this.readModels, statementsProjection.name);
    const lookup = (key: string) => reader.get(key);
    const issued: IssuedStatementSummary[] = [];
    const alreadyIssued: IssuedStatementSummary[] = [];
    const skipped: { partnerId: string; reason: string; ruleId: string | null }[] = [];
    for (const partner of this.partnerDocs()) {
      const partnerId = partner.partnerId;
      const existing = lookup(statementKey(partnerId, quarter)) as StatementDoc | undefined;
      if (existing) {
        alreadyIssued.push(summaryOfDoc(existing));
        continue;
      }
      try {
        const prepared = this.readModels.snapshot(() => prepareStatement(reader, partnerId, quarter));
        if (!isStatementDue(prepared)) {
          skipped.push({ partnerId, reason: 'nothing due: no lines this quarter and no held amount to release (a carried balance waits, S-2)', ruleId: 'S-2' });
          continue;
        }
        const computed = calculateStatement(prepared.input);
        const result = await this.statements.execute(child(statementIssueCommandId(partnerId, quarter)), {
          type: 'IssueStatement',
          data: {
            partnerId,
            quarter,
            currency: prepared.input.currency,
            lines: computed.lines,
            totals: computed.totals,
            termsVersion: prepared.termsVersion,
            throughPosition: prepared.throughPosition,
          },
        });
        const event = result.events.find((e) => e.type === 'StatementIssued');
        if (!event) throw new Error(`S-3: issuing the statement of ${partnerId} for ${quarter} recorded no StatementIssued`);
        const data = event.data as { statementId: string; seal: string };
        const summary: IssuedStatementSummary = {
          partnerId,
          statementId: data.statementId,
          payable: computed.totals.payable,
          held: computed.totals.held,
          carriedOut: computed.totals.carriedOut,
          seal: data.seal,
          eventId: event.id,
          position: event.position,
        };
        if (result.replayed) {
          alreadyIssued.push(summary);
        } else {
          issued.push(summary);
          eventsAppended += result.events.length;
        }
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        skipped.push({ partnerId, reason: error.message, ruleId: error.ruleId });
      }
    }
    await readModelsCaughtUp(this.store, this.runner); // read-your-writes for the caller

    const currency = termsInForce(await this.terms.book(), quarterEnd(quarter)).currency;
    const all = [...issued, ...alreadyIssued];
    const total = (pick: (s: IssuedStatementSummary) => MoneyJson): MoneyJson => ({
      amountMinor: all.reduce((sum, s) => sum + BigInt(pick(s).amountMinor), 0n).toString(),
      currency,
    });
    return {
      quarter,
      closed: {
        eventId: closedEvent.id,
        position: closedEvent.position.toString(),
        closedAt: closedData.closedAt,
        termsVersion: closedData.termsVersion,
        appended,
      },
      issued,
      alreadyIssued,
      skipped,
      totals: { statements: all.length, payable: total((s) => s.payable), held: total((s) => s.held), carriedOut: total((s) => s.carriedOut) },
      eventsAppended,
    };
  }

  private async quarterClosedEvent(quarter: string): Promise<RecordedEvent | undefined> {
    const { events } = await loadStream(this.store, quarterStreamId(quarter), quarterCloseDecider);
    return events.find((e) => e.type === 'QuarterClosed');
  }

  /** Every partner document of the statements read model, in key order, a page at a time. */
  private *partnerDocs(): Generator<PartnerDoc> {
    let after: string | undefined;
    for (;;) {
      const page = this.readModels.listDocs<StatementsDoc>(statementsProjection.name, partnerKey(''), { limit: PAGE_SIZE, after });
      for (const { doc } of page) if (doc.kind === 'partner') yield doc;
      if (page.length < PAGE_SIZE) return;
      after = page[page.length - 1]!.key;
    }
  }
}

function summaryOfDoc(doc: StatementDoc): IssuedStatementSummary {
  return {
    partnerId: doc.partnerId,
    statementId: doc.statementId,
    payable: doc.payable,
    held: doc.held,
    carriedOut: doc.carriedOut,
    seal: doc.seal,
    eventId: doc.issued.eventId,
    position: doc.issued.position,
  };
}
