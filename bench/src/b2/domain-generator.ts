/**
 * Deterministic generator of a realistic partner-program event log for B2 (issue 8), using the
 * published event contracts of libs/domain (`*.events.ts`) and the stream-id functions.
 *
 * A day-by-day simulation from 2024-01-01 (business hours, America/New_York = UTC date):
 * 2,000 partners enrol in the first 20 days (tiers 60/30/10% referral/certified/premier, some
 * without a tax form who file it later); from day 5, ~150 deal registrations a day, partners
 * chosen with a skew (a few large partners, a long tail); 4% of registrations hit an opportunity
 * already pending or protected and are rejected (D-3); decisions 1–2 days later (approve 90%,
 * decline 6%, overdue flag then approve 4%); outcomes 10–40 days after approval (won 65%, lost
 * 15%, extended then won 10%, lapsed 10%); a won deal brings 1–3 collections over 60 days
 * (license 60%, Results services 25%, partner services 15%), 5% of them partly refunded and 1%
 * charged back; 35% get a survey 30–90 days after the win; a year after the win 60% renew
 * (placed by the partner 85%, by Results 15%, which breaks the chain, R-7) with a renewal
 * collection. Tier changes and staff-count reports now and then, performance bonuses for 3% of
 * partners each quarter, and on day 5 of each quarter the previous quarter is closed
 * (QuarterClosed) and each partner with lines gets a StatementIssued (lines citing their source
 * events), confirmed 10 days and paid 30 days later.
 *
 * One event per append; `next()` returns them in log order with the expected revision of their
 * stream, and predicts their global position (1, 2, 3… as the embedded store assigns them when
 * every append succeeds in order). The first N events of the stream are the same for every N, so
 * a smaller file is a prefix of a larger one.
 */
import { createHash } from 'node:crypto';
import {
  DEFAULT_PROGRAM_TERMS,
  canonicalJson,
  normalizeCompanyName,
  opportunityStreamId,
  partnerStreamId,
  paymentStreamId,
  programTermsStreamId,
  quarterStreamId,
  renewalStreamId,
  statementStreamId,
  surveyStreamId,
  type DomainEvent,
  type MoneyJson,
  type RevenueKind,
  type SourceRef,
  type StatementLine,
  type Tier,
} from '@ledger/domain';
import type { EventToAppend, ExpectedRevision, Json } from '@ledger/event-store';
import { createRng, intBetween, pick, uuidFrom, type Rng } from '../harness/prng';

export const GENERATOR_VERSION = 1;

export interface GeneratedAppend {
  readonly streamName: string;
  readonly event: EventToAppend;
  readonly expectedRevision: ExpectedRevision;
  readonly position: bigint;
}

const DAY_MS = 86_400_000;
const START_MS = Date.UTC(2024, 0, 1, 14, 0, 0); // 09:00 in New York: the UTC date is the local date
const PARTNERS = 2_000;
const TIER_RATE_BP: Record<Tier, Record<RevenueKind, number>> = {
  referral: { license: 1000, 'results-services': 1000, 'partner-services': 0 },
  certified: { license: 2000, 'results-services': 1500, 'partner-services': 0 },
  premier: { license: 3000, 'results-services': 2000, 'partner-services': 0 },
};
const ADJECTIVES = ['Blue', 'Northern', 'Quantum', 'Silver', 'Rapid', 'Bright', 'Atlas', 'Summit', 'Pioneer', 'Harbor', 'Cedar', 'Vertex'];
const NOUNS = ['Logistics', 'Analytics', 'Foods', 'Health', 'Systems', 'Retail', 'Energy', 'Labs', 'Finance', 'Media', 'Robotics', 'Travel'];
const SUFFIXES = ['Inc', 'LLC', 'Ltd', 'GmbH', 'Corp', ''];

interface Partner {
  readonly id: string;
  tier: Tier;
  staff: number;
}

