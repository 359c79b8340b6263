/**
 * The three B3 workloads (issue 8): what is seeded through the API before the load (never
 * measured), and the request autocannon sends each time (built per request, so every command is
 * distinct and really appends).
 *
 * - `register`: POST /deal-registrations, each request a new company (a new opportunity stream),
 *   sent with the partner's own API key (the partner portal), round-robin over enrolled partners.
 * - `collect`: POST /revenue/collections with the billing system's `ingest` key, each request a
 *   new payment id (a new payment stream), for customers whose approved deal closed won while
 *   protected (D-11), so the collection is attributed and priced.
 * - `statement`: GET /partners/:id/statements/:quarter with the `finance` key, a random issued
 *   statement of the demo program (`ledger demo --scale small --seed 1`), read from the log.
 * - `lookup` (reference, no target): GET /opportunities?companyName= with the `finance` key on the
 *   demo program: guard, routing, interceptors, one read-model document — what any request costs.
 */
import { createRng, intBetween, pick } from '../harness/prng';
import type { BuiltRequest } from './load';
import type { ServerHandle } from './server-process';

export type WorkloadName = 'register' | 'collect' | 'statement' | 'lookup';
export const WORKLOADS: readonly WorkloadName[] = ['register', 'collect', 'statement', 'lookup'];

/** The query workloads run on a copy of the seeded demo program; the commands start from an empty data dir. */
export function usesDemoProgram(workload: WorkloadName): boolean {
  return workload === 'statement' || workload === 'lookup';
}

export const WORKLOAD_LABELS: Readonly<Record<WorkloadName, string>> = {
  register: 'POST /deal-registrations (new company each request)',
  collect: 'POST /revenue/collections (new payment id each request, attributed customer)',
  statement: 'GET /partners/:id/statements/:quarter (issued statement, demo program)',
  lookup: 'GET /opportunities?companyName= (reference floor: the HTTP stack with auth, one read-model lookup)',
};

/** The event one 2xx response appends, and the data field holding the request's id; null for a query. */
export const APPENDS: Readonly<Record<WorkloadName, { readonly type: string; readonly idField: string } | null>> = {
  register: { type: 'DealRegistered', idField: 'registrationId' },
  collect: { type: 'RevenueCollected', idField: 'paymentId' },
  statement: null,
  lookup: null,
};

export const BENCH_PARTNERS = 50;

export function benchPartnerIds(): string[] {
  return Array.from({ length: BENCH_PARTNERS }, (_, i) => `bp-${String(i).padStart(3, '0')}`);
}

export interface PreparedWorkload {
  readonly name: WorkloadName;
  readonly next: () => BuiltRequest;
  /** What was seeded, for the report. */
  readonly seed: Readonly<Record<string, number | string>>;
}

export interface StatementTarget {
  readonly partnerId: string;
  readonly quarter: string;
}

export interface PrepareOptions {
  /** Customers with a won deal to collect revenue for. */
  readonly customers: number;
  /** Issued statements of the program in the data dir (workload `statement`). */
  readonly statements: readonly StatementTarget[];
  /** Distinguishes the companies / payment ids of this server run. */
  readonly tag: string;
  readonly seed: number;
}

export async function prepareWorkload(name: WorkloadName, server: ServerHandle, options: PrepareOptions): Promise<PreparedWorkload> {
  const api = client(server);
  const json = { 'content-type': 'application/json' };
  switch (name) {
    case 'register': {
      const partners = await enrolPartners(api, server);
      const tokens = partners.map((id) => server.ready.partnerTokens[id] as string);
      const closeDate = isoDate(Date.now() + 90 * 86_400_000);
      let n = 0;
      return {
        name,
        seed: { partners: partners.length },
        next: () => {
          const i = n++;
          const p = i % partners.length;
          const registrationId = `b3-${options.tag}-${i}`;
          return {
            id: registrationId,
            method: 'POST',
            path: '/deal-registrations',
            headers: { ...json, authorization: `Bearer ${tokens[p]}` },
            body: JSON.stringify({
              registrationId,
              partnerId: partners[p],
              companyName: `Bench ${options.tag} Company ${i}`,
              primaryContact: { name: `Buyer ${i}`, email: `buyer${i}@bench.example` },
              estimatedArr: { amountMinor: String(1_000_000 + (i % 997) * 100), currency: 'USD' },
              expectedCloseDate: closeDate,
              description: `B3 load: platform rollout ${i}`,
            }),
          };
        },
      };
    }
    case 'collect': {
      const partners = await enrolPartners(api, server);
      const customers = await wonCustomers(api, server, partners, options.customers, options.tag);
      const auth = `Bearer ${server.ready.tokens.ingest}`;
      const rng = createRng(options.seed);
      let n = 0;
      return {
        name,
        seed: { partners: partners.length, customersWithWonDeals: customers.length },
        next: () => {
          const i = n++;
          const paymentId = `b3-${options.tag}-pay-${i}`;
          return {
            id: paymentId,
            method: 'POST',
            path: '/revenue/collections',
            headers: { ...json, authorization: auth },
            body: JSON.stringify({
              paymentId,
              customerKey: customers[i % customers.length],
              revenueKind: 'license',
              order: { type: 'initial' },
              amount: { amountMinor: String(intBetween(rng, 1_000, 50_000) * 100), currency: 'USD' },
              // T-3: business time in the past (the decider refuses the future).
              collectedAt: new Date(Date.now() - 2_000).toISOString(),
            }),
          };
        },
      };
    }
    case 'lookup': {
      const names = ['Acme', 'Globex Corporation', 'Initech', 'Prairie Publishing', 'Umbrella', 'Stark Industries', 'Wayne Enterprises', 'Hooli'];
      const auth = `Bearer ${server.ready.tokens.finance}`;
      const check = await api.get(`/opportunities?companyName=${encodeURIComponent(names[0] as string)}`, server.ready.tokens.finance);
      if (check.status !== 200 || !Array.isArray(check.body?.opportunityKeys)) throw new Error(`lookup workload: answered ${check.status}`);
      let n = 0;
      return {
        name,
        seed: { companyNames: names.length },
        next: () => ({ method: 'GET', path: `/opportunities?companyName=${encodeURIComponent(names[n++ % names.length] as string)}`, headers: { authorization: auth } }),
      };
    }
    case 'statement': {
      if (options.statements.length === 0) throw new Error('statement workload: the data dir holds no issued statement');
      const check = options.statements[0] as StatementTarget;
      const view = await api.get(`/partners/${check.partnerId}/statements/${check.quarter}`, server.ready.tokens.finance);
      if (view.status !== 200 || view.body?.preview !== false || !Array.isArray(view.body?.lines)) {
        throw new Error(`statement workload: GET of an issued statement answered ${view.status} ${JSON.stringify(view.body).slice(0, 200)}`);
      }
      const auth = `Bearer ${server.ready.tokens.finance}`;
      const rng = createRng(options.seed);
      return {
        name,
        seed: { issuedStatements: options.statements.length },
        next: () => {
          const t = pick(rng, options.statements);
          return { method: 'GET', path: `/partners/${t.partnerId}/statements/${t.quarter}`, headers: { authorization: auth } };
        },
      };
    }
  }
}

