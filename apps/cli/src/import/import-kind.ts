/**
 * What one kind of CSV import (collections, refunds, surveys, …) declares: its columns, how a
 * row becomes one or more commands, and which CSV column each domain field comes from (so a
 * refusal names the column the user has to fix).
 */
import type { ICommand } from '@nestjs/cqrs';
import type { CommandMeta } from '@ledger/application';
import type { FieldViolation } from '@ledger/domain';
import { createHash } from 'node:crypto';

export interface ColumnSpec {
  readonly name: string;
  readonly required: boolean;
  readonly description: string;
}

/** One command of a row. */
export interface ImportStep {
  /** Deterministic from the row's natural id and the command's data: a re-import replays it. */
  readonly commandId: string;
  /** Steps with the same key run in order, one at a time (they target the same stream). */
  readonly key: string;
  /** Business time (ISO instant); ordered kinds run their steps in this order (D-3). */
  readonly at: string | null;
  readonly command: (meta: CommandMeta) => ICommand;
}

export type RowPlan = { readonly steps: readonly ImportStep[] } | { readonly violations: readonly FieldViolation[] };

export type CsvRow = Readonly<Record<string, string>>;

export interface ImportKind {
  readonly name: string;
  readonly description: string;
  readonly columns: readonly ColumnSpec[];
  /** True when rows must be applied in business-time order across the file (D-3). */
  readonly ordered: boolean;
  /** Domain field (as in `DomainError.violations`) → CSV column; unlisted fields are shown as they are. */
  readonly fieldColumns: Readonly<Record<string, string>>;
  plan(row: CsvRow): RowPlan;
}

/**
 * `import:<what>:<naturalId>:<digest>` — the natural id makes the id readable and stable; the
 * digest of the command's data makes a corrected row (same natural id, different content) a new
 * command, which the domain then judges (e.g. R-9: same payment id, different amount → refused),
 * instead of being silently taken for a replay of the first import.
 */
export function importCommandId(what: string, naturalId: string, data: unknown): string {
  const digest = createHash('sha256').update(sortedJson(data)).digest('hex').slice(0, 12);
  return `import:${what}:${naturalId}:${digest}`;
}

/** JSON with object keys sorted, so the digest does not depend on property order. */
function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
