/**
 * A-2, S-7: recompute an issued statement from the event log alone — rebuild the statements read
 * model from the events before the StatementIssued event, read the partner-quarter as of its cut,
 * and calculate it again.
 */
import { calculateStatement, type ComputedStatement } from '@ledger/domain/statement/statement-calculator';
import type { StatementIssued } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import { mapReader, prepareStatement } from '../statements/statement-input';
import { DocMap } from '../runner/doc-map';
import { createStatementsProjection, type StatementsProjectionOptions } from '../statements/statements.projection';
import type { StatementsDoc } from '../statements/statement-docs';
import { applyToDocs } from './replay-projection';

export interface RecomputedStatement extends ComputedStatement {
  readonly termsVersion: string;
  readonly throughPosition: string;
}

export function recomputeStatement(log: Iterable<RecordedEvent>, issuedEvent: RecordedEvent, options: StatementsProjectionOptions = {}): RecomputedStatement {
  if (issuedEvent.type !== 'StatementIssued') throw new Error(`${issuedEvent.id} is a ${issuedEvent.type}, not a StatementIssued`);
  const issued = issuedEvent.data as unknown as StatementIssued['data'];
  const projection = createStatementsProjection(options);
  const docs = new DocMap<StatementsDoc>();
  for (const event of log) {
    if (event.position >= issuedEvent.position) break;
    applyToDocs(projection, docs, event);
  }
  const prepared = prepareStatement(mapReader(docs), issued.partnerId, issued.quarter);
  return { ...calculateStatement(prepared.input), termsVersion: prepared.termsVersion, throughPosition: prepared.throughPosition };
}
