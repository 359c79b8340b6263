import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../command-path/handle-command';
import { StandingCommandService } from './standing-command.service';
import { CompleteCertificationTrainingCommand } from './complete-certification-training.command';

@CommandHandler(CompleteCertificationTrainingCommand)
export class CompleteCertificationTrainingHandler implements ICommandHandler<CompleteCertificationTrainingCommand> {
  constructor(private readonly service: StandingCommandService) {}

  execute({ data, meta }: CompleteCertificationTrainingCommand): Promise<CommandResult> {
    return this.service.execute(meta, { type: 'CompleteCertificationTraining', data });
  }
}
