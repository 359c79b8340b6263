import { Global, Module } from '@nestjs/common';
import { CommandMetrics } from './command-metrics';
import { LedgerMetrics } from './ledger-metrics';

/**
 * Global so the application core sees it without importing the platform: an EVENT_STORE provider
 * may inject LedgerMetrics to wrap the store in an InstrumentedEventStore.
 */
@Global()
@Module({
  providers: [LedgerMetrics, CommandMetrics],
  exports: [LedgerMetrics, CommandMetrics],
})
export class MetricsModule {}
