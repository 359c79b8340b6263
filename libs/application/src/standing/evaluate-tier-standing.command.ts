import { Command } from '@nestjs/cqrs';
import type { EvaluateTierStanding } from '@ledger/domain';
import type { CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';

export class EvaluateTierStandingCommand extends Command<CommandResult> {
  constructor(
    readonly data: EvaluateTierStanding['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
