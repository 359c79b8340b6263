import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../command-path/handle-command';
import { DealCommandService } from './deal-command.service';
import { RegisterDealCommand } from './register-deal.command';

@CommandHandler(RegisterDealCommand)
export class RegisterDealHandler implements ICommandHandler<RegisterDealCommand> {
  constructor(private readonly service: DealCommandService) {}

  execute({ data, meta }: RegisterDealCommand): Promise<CommandResult> {
    return this.service.execute(meta, { type: 'RegisterDeal', data });
  }
}
