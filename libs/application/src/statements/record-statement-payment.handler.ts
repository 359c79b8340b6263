import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../command-path/handle-command';
import { StatementCommandService } from './statement-command.service';
import { RecordStatementPaymentCommand } from './record-statement-payment.command';

@CommandHandler(RecordStatementPaymentCommand)
export class RecordStatementPaymentHandler implements ICommandHandler<RecordStatementPaymentCommand> {
  constructor(private readonly service: StatementCommandService) {}

  execute({ data, meta }: RecordStatementPaymentCommand): Promise<CommandResult> {
    return this.service.execute(meta, { type: 'RecordStatementPayment', data });
  }
}
