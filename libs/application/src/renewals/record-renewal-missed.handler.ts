import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../command-path/handle-command';
import { RenewalCommandService } from './renewal-command.service';
import { RecordRenewalMissedCommand } from './record-renewal-missed.command';

@CommandHandler(RecordRenewalMissedCommand)
export class RecordRenewalMissedHandler implements ICommandHandler<RecordRenewalMissedCommand> {
  constructor(private readonly service: RenewalCommandService) {}

  execute({ data, meta }: RecordRenewalMissedCommand): Promise<CommandResult> {
    return this.service.execute(meta, { type: 'RecordRenewalMissed', data });
  }
}
