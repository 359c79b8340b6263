import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../command-path/handle-command';
import { PartnerCommandService } from './partner-command.service';
import { ChangePartnerTierCommand } from './change-partner-tier.command';

@CommandHandler(ChangePartnerTierCommand)
export class ChangePartnerTierHandler implements ICommandHandler<ChangePartnerTierCommand> {
  constructor(private readonly service: PartnerCommandService) {}

  execute({ data, meta }: ChangePartnerTierCommand): Promise<CommandResult> {
    return this.service.execute(meta, { type: 'ChangePartnerTier', data });
  }
}
