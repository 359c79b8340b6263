import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../command-path/handle-command';
import { StatementCommandService } from './statement-command.service';
import { InvoiceStatementCommand } from './invoice-statement.command';

@CommandHandler(InvoiceStatementCommand)
export class InvoiceStatementHandler implements ICommandHandler<InvoiceStatementCommand> {
  constructor(private readonly service: StatementCommandService) {}

  execute({ data, meta }: InvoiceStatementCommand): Promise<CommandResult> {
    return this.service.execute(meta, { type: 'InvoiceStatement', data });
  }
}
