/**
 * Audit index: for an event id, the issued statement lines it produced. A line carries its
 * own sources (S-1); this index answers the reverse question. Indexed per issued line: its primary
 * source (the fact, or the trigger of a re-pricing, or the previous statement for a carry-in) and
 * every revenue fact it cites (the collection a refund or clawback reverses).
 */
import type { StatementIssued } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import type { Projection, ReadModelDocs } from '../runner/projection';

export const auditKey = (eventId: string): string => `event:${eventId}`;

export interface AuditLineRef {
  readonly partnerId: string;
  readonly quarter: string;
  readonly statementId: string;
  readonly lineId: string;
  /** `primary`: the line's first source; `related`: another revenue fact the line cites. */
  readonly role: 'primary' | 'related';
}

export interface AuditIndexDoc {
  readonly kind: 'event-lines';
  readonly eventId: string;
  readonly lines: readonly AuditLineRef[];
}

const REVENUE_FACTS = new Set(['RevenueCollected', 'RevenueRefunded', 'ChargebackRecorded']);

function indexedSources(data: StatementIssued['data']): { eventId: string; ref: AuditLineRef }[] {
  const out: { eventId: string; ref: AuditLineRef }[] = [];
  for (const line of data.lines) {
    line.sources.forEach((source, i) => {
      if (i === 0 || REVENUE_FACTS.has(source.type)) {
        out.push({
          eventId: source.eventId,
          ref: { partnerId: data.partnerId, quarter: data.quarter, statementId: data.statementId, lineId: line.lineId, role: i === 0 ? 'primary' : 'related' },
        });
      }
    });
  }
  return out;
}

export const auditProjection: Projection<AuditIndexDoc> = {
  name: 'audit',
  version: 1,
  filter: { eventTypes: ['StatementIssued'] },

  keys(event: RecordedEvent) {
    if (event.type !== 'StatementIssued') return [];
    return [...new Set(indexedSources(event.data as unknown as StatementIssued['data']).map((s) => auditKey(s.eventId)))];
  },

  apply(docs: ReadModelDocs<AuditIndexDoc>, event: RecordedEvent) {
    const out = new Map<string, AuditIndexDoc>();
    if (event.type !== 'StatementIssued') return out;
    for (const { eventId, ref } of indexedSources(event.data as unknown as StatementIssued['data'])) {
      const key = auditKey(eventId);
      const doc = out.get(key) ?? docs.get(key) ?? { kind: 'event-lines', eventId, lines: [] };
      if (doc.lines.some((l) => l.statementId === ref.statementId && l.lineId === ref.lineId && l.role === ref.role)) continue;
      out.set(key, { ...doc, lines: [...doc.lines, ref].sort(compareRefs) });
    }
    return out;
  },
};

function compareRefs(a: AuditLineRef, b: AuditLineRef): number {
  const ka = `${a.quarter}\u0000${a.partnerId}\u0000${a.lineId}\u0000${a.role}`;
  const kb = `${b.quarter}\u0000${b.partnerId}\u0000${b.lineId}\u0000${b.role}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
