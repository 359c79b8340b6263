import { Command } from '@nestjs/cqrs';
import type { RecordRenewalMissed } from '@ledger/domain';
import type { CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';

export class RecordRenewalMissedCommand extends Command<CommandResult> {
  constructor(
    readonly data: RecordRenewalMissed['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
