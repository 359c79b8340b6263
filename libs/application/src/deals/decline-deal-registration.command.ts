import { Command } from '@nestjs/cqrs';
import type { DeclineDealRegistration } from '@ledger/domain';
import type { CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';

export class DeclineDealRegistrationCommand extends Command<CommandResult> {
  constructor(
    readonly data: DeclineDealRegistration['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
