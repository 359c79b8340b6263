/**
 * The ledger's core wiring, shared by the API, the CLI and the projector: configuration, the
 * event store chosen by configuration, the clock, the read-model database, the projection runner,
 * the command runner and the program terms. Apps import `LedgerCoreModule.forRoot(config)`.
 */
import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import { createEventStore, InstrumentedEventStore, type AppendObserver, type EventStore } from '@ledger/event-store';
import { ProjectionRunner, ReadModelDatabase } from '@ledger/projections';
import type { LedgerConfig } from '../config/ledger-config';
import { CommandRunner } from '../command-path/command-runner';
import { ProgramTermsService } from '../program-terms/program-terms.service';
import { CLOCK, SystemClock, type Clock } from '../time/clock';
import { ALL_PROJECTIONS } from '../projections/all-projections';
import { APPEND_OBSERVER, EVENT_STORE, LEDGER_CONFIG, PROJECTION_RUNNER, READ_MODELS } from './tokens';

export interface LedgerCoreOptions {
  readonly config: LedgerConfig;
  /** Tests and the demo generator inject a fixed clock. */
  readonly clock?: Clock;
  /** Tests may inject a store (e.g. a shared MemoryEventStore). */
  readonly eventStore?: EventStore;
}

class LedgerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModelDatabase,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    private readonly terms: ProgramTermsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.terms.ensureRecorded();
    if (this.config.projectorInProcess) await this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
    this.readModels.close();
    await this.store.close();
  }
}

@Global()
@Module({})
export class LedgerCoreModule {
  static forRoot(options: LedgerCoreOptions): DynamicModule {
    const providers: Provider[] = [
      { provide: LEDGER_CONFIG, useValue: options.config },
      { provide: CLOCK, useValue: options.clock ?? new SystemClock() },
      options.eventStore
        ? { provide: EVENT_STORE, useValue: options.eventStore }
        : {
            provide: EVENT_STORE,
            useFactory: async (observer?: AppendObserver) => {
              const store = await createEventStore({
                kind: options.config.eventStore,
                dataDir: options.config.dataDir,
                esdbConnectionString: options.config.esdbConnectionString ?? undefined,
              });
              return observer ? new InstrumentedEventStore(store, observer) : store;
            },
            inject: [{ token: APPEND_OBSERVER, optional: true }],
          },
      {
        provide: READ_MODELS,
        useFactory: (config: LedgerConfig) => ReadModelDatabase.open({ dataDir: config.dataDir }),
        inject: [LEDGER_CONFIG],
      },
      {
        provide: PROJECTION_RUNNER,
        useFactory: (store: EventStore, db: ReadModelDatabase) => new ProjectionRunner({ store, db, projections: ALL_PROJECTIONS }),
        inject: [EVENT_STORE, READ_MODELS],
      },
      CommandRunner,
      ProgramTermsService,
      LedgerLifecycle,
    ];
    return {
      module: LedgerCoreModule,
      providers,
      exports: [LEDGER_CONFIG, CLOCK, EVENT_STORE, READ_MODELS, PROJECTION_RUNNER, CommandRunner, ProgramTermsService],
    };
  }
}
