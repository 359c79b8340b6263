import { DEFAULT_PROGRAM_TERMS, DEFAULT_TERMS_BOOK } from '../program-terms/default-program-terms';
import type { ProgramTermsBook } from '../program-terms/program-terms';
import type {
  CertificationEnrolled,
  CertificationExamAttempted,
  CertificationGranted,
  CertificationTrainingCompleted,
} from './standing.events';
import {
  certificationDecider,
  type CertificationCommand,
  type CertificationContext,
} from './certification.decider';
import { deciderSpecification } from './testing/decider-specification';

const spec = deciderSpecification(certificationDecider);
const known: CertificationContext = { partner: { partnerId: 'p-1', tier: 'certified' }, terms: DEFAULT_TERMS_BOOK };
const NOW = '2028-01-01T00:00:00Z';

function cmd<T extends CertificationCommand['type']>(
  type: T,
  data: Extract<CertificationCommand, { type: T }>['data'],
  now = NOW,
): CertificationCommand {
  return { type, data, metadata: { now, commandId: `${type}-1`, actor: 'manager:ann' } } as CertificationCommand;
}

const enrolCmd = (enrolledAt = '2025-01-10T15:00:00Z') => cmd('EnrolCertification', { partnerId: 'p-1', enrolledAt });
const trainCmd = (completedAt = '2025-03-01T15:00:00Z') => cmd('CompleteCertificationTraining', { partnerId: 'p-1', completedAt });
const examCmd = (scorePercent: number, attemptedAt: string) =>
  cmd('RecordExamAttempt', { partnerId: 'p-1', scorePercent, attemptedAt });

const enrolled = (enrolledAt = '2025-01-10T15:00:00Z', trainingDueBy = '2025-04-10', recertification = false): CertificationEnrolled => ({
  type: 'CertificationEnrolled',
  data: { partnerId: 'p-1', enrolledAt, trainingDueBy, recertification, termsVersion: '2024.1' },
});
const trained = (completedAt = '2025-03-01T15:00:00Z', withinDeadline = true): CertificationTrainingCompleted => ({
  type: 'CertificationTrainingCompleted',
  data: { partnerId: 'p-1', completedAt, withinDeadline },
});
const attempted = (attempt: number, scorePercent: number, attemptedAt: string): CertificationExamAttempted => ({
  type: 'CertificationExamAttempted',
  data: { partnerId: 'p-1', attempt, scorePercent, passed: scorePercent >= 80, attemptedAt, passMarkPercent: 80, termsVersion: '2024.1' },
});
const granted = (validFrom: string, validUntil: string): CertificationGranted => ({
  type: 'CertificationGranted',
  data: { partnerId: 'p-1', validFrom, validUntil, termsVersion: '2024.1' },
});

describe('certification decider: enrolment (C-6)', () => {
  it('C-6: enrols with a training deadline 90 days after the enrolment date', () => {
    spec.given([]).when(enrolCmd(), known).then([enrolled()]);
  });

  it('C-6: an unknown partner is a field error on partnerId', () => {
    spec.given([]).when(enrolCmd(), { ...known, partner: null }).thenRefused({ code: 'validation', fields: ['partnerId'] });
  });

  it('C-6: enrolling again while an enrolment is open is a conflict; the same enrolment again is a no-op', () => {
    spec.given([enrolled()]).when(enrolCmd('2025-02-01T15:00:00Z'), known).thenRefused({ code: 'conflict', ruleId: 'C-6' });
    spec.given([enrolled()]).when(enrolCmd(), known).thenNothing();
  });

  it('C-6: a new enrolment is allowed once the training deadline passed without training', () => {
    spec
      .given([enrolled()])
      .when(enrolCmd('2025-04-11T15:00:00Z'), known)
      .then([enrolled('2025-04-11T15:00:00Z', '2025-07-10')]);
  });

  it('C-6: recertification before expiry is flagged as such; after expiry it is a fresh certification', () => {
    const history = [enrolled(), trained(), attempted(1, 85, '2025-03-05T15:00:00Z'), granted('2025-03-05', '2027-03-05')];
    spec
      .given(history)
      .when(enrolCmd('2027-01-04T15:00:00Z'), known)
      .then([enrolled('2027-01-04T15:00:00Z', '2027-04-04', true)]);
    spec
      .given(history)
      .when(enrolCmd('2027-03-05T15:00:00Z'), known)
      .then([enrolled('2027-03-05T15:00:00Z', '2027-06-03', false)]);
  });
});

describe('certification decider: training (C-6)', () => {
  it('C-6: training on the 90th day is within the deadline', () => {
    spec.given([enrolled()]).when(trainCmd('2025-04-10T23:00:00Z'), known).then([trained('2025-04-10T23:00:00Z', true)]);
  });

  it('C-6 decision: late training is recorded as late (withinDeadline false), not refused', () => {
    spec.given([enrolled()]).when(trainCmd('2025-04-11T15:00:00Z'), known).then([trained('2025-04-11T15:00:00Z', false)]);
  });

  it('C-6: training without an enrolment is refused; before the enrolment is a field error', () => {
    spec.given([]).when(trainCmd(), known).thenRefused({ code: 'rule-violation', ruleId: 'C-6' });
    spec.given([enrolled()]).when(trainCmd('2025-01-09T15:00:00Z'), known).thenRefused({ code: 'validation', fields: ['completedAt'] });
  });

  it('C-6: training recorded twice is a no-op with the same instant, a conflict otherwise', () => {
    spec.given([enrolled(), trained()]).when(trainCmd(), known).thenNothing();
    spec.given([enrolled(), trained()]).when(trainCmd('2025-03-02T15:00:00Z'), known).thenRefused({ code: 'conflict' });
  });
});

