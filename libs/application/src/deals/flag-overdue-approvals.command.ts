import { Command } from '@nestjs/cqrs';
import type { FlagOverdueApprovals } from '@ledger/domain';
import type { CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';

export class FlagOverdueApprovalsCommand extends Command<CommandResult> {
  constructor(
    readonly data: FlagOverdueApprovals['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
