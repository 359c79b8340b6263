import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../command-path/handle-command';
import { RevenueCommandService } from './revenue-command.service';
import { RecordChargebackCommand } from './record-chargeback.command';

@CommandHandler(RecordChargebackCommand)
export class RecordChargebackHandler implements ICommandHandler<RecordChargebackCommand> {
  constructor(private readonly service: RevenueCommandService) {}

  execute({ data, meta }: RecordChargebackCommand): Promise<CommandResult> {
    return this.service.execute(meta, { type: 'RecordChargeback', data });
  }
}
