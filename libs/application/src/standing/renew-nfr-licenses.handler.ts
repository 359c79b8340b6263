import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../command-path/handle-command';
import { StandingCommandService } from './standing-command.service';
import { RenewNfrLicensesCommand } from './renew-nfr-licenses.command';

@CommandHandler(RenewNfrLicensesCommand)
export class RenewNfrLicensesHandler implements ICommandHandler<RenewNfrLicensesCommand> {
  constructor(private readonly service: StandingCommandService) {}

  execute({ data, meta }: RenewNfrLicensesCommand): Promise<CommandResult> {
    return this.service.execute(meta, { type: 'RenewNfrLicenses', data });
  }
}