async function enrolPartners(api: Api, server: ServerHandle): Promise<string[]> {
  const ids = benchPartnerIds();
  await pool(ids, 8, async (partnerId, i) => {
    await api.ok('POST', '/partners', server.ready.tokens.partnerManager, {
      partnerId,
      legalName: `Bench Partner ${i} LLC`,
      tier: i % 10 === 0 ? 'premier' : i % 3 === 0 ? 'certified' : 'referral',
      staffCount: 10,
      country: 'US',
      taxForm: 'W-9',
    });
  });
  return ids;
}

/** D-11: register, approve and close won a deal per customer; returns the customer (opportunity) keys. */
async function wonCustomers(api: Api, server: ServerHandle, partners: readonly string[], count: number, tag: string): Promise<string[]> {
  const manager = server.ready.tokens.partnerManager;
  const closeDate = isoDate(Date.now() + 60 * 86_400_000);
  const keys = await pool(
    Array.from({ length: count }, (_, c) => c),
    8,
    async (c) => {
      const registrationId = `b3-${tag}-won-${c}`;
      const registered = await api.ok('POST', '/deal-registrations', manager, {
        registrationId,
        partnerId: partners[c % partners.length],
        companyName: `Bench ${tag} Customer ${c}`,
        primaryContact: { name: `Customer ${c}`, email: `customer${c}@bench.example` },
        estimatedArr: { amountMinor: '5000000', currency: 'USD' },
        expectedCloseDate: closeDate,
        description: 'B3 seed: a deal that closes won',
      });
      const key = (registered.body.events?.[0]?.data?.opportunityKey ?? '') as string;
      if (!key) throw new Error(`seed: no opportunity key in ${JSON.stringify(registered.body).slice(0, 200)}`);
      await api.ok('POST', `/opportunities/${key}/registrations/${registrationId}/approval`, manager, {});
      await api.ok('POST', `/opportunities/${key}/registrations/${registrationId}/closed-won`, manager, {});
      return key;
    },
  );
  // Check that a collection for a seeded customer is attributed to its partner (D-11), so it is priced.
  const probe = await api.ok('POST', '/revenue/collections', server.ready.tokens.ingest, {
    paymentId: `b3-${tag}-probe`,
    customerKey: keys[0],
    revenueKind: 'license',
    order: { type: 'initial' },
    amount: { amountMinor: '100000', currency: 'USD' },
    collectedAt: new Date(Date.now() - 1_000).toISOString(),
  });
  const partnerId = probe.body.events?.[0]?.data?.partnerId;
  if (partnerId !== partners[0]) throw new Error(`seed: the probe collection was attributed to ${String(partnerId)}, expected ${partners[0]} (D-11)`);
  return keys;
}

// --- a tiny HTTP client for seeding -----------------------------------------------------------

interface Reply {
  readonly status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any;
}

interface Api {
  ok(method: 'POST' | 'GET', path: string, token: string, body?: unknown): Promise<Reply>;
  get(path: string, token: string): Promise<Reply>;
}

export function client(server: ServerHandle): Api {
  const call = async (method: string, path: string, token: string, body?: unknown): Promise<Reply> => {
    const res = await fetch(`${server.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed };
  };
  return {
    ok: async (method, path, token, body) => {
      const reply = await call(method, path, token, body);
      if (reply.status < 200 || reply.status >= 300) throw new Error(`seed: ${method} ${path} answered ${reply.status}: ${JSON.stringify(reply.body).slice(0, 300)}`);
      return reply;
    },
    get: (path, token) => call('GET', path, token),
  };
}

/** Runs `work` over the items with at most `limit` in flight; results in input order. */
async function pool<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T, i);
    }
  });
  await Promise.all(lanes);
  return results;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
