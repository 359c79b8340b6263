import { Command } from '@nestjs/cqrs';
import type { CollectRevenue } from '@ledger/domain';
import type { CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';

export class CollectRevenueCommand extends Command<CommandResult> {
  constructor(
    readonly data: CollectRevenue['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
