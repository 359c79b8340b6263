import { Command } from '@nestjs/cqrs';
import type { EnrolCertification } from '@ledger/domain';
import type { CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';

export class EnrolCertificationCommand extends Command<CommandResult> {
  constructor(
    readonly data: EnrolCertification['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