interface Fact {
  readonly ref: SourceRef;
  readonly kind: 'collection' | 'renewal' | 'memo' | 'refund' | 'chargeback';
  readonly category: 'licenses' | 'services';
  readonly amountMinor: bigint;
  readonly rateBp: number;
  readonly occurredOn: string;
  readonly related: SourceRef | null;
  readonly description: string;
}

interface Payment {
  readonly id: string;
  readonly partnerId: string;
  readonly amountMinor: bigint;
  readonly ref: SourceRef;
  readonly kind: RevenueKind;
  readonly rateBp: number;
}

interface Opportunity {
  readonly key: string;
  readonly companyName: string;
  readonly registrationId: string;
  readonly partnerId: string;
  status: 'pending' | 'protected' | 'done';
  protectionEndsAt: string | null;
}

type Action = () => void;

export class DomainGenerator {
  private readonly rng: Rng;
  private readonly out: GeneratedAppend[] = [];
  private outIndex = 0;
  private readonly revisions = new Map<string, bigint>();
  private position = 0n;
  private day = 0;
  private secondOfDay = 0;
  private readonly agenda = new Map<number, Action[]>();
  private readonly partners: Partner[] = [];
  private readonly openOpportunities: Opportunity[] = [];
  private companies = 0;
  private registrations = 0;
  /** Facts per "partnerId|quarter" until the quarter's statement is issued. */
  private readonly facts = new Map<string, Fact[]>();
  /** Event types handed out by next() so far. */
  readonly typeCounts: Record<string, number> = {};

  constructor(seed: number) {
    this.rng = createRng(seed);
  }

  /** The next event of the log (the log never ends). */
  next(): GeneratedAppend {
    while (this.outIndex >= this.out.length) {
      this.out.length = 0;
      this.outIndex = 0;
      this.simulateDay();
    }
    const next = this.out[this.outIndex++] as GeneratedAppend;
    this.typeCounts[next.event.type] = (this.typeCounts[next.event.type] ?? 0) + 1;
    return next;
  }

  // --- simulation ------------------------------------------------------------------------------

  private simulateDay(): void {
    const d = this.day;
    this.secondOfDay = 0;
    if (d === 0) this.emit(programTermsStreamId(), 'ProgramTermsAmended', { terms: DEFAULT_PROGRAM_TERMS as unknown as Json, amendedBy: 'system:bootstrap', reason: 'shipped default terms (T-1)' });
    if (d < 20) for (let i = 0; i < PARTNERS / 20; i++) this.enrolPartner();
    const date = this.dateOf(d);
    if (date.getUTCDate() === 5 && d > 30 && [0, 3, 6, 9].includes(date.getUTCMonth())) this.closeQuarter(this.previousQuarterOf(d));
    if (date.getUTCDate() === 10 && [0, 3, 6, 9].includes(date.getUTCMonth())) this.grantBonuses(this.quarterOf(d));
    for (const action of this.agenda.get(d) ?? []) action();
    this.agenda.delete(d);
    if (d >= 5) {
      const registrations = intBetween(this.rng, 120, 180);
      for (let i = 0; i < registrations; i++) this.register();
      if (this.rng() < 0.3) this.changeTier();
      if (this.rng() < 0.5) this.reportStaff();
    }
    this.day++;
  }

  private at(d: number, action: Action): void {
    const list = this.agenda.get(d);
    if (list) list.push(action);
    else this.agenda.set(d, [action]);
  }

