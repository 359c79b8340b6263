import { Command } from '@nestjs/cqrs';
import type { ExpireProtection } from '@ledger/domain';
import type { CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';

export class ExpireProtectionCommand extends Command<CommandResult> {
  constructor(
    readonly data: ExpireProtection['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
