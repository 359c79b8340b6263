/**
 * Tier standing decider (C-3..C-7). Stream: `standing-<partnerId>` (standingStreamId).
 *
 * `EvaluateTierStanding` records the quarter-end evaluation computed by `evaluateTierStanding`
 * from facts the application collects (context), plus the C-5 ladder event of the step due.
 * `RecordLadderDecision` records the partner manager's decision on a due step.
 *
 * Decisions:
 * - A quarter is evaluated once, after it ended (record time `metadata.now` ≥ the first instant
 *   after the quarter, program time zone); evaluating it again produces nothing (the recorded
 *   evaluation stands). Evaluations run in quarter order with no gaps after the first one, so
 *   the C-5 count always comes from the previous quarter.
 * - Decisions allowed per step (C-5): warning → improvement-plan | no-action; tier review →
 *   tier-review-held | improvement-plan | no-action; realignment or suspension → tier-realigned |
 *   suspended | no-action. One decision per quarter, with non-empty notes; `tier-realigned`
 *   records the decision only — the tier change itself is a `PartnerTierChanged` (P-3).
 */
import { Temporal } from 'temporal-polyfill';
import { assertNever, type Decider, type DomainCommand } from '../shared/decider';
import { DomainError, Violations } from '../shared/domain-error';
import { compareQuarters, isQuarterId, nextQuarter, quarterEnd, quarterEndExclusive } from '../shared/business-time';
import { termsInForce, type ProgramTermsBook } from '../program-terms/program-terms';
import type {
  LadderDecision,
  LadderDecisionRecorded,
  LadderStep,
  TierStandingEvaluated,
  TierStandingEvent,
} from './standing.events';
import { evaluateTierStanding, previousConsecutiveBelow, type StandingFacts } from './standing-evaluation';
import { checkInstantNotAfter, isNonEmpty } from './standing-input';

export type EvaluateTierStanding = DomainCommand<
  'EvaluateTierStanding',
  { readonly partnerId: string; /** "2026-Q1" */ readonly quarter: string }
>;

export type RecordLadderDecision = DomainCommand<
  'RecordLadderDecision',
  {
    readonly partnerId: string;
    readonly quarter: string;
    readonly decision: LadderDecision;
    readonly notes: string;
    /** ISO instant (business time). */
    readonly decidedAt: string;
  }
>;

export type StandingCommand = EvaluateTierStanding | RecordLadderDecision;

export interface StandingState {
  /** Recorded evaluations by quarter. */
  readonly evaluations: Readonly<Record<string, TierStandingEvaluated['data']>>;
  readonly decisions: Readonly<Record<string, LadderDecisionRecorded['data']>>;
}

export interface StandingContext {
  readonly terms: ProgramTermsBook;
  /** EvaluateTierStanding: the partner's facts (null = unknown partner). Unused by RecordLadderDecision. */
  readonly facts: StandingFacts | null;
}

export const LADDER_DECISIONS: readonly LadderDecision[] = [
  'improvement-plan',
  'tier-review-held',
  'tier-realigned',
  'suspended',
  'no-action',
];

/** C-5: the decisions a partner manager may record for each due step. */
export const DECISIONS_BY_STEP: Readonly<Record<Exclude<LadderStep, 'none'>, readonly LadderDecision[]>> = {
  warning: ['improvement-plan', 'no-action'],
  'tier-review': ['tier-review-held', 'improvement-plan', 'no-action'],
  'realignment-or-suspension': ['tier-realigned', 'suspended', 'no-action'],
};

export const standingDecider: Decider<StandingCommand, TierStandingEvent, StandingState, StandingContext> = {
  initialState: () => ({ evaluations: {}, decisions: {} }),

  evolve(state, event) {
    switch (event.type) {
      case 'TierStandingEvaluated':
        return { ...state, evaluations: { ...state.evaluations, [event.data.quarter]: event.data } };
      case 'LadderDecisionRecorded':
        return { ...state, decisions: { ...state.decisions, [event.data.quarter]: event.data } };
      case 'CsatWarningIssued':
      case 'TierReviewDue':
      case 'TierRealignmentDue':
        return state; // the step is already on the evaluation
      default:
        return assertNever(event, 'standing event');
    }
  },

  decide(command, state, context) {
    switch (command.type) {
      case 'EvaluateTierStanding':
        return evaluate(command, state, context);
      case 'RecordLadderDecision':
        return recordDecision(command, state, context);
      default:
        return assertNever(command, 'standing command');
    }
  },
};

