import { Inject, Injectable } from '@nestjs/common';
import {
  DomainError,
  calculateStatement,
  sealStatement,
  statementDecider,
  statementStreamId,
  type SourceRef,
  type StatementIssued,
  type StatementLine,
} from '@ledger/domain';
import { StreamNotFoundError, matchesFilter, recordedEventToJson, type EventStore, type RecordedEvent } from '@ledger/event-store';
import {
  DocMap,
  applyToDocs,
  auditKey,
  auditProjection,
  mapReader,
  explainLine,
  prepareStatement,
  sha256Hex,
  statementsProjection,
  verifyStatement,
  type AuditIndexDoc,
  type AuditLineRef,
  type ExplanationStep,
  type LineExplanation,
  type ReadModelDatabase,
  type StatementsDoc,
} from '@ledger/projections';
import { loadStream } from '../command-path/handle-command';
import { EVENT_STORE, READ_MODELS } from '../nest/tokens';
import { StatementQueryService } from './statement-query.service';

/** one step of a line's audit chain, with the recorded event as JSON (positions as strings). */
export type AuditStepView = Omit<ExplanationStep, 'event'> & { readonly event: Record<string, unknown> | null };

export interface LineAuditView extends Omit<LineExplanation, 'steps'> {
  readonly statementId: string;
  readonly partnerId: string;
  readonly quarter: string;
  /** False for a line of a statement not issued yet (a preview line may still change, S-3). */
  readonly issued: boolean;
  readonly description: string;
  readonly steps: readonly AuditStepView[];
}

export interface EventLinesView {
  readonly eventId: string;
  /** The issued statement lines the event produced (`primary`) or is cited by (`related`, e.g. the collection a clawback reverses). */
  readonly lines: readonly (AuditLineRef & { readonly line: StatementLine | null })[];
}

export interface StatementVerificationEntry {
  readonly statementId: string;
  readonly partnerId: string;
  readonly quarter: string;
  readonly eventId: string;
  readonly position: string;
  readonly seal: string;
  readonly ok: boolean;
  readonly sealValid: boolean;
  readonly differences: readonly string[];
}

export interface VerificationReport {
  /** True when every issued statement recomputes from the log and its seal holds (A-2, S-3, S-7). */
  readonly ok: boolean;
  readonly checked: number;
  readonly failed: number;
  /** The log was read up to here. */
  readonly throughPosition: string | null;
  readonly statements: readonly StatementVerificationEntry[];
}

/** A-1..A-3: the audit chain of a statement line, the lines of an event, and `verify`. */
@Injectable()
export class StatementAuditService {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModelDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly statements: StatementQueryService,
  ) {}

  /**
   * every source event of the line — fetched from the log by stream and revision and checked
   * against the id, type and position the line cites — with who recorded it and when, and
   * the line's share recomputed from its amount and rate (T-2). Null when there is no such line.
   */
  async explain(partnerId: string, quarter: string, lineId: string): Promise<LineAuditView | null> {
    const view = await this.statements.statement(partnerId, quarter);
    const line = view?.lines.find((l) => l.lineId === lineId);
    if (!view || !line) return null;
    const events = new Map<string, RecordedEvent>();
    for (const ref of line.sources) {
      const event = await this.eventAt(ref);
      if (event) events.set(event.id, event);
    }
    const explanation = explainLine(line, (id) => events.get(id));
    return {
      ...explanation,
      statementId: view.statementId,
      partnerId,
      quarter,
      issued: !view.preview,
      description: line.description,
      steps: explanation.steps.map((step) => ({ ...step, event: step.event ? recordedEventToJson(step.event) : null })),
    };
  }

  /** the issued statement lines an event produced or is cited by (audit projection). */
  async linesOf(eventId: string): Promise<EventLinesView> {
    const doc = this.readModels.getDoc<AuditIndexDoc>(auditProjection.name, auditKey(eventId));
    const issued = new Map<string, StatementIssued['data'] | null>();
    const lines = [];
    for (const ref of doc?.lines ?? []) {
      if (!issued.has(ref.statementId)) issued.set(ref.statementId, await this.issued(ref.partnerId, ref.quarter));
      lines.push({ ...ref, line: issued.get(ref.statementId)?.lines.find((l) => l.lineId === ref.lineId) ?? null });
    }
    return { eventId, lines };
  }

  /**
   * A-2, S-3, S-7: recomputes every issued statement from the log alone and checks its seal. One
   * pass over the log: the statements step is folded in memory and, at each StatementIssued, the
   * statement is prepared and calculated again from the state just before it — what
   * `recomputeStatement` does for one statement, for all of them without re-reading the log each time.
   */
  async verify(): Promise<VerificationReport> {
    const projection = statementsProjection;
    const docs = new DocMap<StatementsDoc>();
    const statements: StatementVerificationEntry[] = [];
    const throughPosition = await this.store.headPosition();
    if (throughPosition !== null) {
      for await (const event of this.store.readAll({ filter: projection.filter })) {
        if (event.position > throughPosition) break;
        if (!matchesFilter(projection.filter, event.streamName, event.type)) continue;
        if (event.type === 'StatementIssued') statements.push(verifyOne(docs, event));
        applyToDocs(projection, docs, event);
      }
    }
    const failed = statements.filter((s) => !s.ok).length;
    return { ok: failed === 0, checked: statements.length, failed, throughPosition: throughPosition?.toString() ?? null, statements };
  }

  private async issued(partnerId: string, quarter: string): Promise<StatementIssued['data'] | null> {
    return (await loadStream(this.store, statementStreamId(partnerId, quarter), statementDecider)).state.issued;
  }

  /** The event a source cites, read by stream and revision (the store has no lookup by id). */
  private async eventAt(ref: SourceRef): Promise<RecordedEvent | undefined> {
    if (!/^(0|[1-9][0-9]*)$/.test(ref.revision)) return undefined;
    try {
      const [event] = await this.store.readStream(ref.streamName, { fromRevision: BigInt(ref.revision), maxCount: 1 });
      return event;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
  }
}

function verifyOne(docs: ReadonlyMap<string, StatementsDoc>, event: RecordedEvent): StatementVerificationEntry {
  const issued = event.data as unknown as StatementIssued['data'];
  const entry = {
    statementId: issued.statementId,
    partnerId: issued.partnerId,
    quarter: issued.quarter,
    eventId: event.id,
    position: event.position.toString(),
    seal: issued.seal,
  };
  try {
    const prepared = prepareStatement(mapReader(docs), issued.partnerId, issued.quarter);
    const recomputed = { ...calculateStatement(prepared.input), termsVersion: prepared.termsVersion, throughPosition: prepared.throughPosition };
    return { ...entry, ...verifyStatement(issued, recomputed) };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const sealValid = sealStatement(issued, sha256Hex) === issued.seal;
    return { ...entry, ok: false, sealValid, differences: [`recompute: ${error.message}`] };
  }
}