  private enrolPartner(): void {
    const n = this.partners.length + 1;
    const id = `p${String(n).padStart(4, '0')}`;
    const u = this.rng();
    const tier: Tier = u < 0.6 ? 'referral' : u < 0.9 ? 'certified' : 'premier';
    const staff = tier === 'premier' ? intBetween(this.rng, 5, 40) : tier === 'certified' ? intBetween(this.rng, 2, 12) : intBetween(this.rng, 1, 6);
    const us = this.rng() < 0.7;
    const taxForm = this.rng() < 0.1 ? null : us ? 'W-9' : 'W-8';
    this.partners.push({ id, tier, staff });
    this.emit(partnerStreamId(id), 'PartnerEnrolled', {
      partnerId: id,
      legalName: `${pick(this.rng, ADJECTIVES)} ${pick(this.rng, NOUNS)} Partners ${n}`,
      tier,
      staffCount: staff,
      country: us ? 'US' : pick(this.rng, ['DE', 'GB', 'FR', 'CA', 'NL']),
      taxForm,
      enrolledAt: this.now(),
      tierEffectiveFrom: this.today(),
      termsVersion: DEFAULT_PROGRAM_TERMS.version,
    });
    if (taxForm === null) {
      const form = us ? 'W-9' : 'W-8';
      this.at(this.day + intBetween(this.rng, 20, 200), () => this.emit(partnerStreamId(id), 'PartnerTaxFormRecorded', { partnerId: id, taxForm: form, recordedAt: this.now() }));
    }
  }

  /** Skewed choice: a few large partners, a long tail. */
  private pickPartner(): Partner {
    return this.partners[Math.floor(this.partners.length * this.rng() ** 1.5)] as Partner;
  }

  private register(): void {
    const partner = this.pickPartner();
    const registrationId = `reg-${++this.registrations}`;
    if (this.rng() < 0.04 && this.openOpportunities.length > 0) {
      const target = this.openOpportunities[Math.floor(this.rng() * this.openOpportunities.length)] as Opportunity;
      if (target.status !== 'done' && target.partnerId !== partner.id) {
        this.emit(opportunityStreamId(target.key), 'DealRegistrationRejected', {
          registrationId,
          opportunityKey: target.key,
          partnerId: partner.id,
          companyName: target.companyName,
          reason: target.status === 'pending' ? 'duplicate-pending' : 'duplicate-protected',
          ruleId: 'D-3',
          notice: 'rejected: another registration for this opportunity is already pending or protected (D-3)',
          attemptedAt: this.now(),
        });
        return;
      }
    }
    const n = ++this.companies;
    const suffix = pick(this.rng, SUFFIXES);
    const companyName = `${pick(this.rng, ADJECTIVES)} ${pick(this.rng, NOUNS)} ${n}${suffix ? ` ${suffix}` : ''}`;
    const key = normalizeCompanyName(companyName);
    const arr = BigInt(intBetween(this.rng, 10_000, 500_000)) * 100n;
    const opportunity: Opportunity = { key, companyName, registrationId, partnerId: partner.id, status: 'pending', protectionEndsAt: null };
    const registeredAt = this.now();
    this.emit(opportunityStreamId(key), 'DealRegistered', {
      registrationId,
      opportunityKey: key,
      partnerId: partner.id,
      companyName,
      companyDomain: null,
      primaryContact: { name: `Contact ${n}`, email: `buyer${n}@example.com` },
      estimatedArr: usd(arr),
      expectedCloseDate: this.dateString(this.day + intBetween(this.rng, 30, 120)),
      description: `Opportunity ${n}: ${pick(this.rng, NOUNS).toLowerCase()} platform rollout for ${intBetween(this.rng, 20, 2000)} seats`,
      registeredAt,
      approvalDueBy: this.instant(this.day + 2, 23 * 3600),
      termsVersion: DEFAULT_PROGRAM_TERMS.version,
    });
    this.openOpportunities.push(opportunity);
    if (this.openOpportunities.length > 5_000) this.openOpportunities.splice(0, 1_000);
    const u = this.rng();
    if (u < 0.9) this.at(this.day + intBetween(this.rng, 1, 2), () => this.approve(opportunity, false));
    else if (u < 0.96) {
      this.at(this.day + intBetween(this.rng, 1, 2), () => {
        opportunity.status = 'done';
        this.emit(opportunityStreamId(key), 'DealRegistrationDeclined', {
          registrationId, opportunityKey: key, partnerId: partner.id, declinedBy: 'pm:results', reason: 'existing Results opportunity', declinedAt: this.now(), declinedAfterSla: false,
        });
      });
    } else {
      this.at(this.day + 3, () => {
        this.emit(opportunityStreamId(key), 'DealApprovalOverdueFlagged', {
          registrationId, opportunityKey: key, partnerId: partner.id, approvalDueBy: this.instant(this.day - 1, 23 * 3600), flaggedAt: this.now(),
        });
        this.at(this.day + 1, () => this.approve(opportunity, true));
      });
    }
  }

