import { CommandRunner } from '@ledger/application';
import { DomainError, type Decider, type DomainCommand, type DomainEvent } from '@ledger/domain';
import { WrongExpectedRevisionError } from '@ledger/event-store';
import type { ProjectionStatus } from '@ledger/projections';
import { LedgerMetrics } from '../../../apps/api/src/platform/metrics/ledger-metrics';
import { CommandMetrics } from '../../../apps/api/src/platform/metrics/command-metrics';
import { InstrumentedEventStore } from '@ledger/event-store';
import { appendFact } from './support/seed-events';
import { bearer, startPlatformApp, type PlatformTestApp } from './support/platform-test-app';

function fakeRunner(statuses: ProjectionStatus[]) {
  return { status: async () => statuses };
}

const healthyStatus: ProjectionStatus = {
  name: 'statements',
  version: 1,
  state: 'running',
  position: 5n,
  headPosition: 8n,
  lag: 3,
  eventsApplied: 5,
  lastError: null,
};

describe('health, metrics and OpenAPI', () => {
  let t: PlatformTestApp;
  beforeAll(async () => {
    t = await startPlatformApp({ runner: fakeRunner([healthyStatus]) });
  });
  afterAll(async () => {
    await t.close();
  });

  describe('/health (public)', () => {
    it('is up with the store head and projection lag', async () => {
      await appendFact(t.store, 'partner-acme', 'PartnerEnrolled', { partnerId: 'acme' });
      const res = await t.app.inject({ method: 'GET', url: '/health' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        status: 'ok',
        details: {
          eventStore: { status: 'up', kind: 'memory', headPosition: '1' },
          projections: {
            status: 'up',
            projections: [{ name: 'statements', state: 'running', position: '5', headPosition: '8', lag: 3, lastError: null }],
          },
        },
      });
    });
  });

  describe('/metrics', () => {
    it('exposes HTTP, command, append and projection-lag metrics in Prometheus text format', async () => {
      await t.app.inject({ method: 'GET', url: '/probe/public' });
      t.app.get(CommandMetrics).record('RegisterDeal', 'appended');
      t.app.get(CommandMetrics).onCommand('RegisterDeal', 'rejected', 3);
      const instrumented = new InstrumentedEventStore(t.store, t.app.get(LedgerMetrics));
      await appendFact(instrumented, 'partner-globex', 'PartnerEnrolled', { partnerId: 'globex' });
      const [existing] = await t.store.readStream('partner-globex');
      const conflicting = { id: '9b2f0c3e-4d5a-4e6f-8a7b-1c2d3e4f5a6b', type: existing!.type, data: existing!.data, metadata: existing!.metadata };
      await expect(
        instrumented.appendToStream('partner-globex', [conflicting], { expectedRevision: 'no_stream' }),
      ).rejects.toThrow(WrongExpectedRevisionError);

      const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: bearer(t.tokenFor('subscriber')) });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      const text = res.body;
      expect(text).toContain('ledger_http_requests_total{route="/probe/public",method="GET",status="200"} 1');
      expect(text).toContain('ledger_commands_total{command="RegisterDeal",outcome="appended"} 1');
      expect(text).toContain('ledger_commands_total{command="RegisterDeal",outcome="rejected"} 1');
      expect(text).toContain('ledger_append_duration_seconds_count{outcome="ok"} 1');
      expect(text).toContain('ledger_append_duration_seconds_count{outcome="conflict"} 1');
      expect(text).toContain('ledger_projection_lag_events{projection="statements"} 3');
    });

    it('counts every command through CommandRunner (CommandMetrics is the COMMAND_OBSERVER)', async () => {
      const runner = t.app.get(CommandRunner);
      type ProbeCommand = DomainCommand<'ProbeCommand', { refuse: boolean }>;
      type ProbeEvent = DomainEvent<'ProbeHappened', Record<string, never>>;
      const decider: Decider<ProbeCommand, ProbeEvent, null, undefined> = {
        initialState: () => null,
        evolve: (state) => state,
        decide: (command) => {
          if (command.data.refuse) throw DomainError.rule('D-7', 'refused');
          return [{ type: 'ProbeHappened', data: {} }];
        },
      };
      const run = (commandId: string, refuse: boolean) =>
        runner.run(
          { commandId, actor: 'test' },
          {
            streamName: 'probe-commands',
            decider,
            command: { type: 'ProbeCommand' as const, data: { refuse }, metadata: runner.domainMetadata({ commandId, actor: 'test' }) },
            context: undefined,
          },
        );
      await run('c-1', false);
      await run('c-1', false);
      await expect(run('c-2', true)).rejects.toThrow(DomainError);

      const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: bearer(t.adminToken) });
      expect(res.body).toContain('ledger_commands_total{command="ProbeCommand",outcome="appended"} 1');
      expect(res.body).toContain('ledger_commands_total{command="ProbeCommand",outcome="replayed"} 1');
      expect(res.body).toContain('ledger_commands_total{command="ProbeCommand",outcome="rejected"} 1');
    });

    it('labels unknown routes "unmatched" (bounded label cardinality)', async () => {
      await t.app.inject({ method: 'GET', url: '/random/path/123' });
      const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: bearer(t.adminToken) });
      expect(res.body).toContain('ledger_http_requests_total{route="unmatched",method="GET",status="404"} 1');
      expect(res.body).not.toContain('/random/path/123');
    });

    it('is for admin and subscriber keys only', async () => {
      expect((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
      const partner = await t.app.inject({ method: 'GET', url: '/metrics', headers: bearer(t.tokenFor('partner', 'acme')) });
      expect(partner.statusCode).toBe(403);
    });
  });

  describe('OpenAPI', () => {
    it('serves the document at /docs-json with the bearer scheme and the platform routes', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/docs-json' });
      expect(res.statusCode).toBe(200);
      const doc = res.json();
      expect(doc.openapi).toMatch(/^3\./);
      expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api-keys', '/api-keys/{keyId}', '/feed', '/events', '/health', '/metrics']));
      expect(doc.components.schemas.IssueApiKeyRequestDto.properties.role.enum).toContain('subscriber');
    });

    it('serves Swagger UI at /docs from an allow-list of assets', async () => {
      const html = await t.app.inject({ method: 'GET', url: '/docs' });
      expect(html.statusCode).toBe(200);
      expect(html.headers['content-type']).toMatch(/^text\/html/);
      expect(html.body).toContain("url: '/docs-json'");
      const bundle = await t.app.inject({ method: 'GET', url: '/docs/swagger-ui-bundle.js' });
      expect(bundle.statusCode).toBe(200);
      expect(bundle.headers['content-type']).toMatch(/^application\/javascript/);
      for (const file of ['package.json', 'constructor', '..%2Fpackage.json']) {
        const res = await t.app.inject({ method: 'GET', url: `/docs/${file}` });
        expect(res.statusCode).toBe(404);
      }
    });
  });
});

