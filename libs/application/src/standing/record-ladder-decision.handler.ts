import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../command-path/handle-command';
import { StandingCommandService } from './standing-command.service';
import { RecordLadderDecisionCommand } from './record-ladder-decision.command';

@CommandHandler(RecordLadderDecisionCommand)
export class RecordLadderDecisionHandler implements ICommandHandler<RecordLadderDecisionCommand> {
  constructor(private readonly service: StandingCommandService) {}

  execute({ data, meta }: RecordLadderDecisionCommand): Promise<CommandResult> {
    return this.service.execute(meta, { type: 'RecordLadderDecision', data });
  }
}
