import { Command } from '@nestjs/cqrs';
import type { ApproveDealRegistration } from '@ledger/domain';
import type { CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';

export class ApproveDealRegistrationCommand extends Command<CommandResult> {
  constructor(
    readonly data: ApproveDealRegistration['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
