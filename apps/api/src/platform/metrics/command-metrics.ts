import { Injectable } from '@nestjs/common';
import { LedgerMetrics } from './ledger-metrics';

export type CommandOutcome = 'appended' | 'no-op' | 'replayed' | 'rejected' | 'failed';

/**
 * Counts command outcomes (`ledger_commands_total`). Registered as the application's
 * COMMAND_OBSERVER, so every command through CommandRunner is counted; handlers outside it may
 * call `record` directly.
 */
@Injectable()
export class CommandMetrics {
  constructor(private readonly metrics: LedgerMetrics) {}

  record(command: string, outcome: CommandOutcome): void {
    this.metrics.commands.inc({ command, outcome });
  }

  /** CommandObserver (@ledger/application). */
  onCommand(commandType: string, outcome: CommandOutcome, _durationMs: number): void {
    this.record(commandType, outcome);
  }
}
