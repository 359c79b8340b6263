/**
 * B4: what the queries ask for, drawn with the seeded PRNG from the event log itself (read-only):
 * issued statements (partner, quarter), lines of issued statements (for the audit chain) and
 * opportunity keys (for the dispute timeline). The same seed gives the same samples.
 */
import Database from 'better-sqlite3';
import { createRng, pick } from '../harness/prng';

export type QueryKind = 'statement' | 'audit' | 'timeline';
export const QUERY_KINDS: readonly QueryKind[] = ['statement', 'audit', 'timeline'];

export interface StatementRef {
  readonly partnerId: string;
  readonly quarter: string;
  readonly lines: number;
}

export interface LineRef {
  readonly partnerId: string;
  readonly quarter: string;
  readonly lineId: string;
  readonly sources: number;
}

export interface Targets {
  readonly statement: readonly StatementRef[];
  readonly audit: readonly LineRef[];
  readonly timeline: readonly string[];
  /** The issued statement with the most lines (the worst case of the statement query). */
  readonly largestStatement: StatementRef;
  readonly population: {
    readonly issuedStatements: number;
    readonly closedQuarters: number;
    readonly opportunities: number;
    readonly linesPerStatement: { readonly median: number; readonly max: number };
  };
}

export function pickTargets(eventsFile: string, seed: number, count: number): Targets {
  const db = new Database(eventsFile, { readonly: true, fileMustExist: true });
  try {
    const statements = db
      .prepare(
        `SELECT position, json_extract(data, '$.partnerId') AS partnerId, json_extract(data, '$.quarter') AS quarter,
                json_array_length(data, '$.lines') AS lines
           FROM events WHERE type = 'StatementIssued' ORDER BY position`,
      )
      .all() as (StatementRef & { position: number })[];
    if (statements.length === 0) throw new Error(`${eventsFile} holds no StatementIssued event: nothing to query`);
    const closedQuarters = Number(db.prepare(`SELECT COUNT(*) FROM events WHERE type = 'QuarterClosed'`).pluck().get());
    const opportunities = db
      .prepare(`SELECT DISTINCT json_extract(data, '$.opportunityKey') FROM events WHERE type = 'DealRegistered'`)
      .pluck()
      .all() as string[];
    const rng = createRng(seed);
    const statementSample = Array.from({ length: count }, () => pick(rng, statements));
    const lineOf = db.prepare(`SELECT json_extract(data, ?) AS lineId, json_array_length(data, ?) AS sources FROM events WHERE position = ?`);
    const withLines = statements.filter((s) => s.lines > 0);
    const audit = Array.from({ length: count }, (): LineRef => {
      const s = pick(rng, withLines);
      const index = Math.floor(rng() * s.lines);
      const row = lineOf.get(`$.lines[${index}].lineId`, `$.lines[${index}].sources`, s.position) as { lineId: string; sources: number };
      return { partnerId: s.partnerId, quarter: s.quarter, lineId: row.lineId, sources: row.sources };
    });
    const timeline = Array.from({ length: count }, () => pick(rng, opportunities));
    const sortedLines = statements.map((s) => s.lines).sort((a, b) => a - b);
    const largest = statements.reduce((a, b) => (b.lines > a.lines ? b : a));
    const strip = ({ partnerId, quarter, lines }: StatementRef): StatementRef => ({ partnerId, quarter, lines });
    return {
      statement: statementSample.map(strip),
      audit,
      timeline,
      largestStatement: strip(largest),
      population: {
        issuedStatements: statements.length,
        closedQuarters,
        opportunities: opportunities.length,
        linesPerStatement: { median: sortedLines[sortedLines.length >> 1] ?? 0, max: sortedLines[sortedLines.length - 1] ?? 0 },
      },
    };
  } finally {
    db.close();
  }
}
