import { Command } from '@nestjs/cqrs';
import type { AmendProgramTerms } from '@ledger/domain';
import type { CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';

export class AmendProgramTermsCommand extends Command<CommandResult> {
  constructor(
    readonly data: AmendProgramTerms['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