describe('without an in-process projection runner', () => {
  it('reports health and metrics without projection data', async () => {
    const t = await startPlatformApp();
    try {
      const health = await t.app.inject({ method: 'GET', url: '/health' });
      expect(health.statusCode).toBe(200);
      expect(health.json().details.projections).toEqual({ status: 'up', message: 'no in-process projection runner' });
      const metrics = await t.app.inject({ method: 'GET', url: '/metrics', headers: bearer(t.adminToken) });
      expect(metrics.statusCode).toBe(200);
      expect(metrics.body).toContain('# TYPE ledger_projection_lag_events gauge');
      expect(metrics.body).not.toContain('ledger_projection_lag_events{');
    } finally {
      await t.close();
    }
  });
});

describe('/health when unhealthy', () => {
  it('answers 503 when a projection stopped on an error', async () => {
    const t = await startPlatformApp({
      runner: fakeRunner([
        { ...healthyStatus, state: 'failed', lastError: { message: 'boom', position: 6n, eventId: 'e6', eventType: 'X' } },
      ]),
    });
    try {
      const res = await t.app.inject({ method: 'GET', url: '/health' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({
        status: 'error',
        error: { projections: { status: 'down', projections: [{ name: 'statements', lastError: 'boom' }] } },
      });
    } finally {
      await t.close();
    }
  });

  it('answers 503 when the event store is unreachable', async () => {
    const t = await startPlatformApp();
    try {
      await t.store.close();
      const res = await t.app.inject({ method: 'GET', url: '/health' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 'error', error: { eventStore: { status: 'down', kind: 'memory' } } });
    } finally {
      await t.close();
    }
  });
});
