import { Command } from '@nestjs/cqrs';
import type { ChangePartnerTier } from '@ledger/domain';
import type { CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';

export class ChangePartnerTierCommand extends Command<CommandResult> {
  constructor(
    readonly data: ChangePartnerTier['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
