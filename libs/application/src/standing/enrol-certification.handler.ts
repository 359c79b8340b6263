import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../command-path/handle-command';
import { StandingCommandService } from './standing-command.service';
import { EnrolCertificationCommand } from './enrol-certification.command';

@CommandHandler(EnrolCertificationCommand)
export class EnrolCertificationHandler implements ICommandHandler<EnrolCertificationCommand> {
  constructor(private readonly service: StandingCommandService) {}

  execute({ data, meta }: EnrolCertificationCommand): Promise<CommandResult> {
    return this.service.execute(meta, { type: 'EnrolCertification', data });
  }
}
