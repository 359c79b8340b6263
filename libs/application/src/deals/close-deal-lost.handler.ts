import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../command-path/handle-command';
import { DealCommandService } from './deal-command.service';
import { CloseDealLostCommand } from './close-deal-lost.command';

@CommandHandler(CloseDealLostCommand)
export class CloseDealLostHandler implements ICommandHandler<CloseDealLostCommand> {
  constructor(private readonly service: DealCommandService) {}

  execute({ data, meta }: CloseDealLostCommand): Promise<CommandResult> {
    return this.service.execute(meta, { type: 'CloseDealLost', data });
  }
}
