import { Global, Module } from '@nestjs/common';
import { APPEND_OBSERVER, COMMAND_OBSERVER } from '@ledger/application';
import { CommandMetrics } from './command-metrics';
import { LedgerMetrics } from './ledger-metrics';

/**
 * Global so the application core sees it without importing the platform: CommandRunner
 * (LedgerCoreModule) picks CommandMetrics up as its COMMAND_OBSERVER, and an EVENT_STORE provider
 * may inject LedgerMetrics to wrap the store in an InstrumentedEventStore.
 */
@Global()
@Module({
  providers: [
    LedgerMetrics,
    CommandMetrics,
    { provide: COMMAND_OBSERVER, useExisting: CommandMetrics },
    { provide: APPEND_OBSERVER, useExisting: LedgerMetrics },
  ],
  exports: [LedgerMetrics, CommandMetrics, COMMAND_OBSERVER, APPEND_OBSERVER],
})
export class MetricsModule {}
