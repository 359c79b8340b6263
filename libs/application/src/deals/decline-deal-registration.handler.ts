import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../command-path/handle-command';
import { DealCommandService } from './deal-command.service';
import { DeclineDealRegistrationCommand } from './decline-deal-registration.command';

@CommandHandler(DeclineDealRegistrationCommand)
export class DeclineDealRegistrationHandler implements ICommandHandler<DeclineDealRegistrationCommand> {
  constructor(private readonly service: DealCommandService) {}

  execute({ data, meta }: DeclineDealRegistrationCommand): Promise<CommandResult> {
    return this.service.execute(meta, { type: 'DeclineDealRegistration', data });
  }
}
