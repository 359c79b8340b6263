import { Inject, Injectable } from '@nestjs/common';
import { DomainError, compareQuarters, isQuarterId, type TierStandingEvaluation } from '@ledger/domain';
import {
  PROGRAM_DOC_KEY,
  partnerStandingKey,
  programOverview,
  standingAsOfQuarter,
  standingProjection,
  type PartnerStandingDoc,
  type ProgramOverview,
  type QuarterStandingEntry,
  type ReadModelDatabase,
  type StandingDoc,
} from '@ledger/projections';
import { READ_MODELS } from '../nest/tokens';
import { ProgramTermsService } from '../program-terms/program-terms.service';

export interface PartnerStandingView {
  readonly partnerId: string;
  readonly legalName: string | null;
  readonly quarter: string;
  /**
   * C-2..C-7, P-1: standing at the quarter end computed from the facts recorded so far (the same
   * function the evaluation records); null when the partner had no tier at the quarter end.
   */
  readonly standing: TierStandingEvaluation | null;
  /** The recorded `TierStandingEvaluated` of the quarter, with its ladder event and decision (C-5). */
  readonly recorded: QuarterStandingEntry | null;
  /** Every recorded evaluation, oldest quarter first. */
  readonly evaluations: readonly QuarterStandingEntry[];
  readonly certification: PartnerStandingDoc['certification'];
  readonly nfrGrants: PartnerStandingDoc['nfrGrants'];
}

/** C-1..C-7: tier standing views over the standing read model (eventually consistent). */
@Injectable()
export class StandingQueryService {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModelDatabase,
    private readonly terms: ProgramTermsService,
  ) {}

  /** A partner's standing for `quarter` ("2026-Q1"); null when the read model knows no such partner. */
  async partnerStanding(partnerId: string, quarter: string): Promise<PartnerStandingView | null> {
    if (!isQuarterId(quarter)) throw DomainError.validation([{ field: 'quarter', message: 'must be a quarter id like "2026-Q1"' }], 'C-3');
    const doc = this.readModels.getDoc<StandingDoc>(standingProjection.name, partnerStandingKey(partnerId));
    if (doc?.kind !== 'partner') return null;
    return {
      partnerId: doc.partnerId,
      legalName: doc.legalName,
      quarter,
      standing: standingAsOfQuarter(doc, quarter, await this.terms.book()),
      recorded: doc.evaluations[quarter] ?? null,
      evaluations: Object.keys(doc.evaluations)
        .sort(compareQuarters)
        .map((q) => doc.evaluations[q]!),
      certification: doc.certification,
      nfrGrants: doc.nfrGrants,
    };
  }

  /** C-5, C-6: ladder steps, pending decisions and certification problems across the program. */
  overview(): ProgramOverview {
    const doc = this.readModels.getDoc<StandingDoc>(standingProjection.name, PROGRAM_DOC_KEY);
    return programOverview(doc?.kind === 'program' ? doc : { kind: 'program', lastPosition: '-1', partners: {} });
  }
}
