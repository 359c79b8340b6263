import { Command } from '@nestjs/cqrs';
import type { CompleteCertificationTraining } from '@ledger/domain';
import type { CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';

export class CompleteCertificationTrainingCommand extends Command<CommandResult> {
  constructor(
    readonly data: CompleteCertificationTraining['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
