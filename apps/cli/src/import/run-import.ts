/**
 * Bulk import of one CSV file through the command bus (the one command path). Rows stream from
 * the file; each row becomes one or more commands with deterministic command ids, so importing
 * the same file again appends nothing. A row's refusal never stops the import: it is reported
 * with its line, the CSV column and the domain's reason.
 */
import * as fs from 'node:fs';
import type { CommandBus, ICommand } from '@nestjs/cqrs';
import type { CommandMeta, CommandResult } from '@ledger/application';
import { DomainError } from '@ledger/domain';
import { Temporal } from 'temporal-polyfill';
import { KeyedPool } from '../concurrency/keyed-pool';
import { readCsv, type CsvRecord } from '../csv/csv-reader';
import type { CsvRow, ImportKind, ImportStep } from './import-kind';

export interface RejectedCell {
  readonly line: number;
  /** The CSV column (or "(row)" when the refusal concerns the whole row). */
  readonly field: string;
  readonly rule: string;
  readonly reason: string;
}

export interface ImportSummary {
  readonly kind: string;
  readonly rowsRead: number;
  /** Rows that appended at least one event. */
  readonly appended: number;
  /** Rows whose commands were replays (same command id) or no-ops (e.g. R-9 repeated payment id). */
  readonly alreadyPresent: number;
  readonly rejected: number;
  /** Events appended by this run, by type. */
  readonly eventsAppended: Readonly<Record<string, number>>;
  /** One entry per refused cell (a row may have several), in line order. */
  readonly rejections: readonly RejectedCell[];
}

/** The file as a whole cannot be imported (header problems); no row was applied. */
export class ImportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFileError';
  }
}

export interface ImportOptions {
  readonly bus: CommandBus;
  readonly meta: (commandId: string) => CommandMeta;
  readonly concurrency?: number;
  readonly onProgress?: (rowsDone: number, rowsTotal: number) => void;
}

interface RowOutcome {
  readonly line: number;
  pending: number;
  appended: boolean;
  failed: boolean;
}

export async function runImport(kind: ImportKind, file: string, options: ImportOptions): Promise<ImportSummary> {
  const total = await countRecords(file);
  const rowsTotal = Math.max(0, total - 1);
  const records = readCsv(fs.createReadStream(file, { encoding: 'utf8' }));
  const header = await records.next();
  if (header.done) throw new ImportFileError(`${file} is empty: expected a header row (${kind.columns.map((c) => c.name).join(',')})`);
  const columns = checkHeader(kind, header.value);

  const rejections: RejectedCell[] = [];
  const eventsAppended: Record<string, number> = {};
  let rowsRead = 0;
  let done = 0;
  let appended = 0;
  let alreadyPresent = 0;
  let rejected = 0;
  const pool = new KeyedPool(options.concurrency ?? 16);
  options.onProgress?.(0, rowsTotal);

  const finish = (row: RowOutcome): void => {
    if (row.failed) rejected++;
    else if (row.appended) appended++;
    else alreadyPresent++;
    done++;
    options.onProgress?.(done, rowsTotal);
  };
  const reject = (row: RowOutcome, cells: readonly Omit<RejectedCell, 'line'>[]): void => {
    row.failed = true;
    for (const cell of cells) rejections.push({ line: row.line, ...cell });
  };

  const runStep = async (row: RowOutcome, step: ImportStep): Promise<void> => {
    if (!row.failed) {
      try {
        const result = (await options.bus.execute(step.command(options.meta(step.commandId)) as ICommand)) as CommandResult;
        if (!result.replayed && result.events.length > 0) {
          row.appended = true;
          for (const e of result.events) eventsAppended[e.type] = (eventsAppended[e.type] ?? 0) + 1;
        }
      } catch (error) {
        reject(row, refusalCells(kind, error));
      }
    }
    if (--row.pending === 0) finish(row);
  };

  const ordered: { row: RowOutcome; step: ImportStep; index: number }[] = [];
  for await (const record of records) {
    rowsRead++;
    const row: RowOutcome = { line: record.line, pending: 0, appended: false, failed: false };
    const plan = planRow(kind, columns, record);
    if ('violations' in plan) {
      reject(row, plan.violations);
      finish(row);
      continue;
    }
    row.pending = plan.steps.length;
    if (kind.ordered) {
      plan.steps.forEach((step) => ordered.push({ row, step, index: ordered.length }));
    } else {
      for (const step of plan.steps) await pool.submit(step.key, () => runStep(row, step));
    }
  }
  // D-3: historical registrations are decided in timestamp order (ties: file order).
  ordered.sort((a, b) => compareAt(a.step.at, b.step.at) || a.index - b.index);
  for (const { row, step } of ordered) await pool.submit(step.key, () => runStep(row, step));
  await pool.drain();

  rejections.sort((a, b) => a.line - b.line);
  return { kind: kind.name, rowsRead, appended, alreadyPresent, rejected, eventsAppended, rejections };
}

