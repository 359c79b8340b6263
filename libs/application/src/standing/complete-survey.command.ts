import { Command } from '@nestjs/cqrs';
import type { CompleteSurvey } from '@ledger/domain';
import type { CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';

export class CompleteSurveyCommand extends Command<CommandResult> {
  constructor(
    readonly data: CompleteSurvey['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
