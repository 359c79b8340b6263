import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../command-path/handle-command';
import { StandingCommandService } from './standing-command.service';
import { CompleteSurveyCommand } from './complete-survey.command';

@CommandHandler(CompleteSurveyCommand)
export class CompleteSurveyHandler implements ICommandHandler<CompleteSurveyCommand> {
  constructor(private readonly service: StandingCommandService) {}

  execute({ data, meta }: CompleteSurveyCommand): Promise<CommandResult> {
    return this.service.execute(meta, { type: 'CompleteSurvey', data });
  }
}
