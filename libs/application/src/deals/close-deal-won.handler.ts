import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../command-path/handle-command';
import { DealCommandService } from './deal-command.service';
import { CloseDealWonCommand } from './close-deal-won.command';

@CommandHandler(CloseDealWonCommand)
export class CloseDealWonHandler implements ICommandHandler<CloseDealWonCommand> {
  constructor(private readonly service: DealCommandService) {}

  execute({ data, meta }: CloseDealWonCommand): Promise<CommandResult> {
    return this.service.execute(meta, { type: 'CloseDealWon', data });
  }
}
