import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../command-path/handle-command';
import { StandingCommandService } from './standing-command.service';
import { GrantNfrLicensesCommand } from './grant-nfr-licenses.command';

@CommandHandler(GrantNfrLicensesCommand)
export class GrantNfrLicensesHandler implements ICommandHandler<GrantNfrLicensesCommand> {
  constructor(private readonly service: StandingCommandService) {}

  execute({ data, meta }: GrantNfrLicensesCommand): Promise<CommandResult> {
    return this.service.execute(meta, { type: 'GrantNfrLicenses', data });
  }
}
