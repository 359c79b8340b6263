import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../command-path/handle-command';
import { PartnerCommandService } from './partner-command.service';
import { EnrolPartnerCommand } from './enrol-partner.command';

@CommandHandler(EnrolPartnerCommand)
export class EnrolPartnerHandler implements ICommandHandler<EnrolPartnerCommand> {
  constructor(private readonly service: PartnerCommandService) {}

  execute({ data, meta }: EnrolPartnerCommand): Promise<CommandResult> {
    return this.service.execute(meta, { type: 'EnrolPartner', data });
  }
}
