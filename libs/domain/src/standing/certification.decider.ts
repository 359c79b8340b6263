/**
 * Certification decider (C-6). Stream: `certification-<partnerId>` (certificationStreamId).
 *
 * Lifecycle of one enrolment: enrol → complete training (within trainingWithinDays) → up to
 * maxAttempts exam attempts; a pass grants a certification valid validityMonths from the pass
 * date. Terms come from the book version in force on each command's business date (T-1).
 *
 * Decisions:
 * - Late training is RECORDED (`withinDeadline: false`) — it happened, and the log keeps facts —
 *   but the exam is refused for that enrolment: C-6 requires training within 90 days, so the
 *   partner has to enrol again. An enrolment whose deadline passed without training, whose
 *   training was late, whose attempts are used up, or that was passed, is closed: a new
 *   enrolment is allowed. Enrolling while an enrolment is still open is a conflict.
 * - Recertification: enrolling while holding a certification that is still valid on the
 *   enrolment date is a recertification (`recertification: true`); after expiry it is a fresh
 *   certification. Both are allowed; the later grant supersedes for standing.
 * - Idempotency: re-sending an enrolment/training/attempt with the same business instant
 *   (and score) produces nothing; the same instant with different data is a conflict.
 */
import { Temporal } from 'temporal-polyfill';
import { assertNever, type Decider, type DomainCommand } from '../shared/decider';
import { DomainError, Violations } from '../shared/domain-error';
import { localDate } from '../shared/business-time';
import { termsInForceAt, type ProgramTerms, type ProgramTermsBook } from '../program-terms/program-terms';
import type {
  CertificationEnrolled,
  CertificationEvent,
  CertificationExamAttempted,
  CertificationGranted,
} from './standing.events';
import type { KnownPartner } from './known-partner';
import { isActiveOn } from './standing-evaluation';
import { checkInstantNotAfter, isNonEmpty, sameInstant } from './standing-input';

export type EnrolCertification = DomainCommand<
  'EnrolCertification',
  { readonly partnerId: string; /** ISO instant */ readonly enrolledAt: string }
>;

export type CompleteCertificationTraining = DomainCommand<
  'CompleteCertificationTraining',
  { readonly partnerId: string; /** ISO instant */ readonly completedAt: string }
>;

export type RecordExamAttempt = DomainCommand<
  'RecordExamAttempt',
  {
    readonly partnerId: string;
    /** Integer 0..100. */
    readonly scorePercent: number;
    /** ISO instant */
    readonly attemptedAt: string;
  }
>;

export type CertificationCommand = EnrolCertification | CompleteCertificationTraining | RecordExamAttempt;

export interface CertificationEnrolment {
  readonly enrolledAt: string;
  /** ISO date, inclusive. */
  readonly trainingDueBy: string;
  readonly recertification: boolean;
  readonly trainingCompletedAt: string | null;
  readonly trainingWithinDeadline: boolean | null;
  readonly attempts: readonly CertificationExamAttempted['data'][];
  readonly passed: boolean;
}

export interface CertificationState {
  /** The latest enrolment (earlier ones are closed and live on in the log). */
  readonly enrolment: CertificationEnrolment | null;
  readonly certifications: readonly CertificationGranted['data'][];
}

export interface CertificationContext {
  /** The partner named by `partnerId`; null when unknown. */
  readonly partner: KnownPartner | null;
  readonly terms: ProgramTermsBook;
}

export const certificationDecider: Decider<
  CertificationCommand,
  CertificationEvent,
  CertificationState,
  CertificationContext