describe('certification decider: exam attempts (C-6)', () => {
  it('C-6: a pass (≥ 80%) records the attempt and grants a certification valid 24 months from the pass date', () => {
    spec
      .given([enrolled(), trained()])
      .when(examCmd(80, '2025-03-05T15:00:00Z'), known)
      .then([attempted(1, 80, '2025-03-05T15:00:00Z'), granted('2025-03-05', '2027-03-05')]);
  });

  it('C-6: 79% fails and grants nothing', () => {
    spec.given([enrolled(), trained()]).when(examCmd(79, '2025-03-05T15:00:00Z'), known).then([attempted(1, 79, '2025-03-05T15:00:00Z')]);
  });

  it('C-6/T-3: the pass date is taken in the program time zone', () => {
    spec
      .given([enrolled(), trained()])
      .when(examCmd(90, '2025-03-06T03:00:00Z'), known) // 2025-03-05 22:00 in New York
      .then([attempted(1, 90, '2025-03-06T03:00:00Z'), granted('2025-03-05', '2027-03-05')]);
  });

  it('C-6: at most 3 attempts per enrolment (1 + 2 retakes): the third may pass, a fourth is refused', () => {
    const twoFailed = [enrolled(), trained(), attempted(1, 50, '2025-03-05T15:00:00Z'), attempted(2, 70, '2025-03-12T15:00:00Z')];
    spec
      .given(twoFailed)
      .when(examCmd(95, '2025-03-19T15:00:00Z'), known)
      .then([attempted(3, 95, '2025-03-19T15:00:00Z'), granted('2025-03-19', '2027-03-19')]);
    const threeFailed = [...twoFailed, attempted(3, 60, '2025-03-19T15:00:00Z')];
    const error = spec
      .given(threeFailed)
      .when(examCmd(99, '2025-03-26T15:00:00Z'), known)
      .thenRefused({ code: 'rule-violation', ruleId: 'C-6' });
    expect(error.message).toMatch(/at most 3 exam attempts/);
    // the attempts are per enrolment: a new enrolment starts over
    spec.given(threeFailed).when(enrolCmd('2025-04-01T15:00:00Z'), known).then([enrolled('2025-04-01T15:00:00Z', '2025-06-30')]);
  });

  it('C-6: the exam is refused before training, after late training, and after a pass', () => {
    spec.given([enrolled()]).when(examCmd(90, '2025-03-05T15:00:00Z'), known).thenRefused({ code: 'rule-violation', message: /training must be completed/ });
    spec
      .given([enrolled(), trained('2025-04-11T15:00:00Z', false)])
      .when(examCmd(90, '2025-04-12T15:00:00Z'), known)
      .thenRefused({ code: 'rule-violation', message: /after the deadline/ });
    spec
      .given([enrolled(), trained(), attempted(1, 85, '2025-03-05T15:00:00Z'), granted('2025-03-05', '2027-03-05')])
      .when(examCmd(90, '2025-03-06T15:00:00Z'), known)
      .thenRefused({ code: 'rule-violation', message: /already passed/ });
  });

  it('C-6: the score must be an integer 0–100; the attempt cannot precede the training', () => {
    for (const bad of [-1, 101, 80.5, Number.NaN]) {
      spec.given([enrolled(), trained()]).when(examCmd(bad, '2025-03-05T15:00:00Z'), known).thenRefused({ code: 'validation', fields: ['scorePercent'] });
    }
    spec.given([enrolled(), trained()]).when(examCmd(90, '2025-02-28T15:00:00Z'), known).thenRefused({ code: 'validation', fields: ['attemptedAt'] });
  });

  it('C-6: the same attempt again is a no-op; the same instant with another score is a conflict', () => {
    const history = [enrolled(), trained(), attempted(1, 50, '2025-03-05T15:00:00Z')];
    spec.given(history).when(examCmd(50, '2025-03-05T15:00:00Z'), known).thenNothing();
    spec.given(history).when(examCmd(90, '2025-03-05T15:00:00Z'), known).thenRefused({ code: 'conflict' });
  });

  it('T-1: the pass mark and validity come from the terms in force on the attempt date', () => {
    const amended = { ...DEFAULT_PROGRAM_TERMS, version: '2025.2', effectiveFrom: '2025-03-10', certification: { ...DEFAULT_PROGRAM_TERMS.certification, passMarkPercent: 70, validityMonths: 12 } };
    const book: ProgramTermsBook = { versions: [DEFAULT_PROGRAM_TERMS, amended] };
    const ctx = { ...known, terms: book };
    spec.given([enrolled(), trained()]).when(examCmd(75, '2025-03-09T15:00:00Z'), ctx).then([attempted(1, 75, '2025-03-09T15:00:00Z')]);
    spec
      .given([enrolled(), trained()])
      .when(examCmd(75, '2025-03-10T15:00:00Z'), ctx)
      .then([
        { type: 'CertificationExamAttempted', data: { partnerId: 'p-1', attempt: 1, scorePercent: 75, passed: true, attemptedAt: '2025-03-10T15:00:00Z', passMarkPercent: 70, termsVersion: '2025.2' } },
        { type: 'CertificationGranted', data: { partnerId: 'p-1', validFrom: '2025-03-10', validUntil: '2026-03-10', termsVersion: '2025.2' } },
      ]);
  });
});
