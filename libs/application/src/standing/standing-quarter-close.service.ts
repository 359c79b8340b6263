import { Inject, Injectable } from '@nestjs/common';
import { Temporal } from 'temporal-polyfill';
import { DomainError, isQuarterId, quarterEnd, quarterEndExclusive, termsInForce } from '@ledger/domain';
import {
  standingFactsForQuarter,
  standingProjection,
  type PartnerStandingDoc,
  type ReadModelDatabase,
  type StandingDoc,
} from '@ledger/projections';
import { CommandRunner, type CommandMeta } from '../command-path/command-runner';
import { READ_MODELS } from '../nest/tokens';
import { ProgramTermsService } from '../program-terms/program-terms.service';
import { StandingCommandService } from './standing-command.service';

export interface StandingQuarterCloseSummary {
  readonly quarter: string;
  /** Partners whose `TierStandingEvaluated` for the quarter was appended by this run. */
  readonly evaluated: readonly string[];
  /** Partners already evaluated for the quarter (by an earlier close or a single evaluation). */
  readonly alreadyEvaluated: readonly string[];
  /** Partners with no tier at the quarter end (enrolled later): not evaluated. */
  readonly notEnrolled: readonly string[];
  /** Partners whose evaluation the domain refused (e.g. C-5: an earlier quarter not evaluated yet). */
  readonly refused: readonly { readonly partnerId: string; readonly ruleId: string | null; readonly message: string }[];
  readonly eventsAppended: number;
}

const PAGE_SIZE = 200;

/** The command id of one partner's evaluation in a quarter close: re-running the close appends nothing twice. */
export const standingCloseCommandId = (quarter: string, partnerId: string): string => `standing-close:${quarter}:${partnerId}`;

/**
 * C-3..C-5: closes tier standing for a quarter — one `EvaluateTierStanding` per partner enrolled
 * by the quarter end (listed from the standing read model, in partner-id order), each with a
 * deterministic command id. An application operation, not a domain command: every evaluation
 * goes through the standing command path on its own stream.
 */
@Injectable()
export class StandingQuarterCloseService {
  constructor(
    private readonly runner: CommandRunner,
    private readonly terms: ProgramTermsService,
    private readonly standing: StandingCommandService,
    @Inject(READ_MODELS) private readonly readModels: ReadModelDatabase,
  ) {}

  async close(meta: CommandMeta, quarter: string): Promise<StandingQuarterCloseSummary> {
    if (!isQuarterId(quarter)) {
      throw DomainError.validation([{ field: 'quarter', message: 'must be a quarter id like "2026-Q1"' }], 'C-3');
    }
    const book = await this.terms.book();
    const ended = quarterEndExclusive(quarter, termsInForce(book, quarterEnd(quarter)).timeZone);
    if (Temporal.Instant.compare(Temporal.Instant.from(this.runner.now()), ended) < 0) {
      throw DomainError.rule('C-3', `C-3: ${quarter} has not ended yet; standing is evaluated at the quarter end`, 'quarter');
    }
    await this.standing.waitForReadModel();

    const evaluated: string[] = [];
    const alreadyEvaluated: string[] = [];
    const notEnrolled: string[] = [];
    const refused: { partnerId: string; ruleId: string | null; message: string }[] = [];
    let eventsAppended = 0;
    for (const doc of this.partnerDocs()) {
      const partnerId = doc.partnerId;
      if (standingFactsForQuarter(doc, quarter, book).tierAtQuarterEnd === null) {
        notEnrolled.push(partnerId);
        continue;
      }
      const partnerMeta: CommandMeta = {
        commandId: standingCloseCommandId(quarter, partnerId),
        actor: meta.actor,
        correlationId: meta.correlationId ?? meta.commandId,
        causationId: meta.commandId,
      };
      try {
        const result = await this.standing.execute(partnerMeta, { type: 'EvaluateTierStanding', data: { partnerId, quarter } });
        if (result.replayed || result.events.length === 0) {
          alreadyEvaluated.push(partnerId);
        } else {
          evaluated.push(partnerId);
          eventsAppended += result.events.length;
        }
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        refused.push({ partnerId, ruleId: error.ruleId, message: error.message });
      }
    }
    return { quarter, evaluated, alreadyEvaluated, notEnrolled, refused, eventsAppended };
  }

  /** Every partner document of the standing read model, in key order, a page at a time. */
  private *partnerDocs(): Generator<PartnerStandingDoc> {
    let after: string | undefined;
    for (;;) {
      const page = this.readModels.listDocs<StandingDoc>(standingProjection.name, 'partner:', { limit: PAGE_SIZE, after });
      for (const { doc } of page) if (doc.kind === 'partner') yield doc;
      if (page.length < PAGE_SIZE) return;
      after = page[page.length - 1]!.key;
    }
  }
}
