import { Command } from '@nestjs/cqrs';
import type { RenewNfrLicenses } from '@ledger/domain';
import type { CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';

export class RenewNfrLicensesCommand extends Command<CommandResult> {
  constructor(
    readonly data: RenewNfrLicenses['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
