import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../command-path/handle-command';
import { DealCommandService } from './deal-command.service';
import { OverrideDealRegistrationCommand } from './override-deal-registration.command';

@CommandHandler(OverrideDealRegistrationCommand)
export class OverrideDealRegistrationHandler implements ICommandHandler<OverrideDealRegistrationCommand> {
  constructor(private readonly service: DealCommandService) {}

  execute({ data, meta }: OverrideDealRegistrationCommand): Promise<CommandResult> {
    return this.service.execute(meta, { type: 'OverrideDealRegistration', data });
  }
}
