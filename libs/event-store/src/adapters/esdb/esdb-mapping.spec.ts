/**
 * EventStoreDB adapter translations, tested without a server: expected revisions, errors,
 * metadata ($correlationId / $causationId for the system projections), positions, filters.
 */
import {
  ANY,
  DeadlineExceededError,
  EVENT_TYPE,
  MaxAppendSizeExceededError,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  STREAM_NAME,
  StreamNotFoundError as EsdbStreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  type RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
import {
  EventStoreUnavailableError,
  InvalidAppendError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '../../event-store.errors';
import type { EventMetadata } from '../../event-store.port';
import {
  exactEventTypesRegex,
  fromEsdbMetadata,
  isSystemEvent,
  mapEsdbError,
  serverFilterFor,
  toEsdbExpectedRevision,
  toEsdbMetadata,
  toEsdbReadPosition,
  toEsdbReadRevision,
  toGlobalPosition,
  toRecordedEvent,
} from './esdb-mapping';

const metadata: EventMetadata = {
  correlationId: 'corr-1',
  causationId: 'cause-1',
  actor: 'cli:finance',
  commandId: 'cmd-1',
  occurredAt: '2026-03-31T23:59:59Z',
  recordedAt: '2026-04-01T00:00:01Z',
  schemaVersion: 2,
  termsVersion: 'terms-2026-01',
};

describe('esdb mapping: expected revision', () => {
  it.each([
    ['no_stream', NO_STREAM],
    ['stream_exists', STREAM_EXISTS],
    ['any', ANY],
  ] as const)('%s maps to the client constant', (port, esdb) => {
    expect(toEsdbExpectedRevision(port)).toBe(esdb);
  });

  it('an exact revision stays the same bigint', () => {
    expect(toEsdbExpectedRevision(0n)).toBe(0n);
    expect(toEsdbExpectedRevision(9_007_199_254_740_993n)).toBe(9_007_199_254_740_993n);
  });
});

describe('esdb mapping: metadata', () => {
  it('writes the port metadata plus $correlationId and $causationId copies', () => {
    expect(toEsdbMetadata(metadata)).toEqual({
      ...metadata,
      $correlationId: 'corr-1',
      $causationId: 'cause-1',
    });
  });

  it('reads back exactly the port metadata (the $ copies removed, other keys kept)', () => {
    const stored = JSON.parse(JSON.stringify(toEsdbMetadata(metadata))) as unknown;
    expect(fromEsdbMetadata(stored, 'e-1')).toEqual(metadata);
  });

  it('refuses metadata that is not a JSON object (an event this ledger did not write)', () => {
    expect(() => fromEsdbMetadata(undefined, 'e-1')).toThrow(/e-1 has no JSON object metadata/);
    expect(() => fromEsdbMetadata(new Uint8Array([1, 2]), 'e-2')).toThrow(/e-2/);
    expect(() => fromEsdbMetadata(['x'], 'e-3')).toThrow(/e-3/);
  });
});

describe('esdb mapping: positions and revisions', () => {
  it("a port position p is read from {commit: p, prepare: p}; 'start' stays start", () => {
    expect(toEsdbReadPosition('start')).toBe(START);
    expect(toEsdbReadPosition(123_456n)).toEqual({ commit: 123_456n, prepare: 123_456n });
  });

  it('the port position is the commit position', () => {
    expect(toGlobalPosition({ commit: 4_096n, prepare: 4_096n }, 'e-1')).toBe(4_096n);
  });

  it('an event without a position is refused with the server version needed', () => {
    expect(() => toGlobalPosition(undefined, 'e-9')).toThrow(/e-9 without a position.*22\.6/);
  });

  it('read revisions default to start forwards and end backwards', () => {
    expect(toEsdbReadRevision(undefined, 'forwards')).toBe('start');
    expect(toEsdbReadRevision(undefined, 'backwards')).toBe('end');
    expect(toEsdbReadRevision('end', 'forwards')).toBe('end');
    expect(toEsdbReadRevision('start', 'backwards')).toBe('start');
    expect(toEsdbReadRevision(7n, 'backwards')).toBe(7n);
  });
});

describe('esdb mapping: recorded events', () => {
  const recorded = (overrides: Partial<Record<string, unknown>> = {}): EsdbRecordedEvent =>
    ({
      streamId: 'payment-p-1',
      id: '0b7d6a34-5d0e-4a5c-9d8e-1f2a3b4c5d6e',
      isJson: true,
      revision: 3n,
      type: 'RevenueCollected',
      created: new Date(0),
      data: { paymentId: 'p-1', amountMinor: '125000' },
      metadata: toEsdbMetadata(metadata),
      position: { commit: 77_000n, prepare: 77_000n },
      ...overrides,
    }) as unknown as EsdbRecordedEvent;

  it('maps to the port event: commit position, revision, data, metadata without the $ copies', () => {
    expect(toRecordedEvent(recorded())).toEqual({
      id: '0b7d6a34-5d0e-4a5c-9d8e-1f2a3b4c5d6e',
      type: 'RevenueCollected',
      data: { paymentId: 'p-1', amountMinor: '125000' },
      metadata,
      streamName: 'payment-p-1',
      revision: 3n,
      position: 77_000n,
    });
  });

  it('refuses a binary event', () => {
    expect(() => toRecordedEvent(recorded({ isJson: false, data: new Uint8Array([1]) }))).toThrow(/binary/);
  });

  it('recognises EventStoreDB system events by a $ stream name or type', () => {
    expect(isSystemEvent('$ce-partner', '$>')).toBe(true);
    expect(isSystemEvent('$$partner-1', '$metadata')).toBe(true);
    expect(isSystemEvent('$projections-$all', 'ProjectionCreated')).toBe(true);
    expect(isSystemEvent('partner-1', '$>')).toBe(true);
    expect(isSystemEvent('partner-1', 'PartnerEnrolled')).toBe(false);
  });
});

describe('esdb mapping: server-side filter (EventStoreDB applies one)', () => {
  it('stream-name prefixes win and go to the server as prefixes', () => {
    const filter = serverFilterFor({ streamNamePrefixes: ['payment-', 'renewal-'], eventTypes: ['RevenueCollected'] });
    expect(filter).toMatchObject({ filterOn: STREAM_NAME, prefixes: ['payment-', 'renewal-'] });
  });

  it('event types alone go to the server as an exact-match regex', () => {
    const filter = serverFilterFor({ eventTypes: ['DealRegistered', 'ProtectionExtended'] });
    expect(filter).toMatchObject({ filterOn: EVENT_TYPE, regex: '^(?:DealRegistered|ProtectionExtended)$' });
  });

  it('without a filter (or with empty lists) the server excludes its system events', () => {
    for (const f of [undefined, {}, { streamNamePrefixes: [], eventTypes: [] }]) {
      expect(serverFilterFor(f)).toMatchObject({ filterOn: EVENT_TYPE, regex: '^[^$].*' });
    }
  });

  it('the exact-type regex matches whole types only and escapes regex characters', () => {
    const regex = new RegExp(exactEventTypesRegex(['Paid', 'Fee.v2']));
    expect(regex.test('Paid')).toBe(true);
    expect(regex.test('Fee.v2')).toBe(true);
    expect(regex.test('Feexv2')).toBe(false);
    expect(regex.test('PaidOut')).toBe(false);
    expect(regex.test('Unpaid')).toBe(false);
  });
});

describe('esdb mapping: errors', () => {
  it('WrongExpectedVersionError → WrongExpectedRevisionError with stream, expected and actual', () => {
    const esdb = new WrongExpectedVersionError(undefined, { streamName: 'opportunity-acme', expected: 1n, current: 4n });
    const mapped = mapEsdbError(esdb, { streamName: 'opportunity-acme', expectedRevision: 1n });
    expect(mapped).toBeInstanceOf(WrongExpectedRevisionError);
    expect(mapped).toMatchObject({ streamName: 'opportunity-acme', expectedRevision: 1n, actualRevision: 4n });
  });

  it("a conflict on a missing stream reports actual 'no_stream' and keeps the port's expected revision", () => {
    const esdb = new WrongExpectedVersionError(undefined, {
      streamName: 'partner-p-1',
      expected: STREAM_EXISTS,
      current: NO_STREAM,
    });
    expect(mapEsdbError(esdb, { streamName: 'partner-p-1', expectedRevision: 'stream_exists' })).toMatchObject({
      streamName: 'partner-p-1',
      expectedRevision: 'stream_exists',
      actualRevision: 'no_stream',
    });
    // Without context, the client's own values are used.
    expect(mapEsdbError(esdb)).toMatchObject({ expectedRevision: 'stream_exists', actualRevision: 'no_stream' });
  });

  it('StreamNotFoundError → port StreamNotFoundError naming the stream', () => {
    const mapped = mapEsdbError(new EsdbStreamNotFoundError(undefined, 'nfr-p-1'), { streamName: 'nfr-p-1' });
    expect(mapped).toBeInstanceOf(StreamNotFoundError);
    expect((mapped as StreamNotFoundError).streamName).toBe('nfr-p-1');
  });

  it('unavailable and deadline errors → EventStoreUnavailableError keeping the cause', () => {
    for (const esdb of [new UnavailableError(undefined, 'No connection established'), new DeadlineExceededError()]) {
      const mapped = mapEsdbError(esdb);
      expect(mapped).toBeInstanceOf(EventStoreUnavailableError);
      expect((mapped as EventStoreUnavailableError).cause).toBe(esdb);
    }
  });

  it('a raw gRPC UNAVAILABLE error and a failed cluster discovery → EventStoreUnavailableError', () => {
    const raw = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 });
    expect(mapEsdbError(raw)).toBeInstanceOf(EventStoreUnavailableError);
    expect(mapEsdbError(new Error('Failed to discover after 10 attempts.'))).toBeInstanceOf(EventStoreUnavailableError);
  });

  it('an append over the maximum append size → InvalidAppendError', () => {
    const mapped = mapEsdbError(MaxAppendSizeExceededError.fromMaxAppendSize(1_048_576), { streamName: 'quarter-2026Q1' });
    expect(mapped).toBeInstanceOf(InvalidAppendError);
    expect((mapped as Error).message).toMatch(/quarter-2026Q1.*1048576 bytes/);
  });

  it('any other error is returned unchanged, never hidden', () => {
    const other = new Error('boom');
    expect(mapEsdbError(other)).toBe(other);
    expect(mapEsdbError('not an error')).toBe('not an error');
  });
});
