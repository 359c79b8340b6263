import { Command } from '@nestjs/cqrs';
import type { CloseDealWon } from '@ledger/domain';
import type { CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';

export class CloseDealWonCommand extends Command<CommandResult> {
  constructor(
    readonly data: CloseDealWon['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