function checkHeader(kind: ImportKind, record: CsvRecord): string[] {
  if (record.error) throw new ImportFileError(`header row: ${record.error}`);
  const columns = record.fields.map((f) => f.trim().toLowerCase());
  const known = new Set(kind.columns.map((c) => c.name));
  const unknown = columns.filter((c) => !known.has(c));
  const duplicated = columns.filter((c, i) => columns.indexOf(c) !== i);
  const missing = kind.columns.filter((c) => c.required && !columns.includes(c.name)).map((c) => c.name);
  const problems = [
    ...(missing.length > 0 ? [`missing required column(s): ${missing.join(', ')}`] : []),
    ...(unknown.length > 0 ? [`unknown column(s): ${unknown.join(', ')}`] : []),
    ...(duplicated.length > 0 ? [`duplicated column(s): ${[...new Set(duplicated)].join(', ')}`] : []),
  ];
  if (problems.length > 0) {
    throw new ImportFileError(
      `the header does not fit "ledger import ${kind.name}": ${problems.join('; ')}. Columns: ${kind.columns
        .map((c) => (c.required ? c.name : `[${c.name}]`))
        .join(', ')} (docs/cli.md)`,
    );
  }
  return columns;
}

type PlannedRow = { readonly steps: readonly ImportStep[] } | { readonly violations: readonly Omit<RejectedCell, 'line'>[] };

function planRow(kind: ImportKind, columns: readonly string[], record: CsvRecord): PlannedRow {
  if (record.error) return { violations: [{ field: '(row)', rule: '', reason: record.error }] };
  if (record.fields.length !== columns.length) {
    return {
      violations: [{ field: '(row)', rule: '', reason: `has ${record.fields.length} fields, the header has ${columns.length}` }],
    };
  }
  const row: Record<string, string> = {};
  columns.forEach((c, i) => (row[c] = record.fields[i]!));
  const plan = kind.plan(row as CsvRow);
  if ('violations' in plan) return { violations: plan.violations.map((v) => ({ field: v.field, rule: '', reason: v.message })) };
  return plan;
}

/** The refusal as cells: each field violation under its CSV column, or the whole row. */
function refusalCells(kind: ImportKind, error: unknown): Omit<RejectedCell, 'line'>[] {
  if (error instanceof DomainError) {
    const rule = error.ruleId ?? '';
    if (error.violations.length === 0) return [{ field: '(row)', rule, reason: error.message }];
    return error.violations.map((v) => ({ field: kind.fieldColumns[v.field] ?? v.field, rule, reason: v.message }));
  }
  return [{ field: '(row)', rule: '', reason: `unexpected error: ${(error as Error)?.message ?? String(error)}` }];
}

function compareAt(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1; // "now" comes after every historical timestamp
  if (b === null) return -1;
  try {
    return Temporal.Instant.compare(Temporal.Instant.from(a), Temporal.Instant.from(b));
  } catch {
    return 0; // a malformed timestamp is refused by the domain, wherever it runs
  }
}

async function countRecords(file: string): Promise<number> {
  let n = 0;
  try {
    for await (const _record of readCsv(fs.createReadStream(file, { encoding: 'utf8' }))) n++;
  } catch (error) {
    throw new ImportFileError(`cannot read ${file}: ${(error as Error).message}`);
  }
  return n;
}
