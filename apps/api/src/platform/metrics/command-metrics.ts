import { Injectable } from '@nestjs/common';
import type { CommandObserver } from '@ledger/application';
import { LedgerMetrics } from './ledger-metrics';

export type CommandOutcome = Parameters<CommandObserver['onCommand']>[1];

/**
 * Counts command outcomes (`ledger_commands_total`). Registered as the application's
 * COMMAND_OBSERVER, so every command through CommandRunner is counted; handlers outside it may
 * call `record` directly.
 */
@Injectable()
export class CommandMetrics implements CommandObserver {
  constructor(private readonly metrics: LedgerMetrics) {}

  record(command: string, outcome: CommandOutcome): void {
    this.metrics.commands.inc({ command, outcome });
  }

  onCommand(commandType: string, outcome: CommandOutcome, _durationMs: number): void {
    this.record(commandType, outcome);
  }
}
