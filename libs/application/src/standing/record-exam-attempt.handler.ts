import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../command-path/handle-command';
import { StandingCommandService } from './standing-command.service';
import { RecordExamAttemptCommand } from './record-exam-attempt.command';

@CommandHandler(RecordExamAttemptCommand)
export class RecordExamAttemptHandler implements ICommandHandler<RecordExamAttemptCommand> {
  constructor(private readonly service: StandingCommandService) {}

  execute({ data, meta }: RecordExamAttemptCommand): Promise<CommandResult> {
    return this.service.execute(meta, { type: 'RecordExamAttempt', data });
  }
}
