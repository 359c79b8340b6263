import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../command-path/handle-command';
import { StatementCommandService } from './statement-command.service';
import { CloseQuarterCommand } from './close-quarter.command';

@CommandHandler(CloseQuarterCommand)
export class CloseQuarterHandler implements ICommandHandler<CloseQuarterCommand> {
  constructor(private readonly service: StatementCommandService) {}

  execute({ data, meta }: CloseQuarterCommand): Promise<CommandResult> {
    return this.service.execute(meta, { type: 'CloseQuarter', data });
  }
}
