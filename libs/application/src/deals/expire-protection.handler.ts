import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../command-path/handle-command';
import { DealCommandService } from './deal-command.service';
import { ExpireProtectionCommand } from './expire-protection.command';

@CommandHandler(ExpireProtectionCommand)
export class ExpireProtectionHandler implements ICommandHandler<ExpireProtectionCommand> {
  constructor(private readonly service: DealCommandService) {}

  execute({ data, meta }: ExpireProtectionCommand): Promise<CommandResult> {
    return this.service.execute(meta, { type: 'ExpireProtection', data });
  }
}
