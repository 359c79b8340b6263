import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../command-path/handle-command';
import { PartnerCommandService } from './partner-command.service';
import { RecordTaxFormCommand } from './record-tax-form.command';

@CommandHandler(RecordTaxFormCommand)
export class RecordTaxFormHandler implements ICommandHandler<RecordTaxFormCommand> {
  constructor(private readonly service: PartnerCommandService) {}

  execute({ data, meta }: RecordTaxFormCommand): Promise<CommandResult> {
    return this.service.execute(meta, { type: 'RecordTaxForm', data });
  }
}
