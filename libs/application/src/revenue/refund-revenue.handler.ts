import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../command-path/handle-command';
import { RevenueCommandService } from './revenue-command.service';
import { RefundRevenueCommand } from './refund-revenue.command';

@CommandHandler(RefundRevenueCommand)
export class RefundRevenueHandler implements ICommandHandler<RefundRevenueCommand> {
  constructor(private readonly service: RevenueCommandService) {}

  execute({ data, meta }: RefundRevenueCommand): Promise<CommandResult> {
    return this.service.execute(meta, { type: 'RefundRevenue', data });
  }
}
