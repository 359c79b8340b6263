import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../command-path/handle-command';
import { StandingCommandService } from './standing-command.service';
import { EvaluateTierStandingCommand } from './evaluate-tier-standing.command';

@CommandHandler(EvaluateTierStandingCommand)
export class EvaluateTierStandingHandler implements ICommandHandler<EvaluateTierStandingCommand> {
  constructor(private readonly service: StandingCommandService) {}

  execute({ data, meta }: EvaluateTierStandingCommand): Promise<CommandResult> {
    return this.service.execute(meta, { type: 'EvaluateTierStanding', data });
  }
}
