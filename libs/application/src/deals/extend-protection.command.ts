import { Command } from '@nestjs/cqrs';
import type { ExtendProtection } from '@ledger/domain';
import type { CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';

export class ExtendProtectionCommand extends Command<CommandResult> {
  constructor(
    readonly data: ExtendProtection['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
