/**
 * What the demo produced, read back from the event log: counts per event type and a few
 * interesting ids, each with the CLI and HTTP commands that show it.
 */
import type { EventStore } from '@ledger/event-store';

export interface DemoHighlight {
  readonly title: string;
  readonly id: string;
  readonly commands: readonly string[];
}

export interface DemoReport {
  readonly events: number;
  readonly eventsByType: Readonly<Record<string, number>>;
  readonly highlights: readonly DemoHighlight[];
}

interface StatementIssuedData {
  partnerId: string;
  quarter: string;
  lines: { lineId: string; kind: string }[];
  totals: { held: { amountMinor: string } };
}

export async function buildDemoReport(store: EventStore): Promise<DemoReport> {
  const eventsByType: Record<string, number> = {};
  let events = 0;
  const rejectedKeys = new Set<string>();
  let disputed: string | null = null;
  let clawback: { partnerId: string; quarter: string; lineId: string } | null = null;
  let taxHold: { partnerId: string; quarter: string } | null = null;
  const broken: Record<string, string> = {};
  const ladder: Record<string, { partnerId: string; quarter: string }> = {};
  let latePayment: { partnerId: string; quarter: string } | null = null;

  for await (const e of store.readAll()) {
    events++;
    eventsByType[e.type] = (eventsByType[e.type] ?? 0) + 1;
    const d = e.data as Record<string, unknown>;
    switch (e.type) {
      case 'DealRegistrationRejected':
        rejectedKeys.add(String(d['opportunityKey']));
        break;
      case 'DealRegistrationOverridden':
        if (disputed === null && rejectedKeys.has(String(d['opportunityKey'])) && d['newPartnerId'] !== null) disputed = String(d['opportunityKey']);
        break;
      case 'StatementIssued': {
        const s = e.data as unknown as StatementIssuedData;
        const line = s.lines.find((l) => l.kind === 'clawback');
        if (clawback === null && line) clawback = { partnerId: s.partnerId, quarter: s.quarter, lineId: line.lineId };
        if (taxHold === null && BigInt(s.totals.held.amountMinor) > 0n) taxHold = { partnerId: s.partnerId, quarter: s.quarter };
        break;
      }
      case 'RenewalChainBroken':
        broken[String(d['reason'])] ??= String(d['customerKey']);
        break;
      case 'CsatWarningIssued':
      case 'TierReviewDue':
      case 'TierRealignmentDue':
        ladder[e.type] ??= { partnerId: String(d['partnerId']), quarter: String(d['quarter']) };
        break;
      case 'StatementPaid':
        if (latePayment === null && d['late'] === true) latePayment = { partnerId: String(d['partnerId']), quarter: String(d['quarter']) };
        break;
    }
  }

  const http = (path: string, method = '') => `curl ${method ? `-X ${method} ` : ''}-H "Authorization: Bearer $LEDGER_API_KEY" 'http://127.0.0.1:3000${path}'`;
  const highlights: DemoHighlight[] = [];
  if (disputed) {
    highlights.push({
      title: 'Disputed opportunity: a duplicate registration rejected (D-3), then a customer-preference override (D-9)',
      id: disputed,
      commands: [`ledger dispute replay ${disputed}`, `ledger dispute check ${disputed}`, http(`/opportunities/${encodeURIComponent(disputed)}/timeline`)],
    });
  }
  if (clawback) {
    highlights.push({
      title: `Partner with a clawback (R-8: a refund after the collection's statement was issued), ${clawback.quarter}`,
      id: clawback.partnerId,
      commands: [
        `ledger statement show ${clawback.partnerId} ${clawback.quarter}`,
        `ledger statement explain ${clawback.partnerId} ${clawback.quarter} ${clawback.lineId}`,
        http(`/partners/${clawback.partnerId}/statements/${clawback.quarter}`),
        http(`/partners/${clawback.partnerId}/statements/${clawback.quarter}/lines/${clawback.lineId}/audit`),
      ],
    });
  }
  if (taxHold) {
    highlights.push({
      title: `Partner with a tax hold (S-5: no tax form on file), ${taxHold.quarter}`,
      id: taxHold.partnerId,
      commands: [`ledger statement show ${taxHold.partnerId} ${taxHold.quarter}`, http(`/partners/${taxHold.partnerId}/statements/${taxHold.quarter}`)],
    });
  }
  for (const [reason, customerKey] of Object.entries(broken).sort()) {
    highlights.push({
      title: `Broken renewal chain (R-7: ${reason})`,
      id: customerKey,
      commands: [`ledger stream renewal-${customerKey}`, http(`/events?categories=renewal&types=RenewalPlaced,RenewalChainBroken`)],
    });
  }
  const onLadder = ladder['TierRealignmentDue'] ?? ladder['TierReviewDue'] ?? ladder['CsatWarningIssued'];
  if (onLadder) {
    highlights.push({
      title: `Partner on the CSAT ladder (C-5), ${onLadder.quarter}`,
      id: onLadder.partnerId,
      commands: [`ledger standing show ${onLadder.partnerId} --quarter ${onLadder.quarter}`, http(`/partners/${onLadder.partnerId}/standing?quarter=${onLadder.quarter}`), http('/standing/overview')],
    });
  }
  if (latePayment) {
    highlights.push({
      title: `Statement paid late (S-4: after 30 days from the quarter end), ${latePayment.quarter}`,
      id: latePayment.partnerId,
      commands: [`ledger statement show ${latePayment.partnerId} ${latePayment.quarter}`],
    });
  }
  highlights.push({
    title: 'Every statement seal, recomputed from the log (S-3, A-2)',
    id: '',
    commands: ['ledger statement verify', http('/statements/verify', 'POST')],
  });
  return { events, eventsByType, highlights };
}