> = {
  initialState: () => ({ enrolment: null, certifications: [] }),

  evolve(state, event) {
    switch (event.type) {
      case 'CertificationEnrolled':
        return {
          ...state,
          enrolment: {
            enrolledAt: event.data.enrolledAt,
            trainingDueBy: event.data.trainingDueBy,
            recertification: event.data.recertification,
            trainingCompletedAt: null,
            trainingWithinDeadline: null,
            attempts: [],
            passed: false,
          },
        };
      case 'CertificationTrainingCompleted':
        return state.enrolment === null
          ? state
          : {
              ...state,
              enrolment: {
                ...state.enrolment,
                trainingCompletedAt: event.data.completedAt,
                trainingWithinDeadline: event.data.withinDeadline,
              },
            };
      case 'CertificationExamAttempted':
        return state.enrolment === null
          ? state
          : {
              ...state,
              enrolment: {
                ...state.enrolment,
                attempts: [...state.enrolment.attempts, event.data],
                passed: state.enrolment.passed || event.data.passed,
              },
            };
      case 'CertificationGranted':
        return { ...state, certifications: [...state.certifications, event.data] };
      default:
        return assertNever(event, 'certification event');
    }
  },

  decide(command, state, context) {
    switch (command.type) {
      case 'EnrolCertification':
        return enrol(command, state, context);
      case 'CompleteCertificationTraining':
        return completeTraining(command, state, context);
      case 'RecordExamAttempt':
        return recordExamAttempt(command, state, context);
      default:
        return assertNever(command, 'certification command');
    }
  },
};

function enrol(command: EnrolCertification, state: CertificationState, context: CertificationContext): CertificationEvent[] {
  const v = new Violations();
  checkPartner(command.data.partnerId, context, v);
  const enrolledAt = checkInstantNotAfter(command.data.enrolledAt, command.metadata.now, 'enrolledAt', v);
  v.throwIfAny('C-6');
  const at = enrolledAt!;
  const terms = termsInForceAt(context.terms, at);
  const date = localDate(at, terms.timeZone);

  const current = state.enrolment;
  if (current !== null) {
    if (sameInstant(current.enrolledAt, at)) return [];
    if (Temporal.Instant.compare(at, Temporal.Instant.from(current.enrolledAt)) < 0) {
      throw DomainError.validation([{ field: 'enrolledAt', message: `C-6: before the previous enrolment (${current.enrolledAt})` }], 'C-6');
    }
    if (isOpen(current, date, terms)) {
      throw DomainError.conflict(
        `C-6: partner "${command.data.partnerId}" is already enrolled (since ${current.enrolledAt}); finish that enrolment first`,
        'C-6',
      );
    }
  }
  const recertification = state.certifications.some((c) => isActiveOn(c, date));
  const event: CertificationEnrolled = {
    type: 'CertificationEnrolled',
    data: {
      partnerId: command.data.partnerId,
      enrolledAt: at.toString(),
      trainingDueBy: date.add({ days: terms.certification.trainingWithinDays }).toString(),
      recertification,
      termsVersion: terms.version,
    },
  };
  return [event];
}

function completeTraining(
  command: CompleteCertificationTraining,
  state: CertificationState,
  context: CertificationContext,
): CertificationEvent[] {
  const v = new Violations();
  checkPartner(command.data.partnerId, context, v);
  const completedAt = checkInstantNotAfter(command.data.completedAt, command.metadata.now, 'completedAt', v);
  v.throwIfAny('C-6');
  const at = completedAt!;
  const enrolment = state.enrolment;
  if (enrolment === null) throw DomainError.rule('C-6', 'C-6: the partner is not enrolled in certification', 'partnerId');
  if (enrolment.trainingCompletedAt !== null) {
    if (sameInstant(enrolment.trainingCompletedAt, at)) return [];
    throw DomainError.conflict(`C-6: training was already completed on ${enrolment.trainingCompletedAt} for this enrolment`, 'C-6');
  }
  if (Temporal.Instant.compare(at, Temporal.Instant.from(enrolment.enrolledAt)) < 0) {
    throw DomainError.validation([{ field: 'completedAt', message: `C-6: before the enrolment (${enrolment.enrolledAt})` }], 'C-6');
  }
  const terms = termsInForceAt(context.terms, at);
  const withinDeadline =
    Temporal.PlainDate.compare(localDate(at, terms.timeZone), Temporal.PlainDate.from(enrolment.trainingDueBy)) <= 0;
  return [
    {
      type: 'CertificationTrainingCompleted',
      data: { partnerId: command.data.partnerId, completedAt: at.toString(), withinDeadline },
    },
  ];
}

