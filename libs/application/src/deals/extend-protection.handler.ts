import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../command-path/handle-command';
import { DealCommandService } from './deal-command.service';
import { ExtendProtectionCommand } from './extend-protection.command';

@CommandHandler(ExtendProtectionCommand)
export class ExtendProtectionHandler implements ICommandHandler<ExtendProtectionCommand> {
  constructor(private readonly service: DealCommandService) {}

  execute({ data, meta }: ExtendProtectionCommand): Promise<CommandResult> {
    return this.service.execute(meta, { type: 'ExtendProtection', data });
  }
}
