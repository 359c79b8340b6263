import { Command } from '@nestjs/cqrs';
import type { CloseDealLost } from '@ledger/domain';
import type { CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';

export class CloseDealLostCommand extends Command<CommandResult> {
  constructor(
    readonly data: CloseDealLost['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
