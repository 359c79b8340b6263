import { Command } from '@nestjs/cqrs';
import type { ConfirmStatement } from '@ledger/domain';
import type { CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';

export class ConfirmStatementCommand extends Command<CommandResult> {
  constructor(
    readonly data: ConfirmStatement['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
