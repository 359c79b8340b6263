import { Command } from '@nestjs/cqrs';
import type { EnrolPartner } from '@ledger/domain';
import type { CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';

export class EnrolPartnerCommand extends Command<CommandResult> {
  constructor(
    readonly data: EnrolPartner['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
