/**
 * Prices ledger entries from their basis with what the read model knows now (P-3 tier history,
 * R-3 bonus grants, T-1 terms book) and renders them as statement lines citing every event used.
 */
import {
  DEFAULT_TERMS_BOOK,
  minorUnits,
  money,
  shareOf,
  termsInForce,
  type ProgramTerms,
  type ProgramTermsBook,
  type SourceRef,
  type StatementLine,
  type StatementLineKind,
} from '@ledger/domain';
import { priceCollection, tierInForce, type Pricing } from '@ledger/domain/statement/pricing';
import type { LedgerEntry, LineTemplate, PartnerDoc, PricingBasis, TermsDoc } from './statement-docs';

export interface ResolvedPricing {
  readonly pricing: Pricing;
  /** Events the price depends on: deal (D-11), tier (P-3), bonus (R-3), renewal chain (R-6/R-7), terms (T-1). */
  readonly supporting: readonly SourceRef[];
}

export function termsBookOf(doc: TermsDoc | undefined): ProgramTermsBook {
  return doc && doc.versions.length > 0 ? { versions: doc.versions.map((v) => v.terms) } : DEFAULT_TERMS_BOOK;
}

/** T-1: the terms version by name (as fixed on the basis), or the version in force on the date. */
export function termsVersionOf(doc: TermsDoc | undefined, version: string, date: string): { terms: ProgramTerms; source: SourceRef | null } {
  const recorded = doc?.versions.find((v) => v.terms.version === version);
  if (recorded) return { terms: recorded.terms, source: recorded.source };
  const terms = termsInForce(termsBookOf(doc), date);
  return { terms, source: doc?.versions.find((v) => v.terms.version === terms.version)?.source ?? null };
}

export function priceBasis(basis: PricingBasis, partner: PartnerDoc, termsDoc: TermsDoc | undefined): ResolvedPricing {
  const { terms, source: termsSource } = termsVersionOf(termsDoc, basis.termsVersion, basis.collectedOn);
  const tier = tierInForce(partner.tiers, basis.collectedOn);
  if (!tier) throw new Error(`P-2: partner ${partner.partnerId} has no tier; it cannot be priced`);
  const bonus = partner.bonusQuarters[basis.quarter] ?? null;
  const pricing = priceCollection({
    revenueKind: basis.revenueKind,
    order: basis.order,
    eligible: true,
    tier: tier.tier,
    bonusGranted: bonus !== null,
    renewalChain: basis.renewal,
    terms,
  });
  const supporting: SourceRef[] = [...basis.deal];
  if (pricing.ruleIds.includes('P-3')) supporting.push(tier.source);
  if (bonus && pricing.ruleIds.includes('R-3')) supporting.push(bonus);
  if (basis.order.type === 'renewal' && basis.renewal) supporting.push(...basis.renewal.sources);
  if (termsSource) supporting.push(termsSource);
  return { pricing, supporting };
}

export interface LineShape {
  readonly lineId: string;
  readonly kind: StatementLineKind;
  readonly amount: bigint;
  readonly currency: string;
  readonly occurredOn: string;
  readonly concernsQuarter?: string;
  readonly facts: readonly SourceRef[];
}

export function categoryOf(basis: PricingBasis): 'licenses' | 'services' {
  return basis.revenueKind === 'license' ? 'licenses' : 'services';
}

/** T-2: share = amount × rate, half-up to the cent, per line. */
export function shareMinor(amount: bigint, currency: string, rateBp: number): bigint {
  return minorUnits(shareOf(money(amount, currency), rateBp));
}

export function renderLine(shape: LineShape, template: LineTemplate, basis: PricingBasis, resolved: ResolvedPricing): StatementLine {
  const { pricing } = resolved;
  const description = `${template.what}: ${pricing.reason}${template.note ? ` — ${template.note}` : ''}`;
  return {
    lineId: shape.lineId,
    kind: shape.kind,
    category: categoryOf(basis),
    description,
    amount: { amountMinor: shape.amount.toString(), currency: shape.currency },
    rateBp: pricing.rateBp,
    share: { amountMinor: shareMinor(shape.amount, shape.currency, pricing.rateBp).toString(), currency: shape.currency },
    ruleIds: unique([...template.prefixRules, ...pricing.ruleIds]),
    termsVersion: pricing.termsVersion,
    sources: uniqueRefs([...shape.facts, ...resolved.supporting]),
    occurredOn: shape.occurredOn,
    ...(shape.concernsQuarter ? { concernsQuarter: shape.concernsQuarter } : {}),
  };
}

export function pricedEntry(shape: LineShape, template: LineTemplate, basis: PricingBasis, resolved: ResolvedPricing): LedgerEntry {
  return { line: renderLine(shape, template, basis, resolved), basis, template, effectiveRateBp: resolved.pricing.rateBp };
}

/** The shape of an existing priced line, to render it again. */
export function shapeOf(entry: LedgerEntry): LineShape {
  const line = entry.line;
  return {
    lineId: line.lineId,
    kind: line.kind,
    amount: BigInt(line.amount.amountMinor),
    currency: line.amount.currency,
    occurredOn: line.occurredOn,
    ...(line.concernsQuarter ? { concernsQuarter: line.concernsQuarter } : {}),
    facts: line.sources.slice(0, entry.template?.factCount ?? line.sources.length),
  };
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}

function uniqueRefs(refs: readonly SourceRef[]): SourceRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => (seen.has(r.eventId) ? false : (seen.add(r.eventId), true)));
}
