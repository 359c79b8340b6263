/**
 * Reads the statements documents of one partner-quarter into the input of `calculateStatement`
 * (used by the issuing application service and by `recomputeStatement`). Deterministic: everything
 * is taken as of the quarter's cut (S-3, S-7) — lines are frozen by the QuarterClosed event, the tax
 * form counts if recorded at or before the cut, terms versions recorded after it are ignored, and the
 * carry-in/held balances are those of the partner's previous issued statement.
 */
import {
  DEFAULT_TERMS_BOOK,
  DomainError,
  compareQuarters,
  previousQuarter,
  quarterEnd,
  termsInForce,
  type ProgramTermsBook,
  type SourceRef,
} from '@ledger/domain';
import type { StatementCalculationInput } from '@ledger/domain/statement/statement-calculator';
import {
  CALENDAR_KEY,
  TERMS_KEY,
  lineKeyPrefix,
  linesKey,
  partnerKey,
  type CalendarDoc,
  type LedgerEntry,
  type LinesDoc,
  type PartnerDoc,
  type StatementsDoc,
  type TermsDoc,
} from './statement-docs';
import { positionOf } from './source-ref';
import { keysUnder } from '../runner/doc-map';
import type { ReadModelDatabase } from '../runner/read-model-database';

/** Read access to the statements documents: by key, and every document under a key prefix. */
export interface StatementDocReader {
  get(key: string): StatementsDoc | undefined;
  /** Present documents whose key starts with `prefix`, in key order (SQLite binary order). */
  under(prefix: string): readonly StatementsDoc[];
}

/** A reader over documents held in memory (replays, tests); give it a DocMap to avoid scans. */
export function mapReader(docs: ReadonlyMap<string, StatementsDoc | undefined>): StatementDocReader {
  return {
    get: (key) => docs.get(key),
    under: (prefix) => keysUnder(docs, prefix).flatMap((key) => docs.get(key) ?? []),
  };
}

/** A reader over the statements read model (the statements projection's documents table). */
export function readModelReader(db: ReadModelDatabase, projectionName = 'statements'): StatementDocReader {
  return {
    get: (key) => db.getDoc<StatementsDoc>(projectionName, key),
    under: (prefix) => db.listDocTexts(projectionName, prefix).map(([, text]) => JSON.parse(text) as StatementsDoc),
  };
}

/** The lines of a partner-quarter in the order they were added (their `line:` keys). */
export function linesOf(reader: StatementDocReader, partnerId: string, quarter: string): LedgerEntry[] {
  return reader.under(lineKeyPrefix(partnerId, quarter)).flatMap((doc) => (doc.kind === 'line' ? [doc.entry] : []));
}

export interface PreparedStatement {
  readonly input: StatementCalculationInput;
  /** Position of the last event the statement includes (the quarter's cut). */
  readonly throughPosition: string;
  readonly termsVersion: string;
}

export function prepareStatement(reader: StatementDocReader, partnerId: string, quarter: string): PreparedStatement {
  const lookup = (key: string): StatementsDoc | undefined => reader.get(key);
  const calendar = lookup(CALENDAR_KEY) as CalendarDoc | undefined;
  const closed = calendar?.closed[quarter];
  if (!closed) throw DomainError.rule('S-3', `S-3: quarter ${quarter} is not closed`, 'quarter');
  const partner = lookup(partnerKey(partnerId)) as PartnerDoc | undefined;
  if (!partner?.enrolled) throw DomainError.notFound(`partner ${partnerId}`, 'partnerId');
  const lines = lookup(linesKey(partnerId, quarter)) as LinesDoc | undefined;
  if (lines?.status === 'issued') throw DomainError.conflict(`S-3: the statement of ${partnerId} for ${quarter} is already issued`, 'S-3');
  if (partner.lastStatement && compareQuarters(partner.lastStatement.quarter, quarter) >= 0) {
    throw DomainError.conflict(`S-2: ${partnerId} already has a statement for ${partner.lastStatement.quarter}; statements are issued in quarter order`, 'S-2');
  }
  const previous = lookup(linesKey(partnerId, previousQuarter(quarter))) as LinesDoc | undefined;
  if (previous && previous.status === 'open' && previous.lineCount > 0) {
    throw DomainError.rule('S-2', `S-2: issue the ${previous.quarter} statement of ${partnerId} first (its balance carries into ${quarter})`, 'quarter');
  }

  const cut = BigInt(closed.throughPosition);
  const book = bookAsOf(lookup(TERMS_KEY) as TermsDoc | undefined, cut);
  const terms = termsInForce(book, quarterEnd(quarter));
  const zero = { amountMinor: '0', currency: terms.currency };
  const formOnFile = partner.taxForm !== null && positionOf(partner.taxForm.onFileSince) <= cut;
  const taxFormSources: SourceRef[] = formOnFile ? [partner.taxForm!.onFileSince] : partner.enrolled ? [partner.enrolled] : [];
  return {
    input: {
      partnerId,
      quarter,
      currency: terms.currency,
      lines: lines ? linesOf(reader, partnerId, quarter).map((e) => e.line) : [],
      carryIn: partner.lastStatement
        ? { amount: partner.lastStatement.carriedOut, sources: [partner.lastStatement.source] }
        : { amount: zero, sources: [] },
      heldIn: partner.held ? { amount: partner.held.amount, sources: partner.held.sources } : { amount: zero, sources: [] },
      taxForm: { onFile: formOnFile, sources: taxFormSources },
      terms,
    },
    throughPosition: closed.throughPosition,
    termsVersion: terms.version,
  };
}

/**
 * Whether a statement should be issued: the quarter has lines, or held amounts are released now the
 * tax form is on file. A quarter with only a carried balance issues nothing; the balance waits.
 */
export function isStatementDue(prepared: PreparedStatement): boolean {
  const { input } = prepared;
  return input.lines.length > 0 || (input.taxForm.onFile && BigInt(input.heldIn.amount.amountMinor) !== 0n);
}

function bookAsOf(doc: TermsDoc | undefined, cut: bigint): ProgramTermsBook {
  const versions = (doc?.versions ?? []).filter((v) => positionOf(v.source) <= cut).map((v) => v.terms);
  return versions.length > 0 ? { versions } : DEFAULT_TERMS_BOOK;
}
