import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../command-path/handle-command';
import { ProgramTermsCommandService } from './program-terms-command.service';
import { AmendProgramTermsCommand } from './amend-program-terms.command';

@CommandHandler(AmendProgramTermsCommand)
export class AmendProgramTermsHandler implements ICommandHandler<AmendProgramTermsCommand> {
  constructor(private readonly service: ProgramTermsCommandService) {}

  execute({ data, meta }: AmendProgramTermsCommand): Promise<CommandResult> {
    return this.service.execute(meta, { type: 'AmendProgramTerms', data });
  }
}
