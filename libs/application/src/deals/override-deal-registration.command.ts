import { Command } from '@nestjs/cqrs';
import type { OverrideDealRegistration } from '@ledger/domain';
import type { CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';

export class OverrideDealRegistrationCommand extends Command<CommandResult> {
  constructor(
    readonly data: OverrideDealRegistration['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