function evaluate(command: EvaluateTierStanding, state: StandingState, context: StandingContext): TierStandingEvent[] {
  const { partnerId, quarter } = command.data;
  const v = new Violations();
  v.check(isQuarterId(quarter), 'quarter', 'must be a quarter id like "2026-Q1"');
  if (!isNonEmpty(partnerId)) v.add('partnerId', 'is required');
  else if (context.facts === null) v.add('partnerId', `unknown partner "${partnerId}"`);
  else if (context.facts.tierAtQuarterEnd === null && isQuarterId(quarter)) {
    v.add('partnerId', `C-3: partner "${partnerId}" was not enrolled by the end of ${quarter}`);
  }
  v.throwIfAny('C-3');

  const terms = termsInForce(context.terms, quarterEnd(quarter));
  const ended = quarterEndExclusive(quarter, terms.timeZone);
  if (Temporal.Instant.compare(Temporal.Instant.from(command.metadata.now), ended) < 0) {
    throw DomainError.rule('C-3', `C-3: ${quarter} has not ended yet; standing is evaluated at the quarter end`, 'quarter');
  }
  if (state.evaluations[quarter] !== undefined) return [];

  const evaluated = Object.keys(state.evaluations).sort(compareQuarters);
  const latest = evaluated[evaluated.length - 1];
  if (latest !== undefined && compareQuarters(latest, quarter) > 0) {
    throw DomainError.conflict(`C-5: ${latest} is already evaluated; quarters are evaluated in order`, 'C-5');
  }
  if (latest !== undefined && nextQuarter(latest) !== quarter) {
    throw DomainError.rule('C-5', `C-5: evaluate ${nextQuarter(latest)} first; consecutive quarters are evaluated in order`, 'quarter');
  }

  const facts = context.facts!;
  const evaluation = evaluateTierStanding({
    partnerId,
    quarter,
    tier: facts.tierAtQuarterEnd!,
    staffCount: facts.staffCount,
    surveys: facts.surveys,
    certifications: facts.certifications,
    nfrGrants: facts.nfrGrants,
    previousConsecutiveBelow: previousConsecutiveBelow(Object.values(state.evaluations), quarter),
    terms,
  });
  const events: TierStandingEvent[] = [
    { type: 'TierStandingEvaluated', data: { ...evaluation, evaluatedAt: Temporal.Instant.from(command.metadata.now).toString() } },
  ];
  const step = evaluation.ladderStep;
  const count = evaluation.consecutiveQuartersBelow;
  switch (step) {
    case 'none':
      break;
    case 'warning':
      events.push({
        type: 'CsatWarningIssued',
        data: { partnerId, quarter, csatBp: evaluation.csatBp!, minimumBp: evaluation.minimumBp!, ruleId: 'C-5' },
      });
      break;
    case 'tier-review':
      events.push({ type: 'TierReviewDue', data: { partnerId, quarter, consecutiveQuartersBelow: count, ruleId: 'C-5' } });
      break;
    case 'realignment-or-suspension':
      events.push({ type: 'TierRealignmentDue', data: { partnerId, quarter, consecutiveQuartersBelow: count, ruleId: 'C-5' } });
      break;
    default:
      return assertNever(step, 'ladder step');
  }
  return events;
}

function recordDecision(command: RecordLadderDecision, state: StandingState, context: StandingContext): TierStandingEvent[] {
  const { partnerId, quarter, decision, notes } = command.data;
  const v = new Violations();
  v.check(isNonEmpty(partnerId), 'partnerId', 'is required');
  v.check(isQuarterId(quarter), 'quarter', 'must be a quarter id like "2026-Q1"');
  v.check(LADDER_DECISIONS.includes(decision), 'decision', `C-5: must be one of ${LADDER_DECISIONS.join(', ')}`);
  v.check(isNonEmpty(notes), 'notes', 'C-5: a ladder decision must be documented');
  const decidedAt = checkInstantNotAfter(command.data.decidedAt, command.metadata.now, 'decidedAt', v);
  v.throwIfAny('C-5');

  const evaluation = state.evaluations[quarter];
  if (evaluation === undefined) throw DomainError.rule('C-5', `C-5: ${quarter} has not been evaluated`, 'quarter');
  const step = evaluation.ladderStep;
  if (step === 'none') throw DomainError.rule('C-5', `C-5: no ladder step is due for ${quarter}`, 'quarter');
  if (!DECISIONS_BY_STEP[step].includes(decision)) {
    throw DomainError.validation(
      [{ field: 'decision', message: `C-5: for a ${step} step the decision is one of ${DECISIONS_BY_STEP[step].join(', ')}` }],
      'C-5',
    );
  }
  const terms = termsInForce(context.terms, quarterEnd(quarter));
  if (Temporal.Instant.compare(decidedAt!, quarterEndExclusive(quarter, terms.timeZone)) < 0) {
    throw DomainError.validation([{ field: 'decidedAt', message: `C-5: before the end of ${quarter}` }], 'C-5');
  }
  const data: LadderDecisionRecorded['data'] = {
    partnerId,
    quarter,
    decision,
    notes,
    decidedBy: command.metadata.actor,
    decidedAt: decidedAt!.toString(),
  };
  const existing = state.decisions[quarter];
  if (existing !== undefined) {
    if (existing.decision === data.decision && existing.notes === data.notes && existing.decidedAt === data.decidedAt) return [];
    throw DomainError.conflict(`C-5: a decision (${existing.decision}) is already recorded for ${quarter}`, 'C-5');
  }
  return [{ type: 'LadderDecisionRecorded', data }];
}
