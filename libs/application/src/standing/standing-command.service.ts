import { Inject, Injectable } from '@nestjs/common';
import { Temporal } from 'temporal-polyfill';
import {
  DomainError,
  assertNever,
  certificationDecider,
  certificationStreamId,
  compareQuarters,
  isQuarterId,
  isValidInstant,
  localDate,
  nfrDecider,
  nfrStreamId,
  standingDecider,
  standingStreamId,
  surveyDecider,
  surveyStreamId,
  termsInForceAt,
  tierOn,
  type CertificationCommand,
  type KnownPartner,
  type NfrCommand,
  type NfrContext,
  type ProgramTermsBook,
  type StandingCommand,
  type StandingFacts,
  type SurveyCommand,
} from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import {
  partnerStandingKey,
  standingFactsForQuarter,
  standingProjection,
  type ProjectionRunner,
  type ReadModelDatabase,
  type StandingDoc,
} from '@ledger/projections';
import { CommandRunner, type CommandInputOf, type CommandMeta } from '../command-path/command-runner';
import { loadStream, type CommandResult } from '../command-path/handle-command';
import { EVENT_STORE, PROJECTION_RUNNER, READ_MODELS } from '../nest/tokens';
import { PartnerRepository } from '../partners/partner-repository';
import { ProgramTermsService } from '../program-terms/program-terms.service';

type TierStandingDomainCommand = SurveyCommand | CertificationCommand | NfrCommand | StandingCommand;

export type StandingCommandInput = CommandInputOf<TierStandingDomainCommand>;

/** Facts of a known partner when the quarter id is malformed: the decider then reports only the quarter. */
const NO_FACTS: StandingFacts = { tierAtQuarterEnd: null, staffCount: 0, surveys: [], certifications: [], nfrGrants: [] };

/**
 * C-1..C-7, P-1: surveys (one stream per survey), certification, NFR licenses and tier standing
 * (one stream each per partner). Context: the terms book (T-1), the partner with its tier on the
 * command's business date (P-3), the latest standing verdict for NFR renewals (read from the
 * standing stream) and, for `EvaluateTierStanding`, the partner's facts from the standing read
 * model — after waiting until that read model has processed every event recorded before the
 * evaluation started, so the evaluation is consistent with every fact recorded before it.
 */
@Injectable()
export class StandingCommandService {
  constructor(
    private readonly runner: CommandRunner,
    private readonly terms: ProgramTermsService,
    private readonly partners: PartnerRepository,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModelDatabase,
    @Inject(PROJECTION_RUNNER) private readonly projections: ProjectionRunner,
  ) {}

  async execute(meta: CommandMeta, input: StandingCommandInput): Promise<CommandResult> {
    const metadata = this.runner.domainMetadata(meta);
    const terms = await this.terms.book();
    // Events exist only for accepted commands, whose business time the decider validated.
    const occurredAt = () => Temporal.Instant.from(businessTimeOf(input) ?? metadata.now).toString();
    switch (input.type) {
      case 'CompleteSurvey':
        return this.runner.run(meta, {
          streamName: surveyStreamId(String(input.data.surveyId ?? '')),
          decider: surveyDecider,
          command: { ...input, metadata },
          context: { terms, partner: await this.knownPartner(input, metadata.now, terms) },
          occurredAt,
        });
      case 'EnrolCertification':
      case 'CompleteCertificationTraining':
      case 'RecordExamAttempt':
        return this.runner.run(meta, {
          streamName: certificationStreamId(String(input.data.partnerId ?? '')),
          decider: certificationDecider,
          command: { ...input, metadata } as CertificationCommand,
          context: { terms, partner: await this.knownPartner(input, metadata.now, terms) },
          occurredAt,
        });
      case 'GrantNfrLicenses':
      case 'RenewNfrLicenses': {
        const partner = await this.knownPartner(input, metadata.now, terms);
        return this.runner.run(meta, {
          streamName: nfrStreamId(String(input.data.partnerId ?? '')),
          decider: nfrDecider,
          command: { ...input, metadata } as NfrCommand,
          context: async (): Promise<NfrContext> => ({ terms, partner, latestStanding: await this.latestStanding(input.data.partnerId) }),
          occurredAt,
        });
      }
      case 'EvaluateTierStanding': {
        await this.waitForReadModel();
        const { partnerId, quarter } = input.data;
        return this.runner.run(meta, {
          streamName: standingStreamId(String(partnerId ?? '')),
          decider: standingDecider,
          command: { ...input, metadata },
          context: { terms, facts: this.factsFor(partnerId, quarter, terms) },
          occurredAt,
        });
      }
      case 'RecordLadderDecision':
        return this.runner.run(meta, {
          streamName: standingStreamId(String(input.data.partnerId ?? '')),
          decider: standingDecider,
          command: { ...input, metadata },
          context: { terms, facts: null },
          occurredAt,
        });
      default:
        return assertNever(input, 'standing command');
    }
  }

