import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../command-path/handle-command';
import { RevenueCommandService } from './revenue-command.service';
import { CollectRevenueCommand } from './collect-revenue.command';

@CommandHandler(CollectRevenueCommand)
export class CollectRevenueHandler implements ICommandHandler<CollectRevenueCommand> {
  constructor(private readonly service: RevenueCommandService) {}

  execute({ data, meta }: CollectRevenueCommand): Promise<CommandResult> {
    return this.service.execute(meta, { type: 'CollectRevenue', data });
  }
}
