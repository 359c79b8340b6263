import { Command } from '@nestjs/cqrs';
import type { PlaceRenewal } from '@ledger/domain';
import type { CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';

export class PlaceRenewalCommand extends Command<CommandResult> {
  constructor(
    readonly data: PlaceRenewal['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