  private approve(o: Opportunity, late: boolean): void {
    o.status = 'protected';
    const ends = this.instant(this.day + 45, 0);
    o.protectionEndsAt = ends;
    this.emit(opportunityStreamId(o.key), 'DealRegistrationApproved', {
      registrationId: o.registrationId,
      opportunityKey: o.key,
      partnerId: o.partnerId,
      approvedBy: 'pm:results',
      approvedAt: this.now(),
      protectionStartsAt: this.now(),
      protectionEndsAt: ends,
      protectionLimitAt: this.instant(this.day + 180, 0),
      approvedAfterSla: late,
      termsVersion: DEFAULT_PROGRAM_TERMS.version,
    });
    const u = this.rng();
    if (u < 0.65) this.at(this.day + intBetween(this.rng, 10, 40), () => this.win(o));
    else if (u < 0.8) this.at(this.day + intBetween(this.rng, 10, 40), () => this.lose(o));
    else if (u < 0.9) {
      this.at(this.day + 40, () => {
        const previous = o.protectionEndsAt as string;
        o.protectionEndsAt = this.instant(this.day + 50, 0);
        this.emit(opportunityStreamId(o.key), 'ProtectionExtended', {
          registrationId: o.registrationId, opportunityKey: o.key, partnerId: o.partnerId, progressNote: 'security review passed; contract in legal',
          extendedBy: 'pm:results', extendedAt: this.now(), previousEndsAt: previous, protectionEndsAt: o.protectionEndsAt, extensionNumber: 1, termsVersion: DEFAULT_PROGRAM_TERMS.version,
        });
        this.at(this.day + intBetween(this.rng, 5, 40), () => this.win(o));
      });
    } else {
      this.at(this.day + 45, () => {
        o.status = 'done';
        this.emit(opportunityStreamId(o.key), 'ProtectionLapsed', {
          registrationId: o.registrationId, opportunityKey: o.key, partnerId: o.partnerId, protectionEndedAt: o.protectionEndsAt as string, recordedAt: this.now(),
        });
      });
    }
  }

  private lose(o: Opportunity): void {
    o.status = 'done';
    this.emit(opportunityStreamId(o.key), 'DealClosedLost', {
      registrationId: o.registrationId, opportunityKey: o.key, partnerId: o.partnerId, closedAt: this.now(), reason: pick(this.rng, ['budget cut', 'chose a competitor', 'project postponed']),
    });
  }

  private win(o: Opportunity): void {
    o.status = 'done';
    this.emit(opportunityStreamId(o.key), 'DealClosedWon', {
      registrationId: o.registrationId, opportunityKey: o.key, partnerId: o.partnerId, customerKey: o.key, closedAt: this.now(),
      eligibleForCommission: true, eligibilityReason: 'approved registration, closed won while protected (D-11)', ruleId: 'D-11',
    });
    const payments = intBetween(this.rng, 1, 3);
    for (let i = 0; i < payments; i++) {
      const u = this.rng();
      const kind: RevenueKind = u < 0.6 ? 'license' : u < 0.85 ? 'results-services' : 'partner-services';
      this.at(this.day + intBetween(this.rng, 0, 60), () => this.collect(o.key, o.partnerId, kind, { type: 'initial' }));
    }
    if (this.rng() < 0.35) this.at(this.day + intBetween(this.rng, 30, 90), () => this.survey(o));
    if (this.rng() < 0.6) this.at(this.day + 365, () => this.renew(o));
  }

