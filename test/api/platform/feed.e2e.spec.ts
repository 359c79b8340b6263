import type { AddressInfo } from 'node:net';
import { appendFact } from './support/seed-events';
import { bearer, startPlatformApp, type PlatformTestApp } from './support/platform-test-app';
import { openSse, type SseConnection } from './support/sse-client';

/** Positions 1..8 of the seeded log. */
async function seed(t: PlatformTestApp): Promise<void> {
  await appendFact(t.store, 'partner-acme', 'PartnerEnrolled', { partnerId: 'acme', tier: 'certified' }); // 1
  await appendFact(t.store, 'partner-globex', 'PartnerEnrolled', { partnerId: 'globex', tier: 'premier' }); // 2
  await appendFact(t.store, 'opportunity-acme-corp', 'DealRegistered', { partnerId: 'acme', opportunityKey: 'acme-corp' }); // 3
  await appendFact(t.store, 'payment-p1', 'RevenueCollected', { paymentId: 'p1', customerKey: 'acme-corp' }); // 4
  await appendFact(t.store, 'opportunity-initech', 'DealRegistrationOverridden', {
    originalPartnerId: 'acme',
    newPartnerId: 'globex',
  }); // 5
  await appendFact(t.store, 'renewal-acme-corp', 'RenewalPlaced', { placedBy: { type: 'results' }, originalPartnerId: 'acme' }); // 6
  await appendFact(t.store, 'program-terms', 'ProgramTermsAmended', { amendedBy: 'finance', reason: 'launch' }); // 7
  await appendFact(t.store, 'statement-acme-2026-Q1', 'StatementIssued', { partnerId: 'acme', quarter: '2026-Q1' }); // 8
}

const ids = (c: SseConnection): string[] => c.messages.map((m) => m.id ?? '?');
const caughtUp = (c: SseConnection): boolean => c.comments.some((x) => x.startsWith('caught-up'));

