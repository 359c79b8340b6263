import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../command-path/handle-command';
import { StatementCommandService } from './statement-command.service';
import { ConfirmStatementCommand } from './confirm-statement.command';

@CommandHandler(ConfirmStatementCommand)
export class ConfirmStatementHandler implements ICommandHandler<ConfirmStatementCommand> {
  constructor(private readonly service: StatementCommandService) {}

  execute({ data, meta }: ConfirmStatementCommand): Promise<CommandResult> {
    return this.service.execute(meta, { type: 'ConfirmStatement', data });
  }
}