  private collect(customerKey: string, partnerId: string, kind: RevenueKind, order: { type: 'initial' } | { type: 'renewal'; year: number }): void {
    const paymentId = `pay-${this.position + 1n}`;
    const amountMinor = BigInt(intBetween(this.rng, 1_000, 50_000)) * 100n;
    const partner = this.partnerById(partnerId);
    const rateBp = order.type === 'renewal' ? (partner.tier === 'referral' ? 0 : partner.tier === 'certified' ? 1500 : 2000) : TIER_RATE_BP[partner.tier][kind];
    const ref = this.emit(paymentStreamId(paymentId), 'RevenueCollected', {
      paymentId, customerKey, revenueKind: kind, order, amount: usd(amountMinor), collectedAt: this.now(), partnerId,
    });
    const payment: Payment = { id: paymentId, partnerId, amountMinor, ref, kind, rateBp };
    this.addFact(partnerId, {
      ref, kind: kind === 'partner-services' ? 'memo' : order.type === 'renewal' ? 'renewal' : 'collection', category: kind === 'license' ? 'licenses' : 'services',
      amountMinor, rateBp, occurredOn: this.today(), related: null, description: `payment ${paymentId}, ${kind}, ${order.type === 'initial' ? 'initial order' : `renewal year ${order.year}`}`,
    });
    const u = this.rng();
    if (u < 0.05) this.at(this.day + intBetween(this.rng, 10, 60), () => this.reverse(payment, 'refund'));
    else if (u < 0.06) this.at(this.day + intBetween(this.rng, 10, 60), () => this.reverse(payment, 'chargeback'));
  }

  private reverse(p: Payment, type: 'refund' | 'chargeback'): void {
    const amountMinor = type === 'refund' ? (p.amountMinor * BigInt(intBetween(this.rng, 10, 100))) / 100n : p.amountMinor;
    const id = `${type}-${this.position + 1n}`;
    const ref =
      type === 'refund'
        ? this.emit(paymentStreamId(p.id), 'RevenueRefunded', { paymentId: p.id, refundId: id, amount: usd(amountMinor), refundedAt: this.now(), reason: 'seats reduced', partnerId: p.partnerId })
        : this.emit(paymentStreamId(p.id), 'ChargebackRecorded', { paymentId: p.id, chargebackId: id, amount: usd(amountMinor), chargedBackAt: this.now(), reason: 'card dispute', partnerId: p.partnerId });
    this.addFact(p.partnerId, {
      ref, kind: p.kind === 'partner-services' ? 'memo' : type, category: p.kind === 'license' ? 'licenses' : 'services',
      amountMinor: -amountMinor, rateBp: p.rateBp, occurredOn: this.today(), related: p.ref, description: `${type} ${id} of payment ${p.id}`,
    });
  }

  private survey(o: Opportunity): void {
    const surveyId = `survey-${this.position + 1n}`;
    const star = (): number => Math.min(5, Math.max(1, Math.round(4.2 + (this.rng() - 0.5) * 3)));
    this.emit(surveyStreamId(surveyId), 'SurveyCompleted', {
      surveyId, customerKey: o.key, partnerId: o.partnerId, goLiveDate: this.dateString(this.day - intBetween(this.rng, 5, 25)),
      ratings: { productFit: star(), implementationQuality: star(), partnerResponsiveness: star(), trainingEffectiveness: star(), overallSatisfaction: star() },
      completedAt: this.now(),
    });
  }

  private renew(o: Opportunity): void {
    const byPartner = this.rng() < 0.85;
    const orderValue = usd(BigInt(intBetween(this.rng, 5_000, 80_000)) * 100n);
    this.emit(renewalStreamId(o.key), 'RenewalPlaced', {
      customerKey: o.key, year: 2, orderValue, placedBy: byPartner ? { type: 'partner', partnerId: o.partnerId } : { type: 'results' }, originalPartnerId: o.partnerId, placedAt: this.now(),
    });
    if (!byPartner) {
      this.emit(renewalStreamId(o.key), 'RenewalChainBroken', { customerKey: o.key, partnerId: o.partnerId, year: 2, reason: 'placed-by-results', ruleId: 'R-7', brokenAt: this.now() });
    }
    this.at(this.day + intBetween(this.rng, 0, 30), () => this.collect(o.key, o.partnerId, 'license', { type: 'renewal', year: 2 }));
  }

