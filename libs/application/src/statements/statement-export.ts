/**
 * S-1 exports of a statement for finance: JSON and CSV (RFC 4180). Lines keep the statement's own
 * deterministic order (S-7) — carried balance in, then the quarter's facts by business date, source
 * position and line id, then the balance lines — numbered from 1. Amounts are decimal strings
 * derived from the integer minor units by the money module (T-2: no float ever), next to the minor
 * units themselves; rates are basis points and a percentage with two decimals.
 */
import { formatMoney, moneyFromJson, type MoneyJson, type StatementLine, type StatementTotals } from '@ledger/domain';
import type { StatementView } from './statement-query.service';

export interface ExportedMoney {
  readonly amountMinor: string;
  /** "1234.56" (currency exponent decimals), derived from amountMinor. */
  readonly amount: string;
  readonly currency: string;
}

export interface ExportedLine {
  readonly lineNo: number;
  readonly lineId: string;
  readonly kind: StatementLine['kind'];
  readonly category: StatementLine['category'];
  readonly description: string;
  readonly occurredOn: string;
  readonly concernsQuarter: string | null;
  readonly amount: ExportedMoney;
  readonly rateBp: number;
  readonly ratePercent: string;
  readonly share: ExportedMoney;
  readonly ruleIds: readonly string[];
  readonly termsVersion: string;
  readonly sources: StatementLine['sources'];
}

export interface StatementExport {
  readonly statementId: string;
  readonly partnerId: string;
  readonly quarter: string;
  readonly status: StatementView['status'];
  readonly preview: boolean;
  readonly currency: string;
  readonly termsVersion: string;
  readonly throughPosition: string | null;
  readonly seal: string | null;
  readonly issuedAt: string | null;
  readonly dueBy: string | null;
  readonly totals: Readonly<Record<keyof StatementTotals, ExportedMoney>>;
  readonly lines: readonly ExportedLine[];
}

/** "123456" USD → "1234.56"; "-5" → "-0.05"; JPY "1234" → "1234". */
export function decimalAmount(money: MoneyJson): string {
  const text = formatMoney(moneyFromJson(money)); // "-USD 1,234.56": sign, code, grouped digits
  const digits = text.slice(text.indexOf(' ') + 1).replace(/,/g, '');
  return text.startsWith('-') ? `-${digits}` : digits;
}

/** 3000 → "30.00", 1550 → "15.50" (integer arithmetic on basis points). */
export function ratePercent(rateBp: number): string {
  return `${Math.trunc(rateBp / 100)}.${String(rateBp % 100).padStart(2, '0')}`;
}

export function exportedMoney(money: MoneyJson): ExportedMoney {
  return { amountMinor: money.amountMinor, amount: decimalAmount(money), currency: money.currency };
}

export function statementExport(view: StatementView): StatementExport {
  const totals = Object.fromEntries(
    Object.entries(view.totals)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, money]) => [name, exportedMoney(money)]),
  ) as StatementExport['totals'];
  return {
    statementId: view.statementId,
    partnerId: view.partnerId,
    quarter: view.quarter,
    status: view.status,
    preview: view.preview,
    currency: view.currency,
    termsVersion: view.termsVersion,
    throughPosition: view.throughPosition,
    seal: view.seal,
    issuedAt: view.issuedAt,
    dueBy: view.dueBy,
    totals,
    lines: view.lines.map((line, i) => ({
      lineNo: i + 1,
      lineId: line.lineId,
      kind: line.kind,
      category: line.category,
      description: line.description,
      occurredOn: line.occurredOn,
      concernsQuarter: line.concernsQuarter ?? null,
      amount: exportedMoney(line.amount),
      rateBp: line.rateBp,
      ratePercent: ratePercent(line.rateBp),
      share: exportedMoney(line.share),
      ruleIds: line.ruleIds,
      termsVersion: line.termsVersion,
      sources: line.sources,
    })),
  };
}

export const STATEMENT_CSV_COLUMNS = [
  'statement_id',
  'partner_id',
  'quarter',
  'status',
  'line_no',
  'line_id',
  'kind',
  'category',
  'description',
  'occurred_on',
  'concerns_quarter',
  'currency',
  'amount',
  'amount_minor',
  'rate_bp',
  'rate_percent',
  'share',
  'share_minor',
  'rule_ids',
  'terms_version',
  'source_event_ids',
  'source_types',
  'source_streams',
  'source_revisions',
  'source_positions',
] as const;

/** RFC 4180: CRLF line breaks, a header, fields with a comma, quote, CR or LF quoted, quotes doubled. */
export function statementCsv(view: StatementView): string {
  const doc = statementExport(view);
  const rows: string[][] = [[...STATEMENT_CSV_COLUMNS]];
  for (const line of doc.lines) {
    const sources = (pick: (s: StatementLine['sources'][number]) => string) => line.sources.map(pick).join(';');
    rows.push([
      doc.statementId,
      doc.partnerId,
      doc.quarter,
      doc.status,
      String(line.lineNo),
      line.lineId,
      line.kind,
      line.category,
      line.description,
      line.occurredOn,
      line.concernsQuarter ?? '',
      line.amount.currency,
      line.amount.amount,
      line.amount.amountMinor,
      String(line.rateBp),
      line.ratePercent,
      line.share.amount,
      line.share.amountMinor,
      line.ruleIds.join(';'),
      line.termsVersion,
      sources((s) => s.eventId),
      sources((s) => s.type),
      sources((s) => s.streamName),
      sources((s) => s.revision),
      sources((s) => s.position),
    ]);
  }
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