describe('downstream SSE feed and event pages (docs/event-feed.md)', () => {
  let t: PlatformTestApp;
  let base: string;
  let subscriber: string;
  const open: SseConnection[] = [];
  const connect = async (path: string, token: string, headers: Record<string, string> = {}) => {
    const c = await openSse(base, path, { ...bearer(token), ...headers });
    open.push(c);
    return c;
  };

  beforeAll(async () => {
    t = await startPlatformApp({ heartbeatMs: 40 });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    subscriber = t.tokenFor('subscriber');
    await seed(t);
  });
  afterEach(async () => {
    for (const c of open.splice(0)) c.close();
    await waitFor(() => t.store.openSubscriptions === 0);
  });
  afterAll(async () => {
    await t.close();
  });

  it('streams every event in order as id/event/data, then a caught-up comment', async () => {
    const c = await connect('/feed', subscriber, { 'x-correlation-id': 'feed-test' });
    expect(c.status).toBe(200);
    expect(c.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(c.headers['cache-control']).toBe('no-cache, no-transform');
    expect(c.headers['x-correlation-id']).toBe('feed-test');
    await c.until(() => caughtUp(c));
    expect(ids(c)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(c.comments).toContain('caught-up 8');
    const first = c.messages[0]!;
    expect(first.event).toBe('PartnerEnrolled');
    expect(JSON.parse(first.data)).toEqual({
      id: expect.any(String),
      type: 'PartnerEnrolled',
      streamName: 'partner-acme',
      revision: '0',
      position: '1',
      data: { partnerId: 'acme', tier: 'certified' },
      metadata: expect.objectContaining({ commandId: expect.any(String), occurredAt: '2026-03-31T12:00:00Z' }),
    });
  });

  it('sends heartbeat comments on an idle connection', async () => {
    const c = await connect('/feed?from=8', subscriber);
    await c.until(() => c.comments.filter((x) => x === 'heartbeat').length >= 2);
    expect(c.messages).toEqual([]);
  });

  it('delivers live events, unsubscribes on disconnect, and resumes with Last-Event-ID: every event exactly once', async () => {
    const processed: string[] = [];
    const first = await connect('/feed', subscriber);
    await first.until(() => first.messages.length >= 3);
    // The client processed 1..3 and then lost the connection.
    processed.push(...ids(first).slice(0, 3));
    first.close();
    await waitFor(() => t.store.openSubscriptions === 0);

    const p9 = await appendFact(t.store, 'partner-acme', 'PartnerTaxFormRecorded', { partnerId: 'acme', taxForm: 'W-9' });
    const second = await connect('/feed?from=start', subscriber, { 'last-event-id': processed[processed.length - 1]! });
    await second.until(() => caughtUp(second));
    const p10 = await appendFact(t.store, 'partner-globex', 'PartnerTaxFormRecorded', { partnerId: 'globex', taxForm: 'W-8' });
    await second.until(() => ids(second).includes(String(p10)));
    processed.push(...ids(second));

    expect(processed).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', String(p9), String(p10)]);
    expect(new Set(processed).size).toBe(processed.length);
    expect(second.comments).toContain(`caught-up ${p9}`);
  });

  it('starts after ?from=<position> (exclusive)', async () => {
    const c = await connect('/feed?from=6', subscriber);
    await c.until(() => caughtUp(c));
    expect(ids(c).slice(0, 2)).toEqual(['7', '8']);
  });

  it('gives a partner key only events that name its partner and no other', async () => {
    const acme = await connect('/feed', t.tokenFor('partner', 'acme'));
    const globex = await connect('/feed', t.tokenFor('partner', 'globex'));
    await acme.until(() => caughtUp(acme));
    await globex.until(() => caughtUp(globex));
    // Not: 2 (globex), 4 (RevenueCollected names no partner), 5 (override names acme AND globex),
    // 7 (program terms).
    expect(ids(acme).slice(0, 4)).toEqual(['1', '3', '6', '8']);
    expect(acme.messages.map((m) => JSON.parse(m.data).data.partnerId ?? JSON.parse(m.data).data.originalPartnerId)).toEqual(
      acme.messages.map(() => 'acme'),
    );
    expect(ids(globex)[0]).toBe('2');
    expect(globex.messages.every((m) => JSON.parse(m.data).data.partnerId === 'globex')).toBe(true);
  });

  it('filters by ?types and ?categories (category = stream name up to the first "-")', async () => {
    const byType = await connect('/feed?types=PartnerEnrolled,StatementIssued', subscriber);
    await byType.until(() => caughtUp(byType));
    expect(ids(byType)).toEqual(['1', '2', '8']);

    const byCategory = await connect('/feed?categories=payment,program-terms', subscriber);
    await byCategory.until(() => caughtUp(byCategory));
    expect(ids(byCategory)).toEqual(['4', '7']);

    const scoped = await connect('/feed?categories=opportunity,statement', t.tokenFor('partner', 'acme'));
    await scoped.until(() => caughtUp(scoped));
    expect(ids(scoped)).toEqual(['3', '8']);
  });

  it('refuses bad feed requests with problems before streaming', async () => {
    const badCategory = await t.app.inject({ method: 'GET', url: '/feed?categories=bogus', headers: bearer(subscriber) });
    expect(badCategory.statusCode).toBe(400);
    expect(badCategory.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(badCategory.json().errors[0].field).toBe('categories');

    const badResume = await t.app.inject({ method: 'GET', url: '/feed', headers: { ...bearer(subscriber), 'last-event-id': 'abc' } });
    expect(badResume.statusCode).toBe(400);
    expect(badResume.json().errors[0].field).toBe('Last-Event-ID');

    const badFrom = await t.app.inject({ method: 'GET', url: '/feed?from=-1', headers: bearer(subscriber) });
    expect(badFrom.statusCode).toBe(400);

    const unknownParam = await t.app.inject({ method: 'GET', url: '/feed?partner=globex', headers: bearer(subscriber) });
    expect(unknownParam.statusCode).toBe(400);

    const ingest = await t.app.inject({ method: 'GET', url: '/feed', headers: bearer(t.tokenFor('ingest')) });
    expect(ingest.statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: 'GET', url: '/feed' });
    expect(anonymous.statusCode).toBe(401);
  });

  describe('GET /events (polling)', () => {
    const page = async (query: string, token = subscriber) => {
      const res = await t.app.inject({ method: 'GET', url: `/events${query}`, headers: bearer(token) });
      expect(res.statusCode).toBe(200);
      return res.json() as { events: { position: string; type: string }[]; next: string };
    };

    it('pages through the log with limit and next', async () => {
      const one = await page('?limit=3');
      expect(one.events.map((e) => e.position)).toEqual(['1', '2', '3']);
      expect(one.next).toBe('3');
      const two = await page(`?from=${one.next}&limit=3`);
      expect(two.events.map((e) => e.position)).toEqual(['4', '5', '6']);
      expect(two.events[0]).toMatchObject({ type: 'RevenueCollected', streamName: 'payment-p1', revision: '0' });
    });

    it('applies the partner scope and filters, and moves next past skipped events', async () => {
      const acme = t.tokenFor('partner', 'acme');
      const one = await page('?limit=2', acme);
      expect(one.events.map((e) => e.position)).toEqual(['1', '3']);
      expect(one.next).toBe('3');
      const rest = await page(`?from=${one.next}&types=RenewalPlaced,ProgramTermsAmended,StatementIssued`, acme);
      expect(rest.events.map((e) => e.position)).toEqual(['6', '8']);
      expect(rest.next).toBe('8');
    });

    it('returns an empty page with next unchanged at the end of the log', async () => {
      const head = (await t.store.headPosition())!.toString();
      expect(await page(`?from=${head}`)).toEqual({ events: [], next: head });
    });

    it('validates limit (1-1000)', async () => {
      for (const limit of ['0', '1001', 'ten']) {
        const res = await t.app.inject({ method: 'GET', url: `/events?limit=${limit}`, headers: bearer(subscriber) });
        expect(res.statusCode).toBe(400);
        expect(res.json().errors[0].field).toBe('limit');
      }
    });
  });
});

describe('SSE feed on shutdown', () => {
  it('ends open feed connections so the app closes promptly', async () => {
    const t = await startPlatformApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const c = await openSse(base, '/feed', bearer(t.tokenFor('finance')));
    await c.until(() => caughtUp(c));
    expect(t.store.openSubscriptions).toBe(1);
    await t.close();
    expect(t.store.openSubscriptions).toBe(0);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
