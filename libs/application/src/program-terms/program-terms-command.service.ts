import { Injectable } from '@nestjs/common';
import { programTermsDecider, programTermsStreamId, type AmendProgramTerms } from '@ledger/domain';
import { CommandRunner, type CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';

/** T-1: amending the terms is itself an event on the `program-terms` stream. */
@Injectable()
export class ProgramTermsCommandService {
  constructor(private readonly runner: CommandRunner) {}

  execute(meta: CommandMeta, input: { type: 'AmendProgramTerms'; data: AmendProgramTerms['data'] }): Promise<CommandResult> {
    const command: AmendProgramTerms = { ...input, metadata: this.runner.domainMetadata(meta) };
    return this.runner.run(meta, {
      streamName: programTermsStreamId(),
      decider: programTermsDecider,
      command,
      context: undefined,
    });
  }
}
