import { Command } from '@nestjs/cqrs';
import type { GrantNfrLicenses } from '@ledger/domain';
import type { CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';

export class GrantNfrLicensesCommand extends Command<CommandResult> {
  constructor(
    readonly data: GrantNfrLicenses['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
