import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../command-path/handle-command';
import { DealCommandService } from './deal-command.service';
import { ApproveDealRegistrationCommand } from './approve-deal-registration.command';

@CommandHandler(ApproveDealRegistrationCommand)
export class ApproveDealRegistrationHandler implements ICommandHandler<ApproveDealRegistrationCommand> {
  constructor(private readonly service: DealCommandService) {}

  execute({ data, meta }: ApproveDealRegistrationCommand): Promise<CommandResult> {
    return this.service.execute(meta, { type: 'ApproveDealRegistration', data });
  }
}
