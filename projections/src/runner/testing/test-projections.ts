/**
 * Projections and event builders for the runner's tests (unit specs and the kill -9 test's child
 * process). Not used by production code.
 */
import type { EventToAppend, Json, RecordedEvent } from '@ledger/event-store';
import type { Projection } from '../projection';

export const ACCOUNT_EVENT_TYPES = ['Deposited', 'Withdrawn', 'AccountClosed'] as const;

/** Deterministic UUID (v4 layout) from a counter: tests never need randomness for ids. */
export function testEventId(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

export function testEvent(n: number, type: string, data: Json): EventToAppend {
  const at = '2026-01-15T10:00:00Z';
  return {
    id: testEventId(n),
    type,
    data,
    metadata: {
      correlationId: testEventId(n),
      causationId: testEventId(n),
      actor: 'test',
      commandId: testEventId(n),
      occurredAt: at,
      recordedAt: at,
      schemaVersion: 1,
    },
  };
}

export interface EventCountDoc {
  readonly count: number;
  readonly lastPosition: string;
}

/** Counts every event in $all ("total") and per event type ("type:<type>"). No filter. */
export function eventCountProjection(version = 1): Projection<EventCountDoc> {
  return {
    name: 'event-count',
    version,
    keys: (event) => ['total', `type:${event.type}`],
    apply: (docs, event) =>
      new Map(
        [...docs].map(([key, doc]) => [key, { count: (doc?.count ?? 0) + 1, lastPosition: event.position.toString() }]),
      ),
  };
}

export interface AccountBalanceDoc {
  readonly account: string;
  /** Minor units as a decimal string (documents hold no bigint). */
  readonly balance: string;
  readonly entries: number;
  readonly lastPosition: string;
}

interface AccountEventData {
  readonly account: string;
  readonly amount?: string;
}

/**
 * Keyed sum: one document per account (`account:<id>`), balance in minor units; AccountClosed
 * deletes the document. Only `account-*` streams and the account event types reach it.
 */
export function accountBalanceProjection(version = 1): Projection<AccountBalanceDoc> {
  return {
    name: 'account-balances',
    version,
    filter: { streamNamePrefixes: ['account-'], eventTypes: [...ACCOUNT_EVENT_TYPES] },
    keys: (event) => [`account:${accountData(event).account}`],
    apply: (docs, event) => {
      const data = accountData(event);
      const key = `account:${data.account}`;
      if (event.type === 'AccountClosed') return new Map([[key, null]]);
      const doc = docs.get(key);
      const amount = BigInt(data.amount ?? '0');
      const signed = event.type === 'Withdrawn' ? -amount : amount;
      return new Map([
        [
          key,
          {
            account: data.account,
            balance: (BigInt(doc?.balance ?? '0') + signed).toString(),
            entries: (doc?.entries ?? 0) + 1,
            lastPosition: event.position.toString(),
          },
        ],
      ]);
    },
  };
}

function accountData(event: RecordedEvent): AccountEventData {
  return event.data as unknown as AccountEventData;
}
