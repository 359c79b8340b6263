import { Command } from '@nestjs/cqrs';
import type { CloseQuarter } from '@ledger/domain';
import type { CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';

export class CloseQuarterCommand extends Command<CommandResult> {
  constructor(
    readonly data: CloseQuarter['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