  /**
   * Resolves once the read models have processed every event recorded so far (the head read
   * now). Events recorded after this call are not waited for.
   */
  async waitForReadModel(): Promise<void> {
    const head = await this.store.headPosition();
    if (head === null) return;
    if (!this.projections.running) {
      // No live projector in this process (the CLI, PROJECTOR=external): bring this process's own
      // read models up to the head first (ADR 0004: each instance may keep its own read models).
      await this.projections.runUntilCaughtUp();
      return;
    }
    await this.projections.waitForPosition(head);
  }

  /** The standing facts at the quarter end; null = unknown partner (no standing document). */
  private factsFor(partnerId: string, quarter: string, terms: ProgramTermsBook): StandingFacts | null {
    if (typeof partnerId !== 'string' || partnerId.length === 0) return null;
    const doc = this.readModels.getDoc<StandingDoc>(standingProjection.name, partnerStandingKey(partnerId));
    if (doc?.kind !== 'partner') return null;
    return isQuarterId(quarter) ? standingFactsForQuarter(doc, quarter, terms) : NO_FACTS;
  }

  /**
   * P-3: the partner with the tier in force on the command's business date (program time zone).
   * Null when the partner is unknown; refused when it was not enrolled yet on that date.
   */
  private async knownPartner(
    input: Extract<StandingCommandInput, { data: { partnerId: string } }>,
    now: string,
    terms: ProgramTermsBook,
  ): Promise<KnownPartner | null> {
    const partner = await this.partners.find(input.data.partnerId);
    if (partner === null) return null;
    const at = businessTimeOf(input);
    const instant = at !== null && isValidInstant(at) ? at : now;
    const date = localDate(instant, termsInForceAt(terms, instant).timeZone);
    const tier = tierOn(partner, date);
    if (tier === null) {
      const field = businessTimeFieldOf(input.type) ?? 'partnerId';
      const message = `P-3: partner "${partner.partnerId}" was not enrolled on ${date} (enrolled ${partner.tierHistory[0]?.effectiveFrom ?? partner.enrolledAt})`;
      throw DomainError.validation([{ field, message }], 'P-3');
    }
    return { partnerId: partner.partnerId, tier };
  }

  /** C-7: the partner's latest recorded evaluation, from the standing stream (strongly consistent). */
  private async latestStanding(partnerId: string): Promise<NfrContext['latestStanding']> {
    if (typeof partnerId !== 'string' || partnerId.length === 0) return null;
    const { state } = await loadStream(this.store, standingStreamId(partnerId), standingDecider);
    const quarters = Object.keys(state.evaluations).sort(compareQuarters);
    const latest = quarters[quarters.length - 1];
    return latest === undefined ? null : { quarter: latest, verdict: state.evaluations[latest]!.verdict };
  }
}

/** The data field holding each command's business time (T-3); null = the record time. */
function businessTimeFieldOf(type: StandingCommandInput['type']): string | null {
  switch (type) {
    case 'CompleteSurvey':
    case 'CompleteCertificationTraining':
      return 'completedAt';
    case 'EnrolCertification':
      return 'enrolledAt';
    case 'RecordExamAttempt':
      return 'attemptedAt';
    case 'GrantNfrLicenses':
      return 'grantedAt';
    case 'RenewNfrLicenses':
      return 'renewedAt';
    case 'RecordLadderDecision':
      return 'decidedAt';
    case 'EvaluateTierStanding':
      return null; // the evaluation happens when it is recorded (`evaluatedAt`)
    default:
      return assertNever(type, 'standing command type');
  }
}

function businessTimeOf(input: StandingCommandInput): string | null {
  const field = businessTimeFieldOf(input.type);
  if (field === null) return null;
  const value = (input.data as unknown as Record<string, unknown>)[field];
  return typeof value === 'string' && value.length > 0 ? value : null;
}
