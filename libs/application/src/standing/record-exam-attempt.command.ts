import { Command } from '@nestjs/cqrs';
import type { RecordExamAttempt } from '@ledger/domain';
import type { CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';

export class RecordExamAttemptCommand extends Command<CommandResult> {
  constructor(
    readonly data: RecordExamAttempt['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