  private changeTier(): void {
    const partner = this.pickPartner();
    const to: Tier = partner.tier === 'referral' ? 'certified' : partner.tier === 'certified' ? (this.rng() < 0.5 ? 'premier' : 'referral') : 'certified';
    const from = partner.tier;
    partner.tier = to;
    if (to !== 'referral' && partner.staff < (to === 'premier' ? 5 : 2)) partner.staff = to === 'premier' ? 5 : 2;
    this.emit(partnerStreamId(partner.id), 'PartnerTierChanged', {
      partnerId: partner.id, fromTier: from, toTier: to, effectiveFrom: this.today(), reason: 'annual tier review', changedBy: 'pm:results', termsVersion: DEFAULT_PROGRAM_TERMS.version,
    });
  }

  private reportStaff(): void {
    const partner = this.pickPartner();
    partner.staff += intBetween(this.rng, 0, 3);
    this.emit(partnerStreamId(partner.id), 'PartnerStaffCountReported', { partnerId: partner.id, staffCount: partner.staff, reportedAt: this.now() });
  }

  private grantBonuses(quarter: string): void {
    for (const partner of this.partners) {
      if (this.rng() < 0.03) {
        this.emit(partnerStreamId(partner.id), 'PerformanceBonusGranted', { partnerId: partner.id, quarter, grantedBy: 'pm:results', reason: 'top performer', grantedAt: this.now() });
      }
    }
  }

  private closeQuarter(quarter: string): void {
    const through = this.position.toString();
    this.emit(quarterStreamId(quarter), 'QuarterClosed', { quarter, closedAt: this.now(), closedBy: 'finance:results', throughPosition: through, termsVersion: DEFAULT_PROGRAM_TERMS.version });
    const dueBy = this.dateString(this.day + 40);
    for (const partner of this.partners) {
      const key = `${partner.id}|${quarter}`;
      const facts = this.facts.get(key);
      if (!facts) continue;
      this.facts.delete(key);
      const lines: StatementLine[] = facts.map((f) => ({
        lineId: f.ref.eventId,
        kind: f.kind,
        category: f.category,
        description: f.description,
        amount: usd(f.amountMinor),
        rateBp: f.rateBp,
        share: usd(shareHalfUp(f.amountMinor, f.rateBp)),
        ruleIds: f.kind === 'refund' || f.kind === 'chargeback' ? ['R-8', 'R-1'] : ['R-1', 'R-2'],
        termsVersion: DEFAULT_PROGRAM_TERMS.version,
        sources: f.related ? [f.ref, f.related] : [f.ref],
        occurredOn: f.occurredOn,
      }));
      const sum = (pred: (l: StatementLine) => boolean, field: 'amount' | 'share'): bigint =>
        lines.filter(pred).reduce((acc, l) => acc + BigInt(l[field].amountMinor), 0n);
      const isLicense = (l: StatementLine): boolean => l.category === 'licenses' && l.kind !== 'memo';
      const isServices = (l: StatementLine): boolean => l.category === 'services' && l.kind !== 'memo';
      const earned = sum(() => true, 'share');
      const payable = earned > 0n ? earned : 0n;
      const totals = {
        licensesRevenue: usd(sum(isLicense, 'amount')),
        servicesRevenue: usd(sum(isServices, 'amount')),
        licensesShare: usd(sum(isLicense, 'share')),
        servicesShare: usd(sum(isServices, 'share')),
        memoRevenue: usd(sum((l) => l.kind === 'memo', 'amount')),
        earned: usd(earned),
        carriedIn: usd(0n),
        released: usd(0n),
        balance: usd(earned),
        payable: usd(payable),
        carriedOut: usd(earned - payable),
        held: usd(0n),
      };
      const statementId = `st-${partner.id}-${quarter}`;
      const seal = createHash('sha256').update(canonicalJson({ lines, totals })).digest('hex');
      const stream = statementStreamId(partner.id, quarter);
      this.emit(stream, 'StatementIssued', {
        statementId, partnerId: partner.id, quarter, currency: 'USD', lines: lines as unknown as Json, totals, termsVersion: DEFAULT_PROGRAM_TERMS.version,
        throughPosition: through, issuedAt: this.now(), dueBy, seal,
      });
      this.at(this.day + 10, () => this.emit(stream, 'StatementConfirmed', { statementId, partnerId: partner.id, quarter, confirmedBy: `partner:${partner.id}`, confirmedAt: this.now() }));
      if (payable > 0n) {
        this.at(this.day + 30, () =>
          this.emit(stream, 'StatementPaid', { statementId, partnerId: partner.id, quarter, amount: usd(payable), paidAt: this.now(), dueBy, late: false, paymentReference: `wire-${statementId}` }),
        );
      }
    }
  }

