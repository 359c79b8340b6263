/**
 * B1 workload (issue 8): N events in appends of 1–3 events over S streams, chosen by a seeded
 * PRNG; every append carries the expected revision of its stream. The plan is compact (two typed
 * arrays); the events themselves are built from their index when appended, identically for every
 * contender, so no contender pays for generating a different workload.
 */
import type { EventMetadata, EventToAppend } from '@ledger/event-store';
import { createRng, intBetween, uuidFrom } from './prng';

export interface B1WorkloadOptions {
  readonly events: number;
  readonly streams: number;
  readonly seed: number;
  readonly minPerAppend?: number;
  readonly maxPerAppend?: number;
}

export interface AppendPlan {
  /** Stream index (0..streams-1) of each append. */
  readonly stream: Uint32Array;
  /** Number of events of each append. */
  readonly count: Uint8Array;
  /** Index of the first event of each append (events are numbered 0..events-1 in plan order). */
  readonly firstEvent: Uint32Array;
  readonly appends: number;
  readonly events: number;
  readonly streams: number;
  readonly seed: number;
}

export function b1Plan(options: B1WorkloadOptions): AppendPlan {
  const { events, streams, seed } = options;
  const min = options.minPerAppend ?? 1;
  const max = options.maxPerAppend ?? 3;
  if (!Number.isInteger(events) || events < 1) throw new RangeError(`events must be a positive integer, got ${events}`);
  if (!Number.isInteger(streams) || streams < 1) throw new RangeError(`streams must be a positive integer, got ${streams}`);
  if (!(Number.isInteger(min) && Number.isInteger(max) && min >= 1 && max >= min && max <= 255)) {
    throw new RangeError(`events per append must be 1 ≤ min ≤ max ≤ 255, got ${min}..${max}`);
  }
  const rng = createRng(seed);
  const stream = new Uint32Array(events);
  const count = new Uint8Array(events);
  const firstEvent = new Uint32Array(events);
  let appends = 0;
  let total = 0;
  while (total < events) {
    const n = Math.min(intBetween(rng, min, max), events - total);
    stream[appends] = Math.floor(rng() * streams);
    count[appends] = n;
    firstEvent[appends] = total;
    total += n;
    appends++;
  }
  return {
    stream: stream.slice(0, appends),
    count: count.slice(0, appends),
    firstEvent: firstEvent.slice(0, appends),
    appends,
    events,
    streams,
    seed,
  };
}

export const streamName = (index: number): string => `payment-bench${index}`;

const KINDS = ['license', 'results-services', 'partner-services'] as const;
const BASE_MS = Date.UTC(2026, 0, 5, 15, 0, 0);

/**
 * Event number `index` of the workload: a RevenueCollected-shaped payload (~450 bytes of JSON
 * with its metadata), the same bytes for every contender.
 */
export function b1Event(seed: number, index: number): EventToAppend {
  const rng = createRng((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const id = uuidFrom(rng);
  const at = new Date(BASE_MS + index * 1000).toISOString();
  const metadata: EventMetadata = {
    correlationId: id,
    causationId: id,
    actor: 'system:bench',
    commandId: id,
    occurredAt: at,
    recordedAt: at,
    schemaVersion: 1,
  };
  return {
    id,
    type: 'RevenueCollected',
    data: {
      paymentId: `pay-${index}`,
      customerKey: `customer-${intBetween(rng, 1, 50_000)}`,
      revenueKind: KINDS[intBetween(rng, 0, 2)] as string,
      order: { type: 'initial' },
      amount: { amountMinor: String(intBetween(rng, 1_000, 5_000_000)), currency: 'USD' },
      collectedAt: at,
      partnerId: `partner-${intBetween(rng, 1, 2_000)}`,
    },
    metadata,
  };
}

/** The events of append number `a` of the plan. */
export function planEvents(plan: AppendPlan, a: number): EventToAppend[] {
  const first = plan.firstEvent[a] as number;
  const n = plan.count[a] as number;
  const events = new Array<EventToAppend>(n);
  for (let i = 0; i < n; i++) events[i] = b1Event(plan.seed, first + i);
  return events;
}

/** The appends of writer `w` of `writers` (each writer owns the streams s with s % writers === w). */
export function writerAppends(plan: AppendPlan, writers: number, w: number): number[] {
  const out: number[] = [];
  for (let a = 0; a < plan.appends; a++) if ((plan.stream[a] as number) % writers === w) out.push(a);
  return out;
}
