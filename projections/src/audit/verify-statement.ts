/**
 * A-2, S-3: checks an issued statement against a recomputation (line by line, total by total) and
 * re-checks its seal.
 */
import type { StatementIssued } from '@ledger/domain';
import { canonicalJson } from '@ledger/domain';
import type { ComputedStatement } from '@ledger/domain/statement/statement-calculator';
import { sealStatement, type HashFunction } from '@ledger/domain/statement/statement-seal';
import { sha256Hex } from '../statements/seal';

export interface StatementVerification {
  readonly ok: boolean;
  readonly sealValid: boolean;
  readonly differences: readonly string[];
}

export function verifyStatement(
  issued: StatementIssued['data'],
  recomputed: ComputedStatement & { readonly termsVersion?: string; readonly throughPosition?: string },
  hash: HashFunction = sha256Hex,
): StatementVerification {
  const differences: string[] = [];
  const sealValid = sealStatement(issued, hash) === issued.seal;
  if (!sealValid) differences.push('seal: does not match the statement content (S-3)');
  if (recomputed.termsVersion !== undefined && recomputed.termsVersion !== issued.termsVersion) {
    differences.push(`termsVersion: issued ${issued.termsVersion}, recomputed ${recomputed.termsVersion}`);
  }
  if (recomputed.throughPosition !== undefined && recomputed.throughPosition !== issued.throughPosition) {
    differences.push(`throughPosition: issued ${issued.throughPosition}, recomputed ${recomputed.throughPosition}`);
  }
  const issuedLines = new Map(issued.lines.map((l) => [l.lineId, l]));
  const recomputedLines = new Map(recomputed.lines.map((l) => [l.lineId, l]));
  for (const [id, line] of issuedLines) {
    const other = recomputedLines.get(id);
    if (!other) differences.push(`line ${id}: on the issued statement, not recomputed`);
    else if (canonicalJson(line) !== canonicalJson(other)) differences.push(`line ${id}: differs from the recomputation`);
  }
  for (const id of recomputedLines.keys()) if (!issuedLines.has(id)) differences.push(`line ${id}: recomputed, not on the issued statement`);
  const sameSet = issuedLines.size === recomputedLines.size && [...issuedLines.keys()].every((id) => recomputedLines.has(id));
  if (sameSet && issued.lines.some((l, i) => recomputed.lines[i]?.lineId !== l.lineId)) differences.push('lines: in a different order');
  for (const [name, value] of Object.entries(issued.totals)) {
    const other = (recomputed.totals as unknown as Record<string, { amountMinor: string; currency: string }>)[name];
    if (!other || other.amountMinor !== value.amountMinor || other.currency !== value.currency) {
      differences.push(`totals.${name}: issued ${value.amountMinor}, recomputed ${other?.amountMinor ?? 'missing'}`);
    }
  }
  return { ok: differences.length === 0, sealValid, differences };
}
