import { Command } from '@nestjs/cqrs';
import type { RefundRevenue } from '@ledger/domain';
import type { CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';

export class RefundRevenueCommand extends Command<CommandResult> {
  constructor(
    readonly data: RefundRevenue['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
