import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../command-path/handle-command';
import { PartnerCommandService } from './partner-command.service';
import { GrantPerformanceBonusCommand } from './grant-performance-bonus.command';

@CommandHandler(GrantPerformanceBonusCommand)
export class GrantPerformanceBonusHandler implements ICommandHandler<GrantPerformanceBonusCommand> {
  constructor(private readonly service: PartnerCommandService) {}

  execute({ data, meta }: GrantPerformanceBonusCommand): Promise<CommandResult> {
    return this.service.execute(meta, { type: 'GrantPerformanceBonus', data });
  }
}
