import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../command-path/handle-command';
import { RenewalCommandService } from './renewal-command.service';
import { PlaceRenewalCommand } from './place-renewal.command';

@CommandHandler(PlaceRenewalCommand)
export class PlaceRenewalHandler implements ICommandHandler<PlaceRenewalCommand> {
  constructor(private readonly service: RenewalCommandService) {}

  execute({ data, meta }: PlaceRenewalCommand): Promise<CommandResult> {
    return this.service.execute(meta, { type: 'PlaceRenewal', data });
  }
}
