import { Command } from '@nestjs/cqrs';
import type { GrantPerformanceBonus } from '@ledger/domain';
import type { CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';

export class GrantPerformanceBonusCommand extends Command<CommandResult> {
  constructor(
    readonly data: GrantPerformanceBonus['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
