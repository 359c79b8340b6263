/**
 * The shared event store contract against a real EventStoreDB 24.10, started with testcontainers.
 *
 * Whether a container runtime may exist is decided synchronously, before any test registers
 * (jest `describe` bodies cannot await): the places testcontainers itself looks for one. Where
 * there is none, the suite is registered as skipped with one printed reason — never as passed.
 * Where there is one, the container is started in `beforeAll`; if the engine does not answer or
 * the image cannot be pulled, that hook fails and every contract test fails loudly.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { StartedTestContainer } from 'testcontainers';
import { describeEventStoreContract } from '../../testing/event-store.contract';
import { EsdbEventStore } from './esdb-event-store';

const IMAGE = 'eventstore/eventstore:24.10';
const ESDB_PORT = 2113;

/** Where testcontainers would find a container runtime, or null when it has nowhere to look. */
function containerRuntimeLocation(): string | null {
  if (process.env.DOCKER_HOST) return `DOCKER_HOST=${process.env.DOCKER_HOST}`;
  const properties = join(homedir(), '.testcontainers.properties');
  if (existsSync(properties) && /^\s*(tc\.host|docker\.host)\s*=/m.test(readFileSync(properties, 'utf8'))) {
    return properties;
  }
  const sockets = [
    '/var/run/docker.sock',
    process.env.XDG_RUNTIME_DIR ? join(process.env.XDG_RUNTIME_DIR, 'docker.sock') : null,
    join(homedir(), '.docker', 'run', 'docker.sock'),
    join(homedir(), '.docker', 'desktop', 'docker.sock'),
    join('/run', 'user', String(userInfo().uid), 'docker.sock'),
  ];
  return sockets.find((socket): socket is string => socket !== null && existsSync(socket)) ?? null;
}

const runtime = containerRuntimeLocation();
const skipReason =
  runtime === null
    ? 'no container runtime (no /var/run/docker.sock, DOCKER_HOST unset), so EventStoreDB 24.10 cannot be started'
    : undefined;

describe('EsdbEventStore on EventStoreDB 24.10 (testcontainers)', () => {
  let container: StartedTestContainer | undefined;
  let connectionString: string | undefined;

  if (runtime !== null) {
    // Generous per-test timeout: every contract test talks to a real server over gRPC.
    jest.setTimeout(60_000);

    beforeAll(async () => {
      // Loaded only when a runtime may exist: no Docker client work on machines without one.
      const { GenericContainer, Wait } = await import('testcontainers');
      container = await new GenericContainer(IMAGE)
        .withEnvironment({
          EVENTSTORE_INSECURE: 'true',
          EVENTSTORE_RUN_PROJECTIONS: 'All',
          EVENTSTORE_START_STANDARD_PROJECTIONS: 'true',
          EVENTSTORE_MEM_DB: 'true',
          EVENTSTORE_CLUSTER_SIZE: '1',
        })
        .withExposedPorts(ESDB_PORT)
        .withWaitStrategy(Wait.forHttp('/health/live', ESDB_PORT))
        .withStartupTimeout(120_000)
        .start();
      connectionString = `esdb://${container.getHost()}:${container.getMappedPort(ESDB_PORT)}?tls=false`;
    }, 600_000);

    afterAll(async () => {
      await container?.stop();
    });
  }

  describeEventStoreContract(
    'esdb',
    async () => {
      if (connectionString === undefined) {
        throw new Error(`EventStoreDB container did not start (container runtime looked for at ${runtime})`);
      }
      return EsdbEventStore.connect(connectionString);
    },
    { skipReason },
  );
});