function recordExamAttempt(
  command: RecordExamAttempt,
  state: CertificationState,
  context: CertificationContext,
): CertificationEvent[] {
  const { scorePercent } = command.data;
  const v = new Violations();
  checkPartner(command.data.partnerId, context, v);
  const attemptedAt = checkInstantNotAfter(command.data.attemptedAt, command.metadata.now, 'attemptedAt', v);
  v.check(
    typeof scorePercent === 'number' && Number.isInteger(scorePercent) && scorePercent >= 0 && scorePercent <= 100,
    'scorePercent',
    'C-6: must be an integer percentage from 0 to 100',
  );
  v.throwIfAny('C-6');
  const at = attemptedAt!;
  const enrolment = state.enrolment;
  if (enrolment === null) throw DomainError.rule('C-6', 'C-6: the partner is not enrolled in certification', 'partnerId');

  const retried = enrolment.attempts.find((a) => sameInstant(a.attemptedAt, at));
  if (retried) {
    if (retried.scorePercent === scorePercent) return [];
    throw DomainError.conflict(`C-6: an exam attempt at ${retried.attemptedAt} is already recorded with another score`, 'C-6');
  }
  const terms = termsInForceAt(context.terms, at);
  const { passMarkPercent, maxAttempts, validityMonths } = terms.certification;
  if (enrolment.passed) {
    throw DomainError.rule('C-6', 'C-6: the exam was already passed for this enrolment; enrol again to recertify');
  }
  if (enrolment.trainingCompletedAt === null) {
    throw DomainError.rule('C-6', 'C-6: training must be completed before the exam');
  }
  if (enrolment.trainingWithinDeadline === false) {
    throw DomainError.rule(
      'C-6',
      `C-6: training was completed after the deadline (${enrolment.trainingDueBy}); the partner must enrol again`,
    );
  }
  if (enrolment.attempts.length >= maxAttempts) {
    throw DomainError.rule('C-6', `C-6: at most ${maxAttempts} exam attempts per enrolment (1 + ${maxAttempts - 1} retakes)`);
  }
  const previous = enrolment.attempts[enrolment.attempts.length - 1]?.attemptedAt ?? enrolment.trainingCompletedAt;
  if (Temporal.Instant.compare(at, Temporal.Instant.from(previous)) < 0) {
    throw DomainError.validation(
      [{ field: 'attemptedAt', message: `C-6: before the training or the previous attempt (${previous})` }],
      'C-6',
    );
  }

  const passed = scorePercent >= passMarkPercent;
  const events: CertificationEvent[] = [
    {
      type: 'CertificationExamAttempted',
      data: {
        partnerId: command.data.partnerId,
        attempt: enrolment.attempts.length + 1,
        scorePercent,
        passed,
        attemptedAt: at.toString(),
        passMarkPercent,
        termsVersion: terms.version,
      },
    },
  ];
  if (passed) {
    const validFrom = localDate(at, terms.timeZone);
    events.push({
      type: 'CertificationGranted',
      data: {
        partnerId: command.data.partnerId,
        validFrom: validFrom.toString(),
        validUntil: validFrom.add({ months: validityMonths }).toString(),
        termsVersion: terms.version,
      },
    });
  }
  return events;
}

/** An enrolment still in progress on `date` (see the decisions above). */
function isOpen(e: CertificationEnrolment, date: Temporal.PlainDate, terms: ProgramTerms): boolean {
  if (e.passed) return false;
  if (e.attempts.length >= terms.certification.maxAttempts) return false;
  if (e.trainingWithinDeadline === false) return false;
  if (e.trainingCompletedAt === null && Temporal.PlainDate.compare(date, Temporal.PlainDate.from(e.trainingDueBy)) > 0) {
    return false;
  }
  return true;
}

function checkPartner(partnerId: string, context: CertificationContext, v: Violations): void {
  if (!isNonEmpty(partnerId)) v.add('partnerId', 'is required');
  else if (context.partner === null) v.add('partnerId', `unknown partner "${partnerId}"`);
}