  private addFact(partnerId: string, fact: Fact): void {
    const key = `${partnerId}|${this.quarterOf(this.day)}`;
    const list = this.facts.get(key);
    if (list) list.push(fact);
    else this.facts.set(key, [fact]);
  }

  private partnerById(id: string): Partner {
    return this.partners[Number(id.slice(1)) - 1] as Partner;
  }

  // --- events and time -------------------------------------------------------------------------

  private emit(streamName: string, type: string, data: Record<string, unknown>): SourceRef {
    const current = this.revisions.get(streamName);
    const revision = current === undefined ? 0n : current + 1n;
    this.revisions.set(streamName, revision);
    this.position++;
    const id = uuidFrom(this.rng);
    const at = this.now();
    this.secondOfDay += 2;
    const commandId = uuidFrom(this.rng);
    const event: DomainEvent = { type, data } as DomainEvent;
    this.out.push({
      streamName,
      expectedRevision: current === undefined ? 'no_stream' : current,
      position: this.position,
      event: {
        id,
        type: event.type,
        data: event.data as Json,
        metadata: { correlationId: commandId, causationId: commandId, actor: actorOf(type), commandId, occurredAt: at, recordedAt: at, schemaVersion: 1 },
      },
    });
    return { eventId: id, type, streamName, revision: revision.toString(), position: this.position.toString() };
  }

  private dateOf(day: number): Date {
    return new Date(START_MS + day * DAY_MS);
  }

  private instant(day: number, seconds: number): string {
    return new Date(START_MS + day * DAY_MS + seconds * 1000).toISOString();
  }

  private now(): string {
    return this.instant(this.day, this.secondOfDay);
  }

  private dateString(day: number): string {
    return this.dateOf(day).toISOString().slice(0, 10);
  }

  private today(): string {
    return this.dateString(this.day);
  }

  private quarterOf(day: number): string {
    const date = this.dateOf(day);
    return `${date.getUTCFullYear()}-Q${Math.floor(date.getUTCMonth() / 3) + 1}`;
  }

  private previousQuarterOf(day: number): string {
    return this.quarterOf(day - 10);
  }
}

function usd(amountMinor: bigint): MoneyJson {
  return { amountMinor: amountMinor.toString(), currency: 'USD' };
}

/** Half-up share of a signed amount (T-2), integer arithmetic only. */
function shareHalfUp(amountMinor: bigint, rateBp: number): bigint {
  const product = amountMinor * BigInt(rateBp);
  const magnitude = (product < 0n ? -product : product) + 5_000n;
  const rounded = magnitude / 10_000n;
  return product < 0n ? -rounded : rounded;
}

function actorOf(type: string): string {
  if (type.startsWith('Statement') || type === 'QuarterClosed') return 'cli:finance';
  if (type === 'RevenueCollected' || type === 'RevenueRefunded' || type === 'ChargebackRecorded') return 'api-key:billing';
  if (type === 'DealRegistered' || type === 'DealRegistrationRejected' || type === 'SurveyCompleted') return 'api-key:partner-portal';
  return 'api-key:partner-manager';
}
