import { Command } from '@nestjs/cqrs';
import type { RegisterDeal } from '@ledger/domain';
import type { CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';

export class RegisterDealCommand extends Command<CommandResult> {
  constructor(
    readonly data: RegisterDeal['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
