import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AmendProgramTermsCommand, ProgramTermsService, type CommandResult } from '@ledger/application';
import type { ProgramTerms, ProgramTermsBook } from '@ledger/domain';
import type { FastifyRequest } from 'fastify';
import { Roles } from '../platform/auth/roles.decorator';
import { httpCommandMeta } from '../shared/command-meta';
import { AmendProgramTermsRequestDto } from './amend-program-terms.request.dto';

@ApiTags('program terms')
@ApiBearerAuth()
@Controller('program-terms')
export class ProgramTermsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly terms: ProgramTermsService,
  ) {}

  @Get()
  @Roles('admin', 'finance', 'partner-manager', 'partner', 'ingest', 'subscriber')
  @ApiOperation({ summary: 'T-1: every version of the program terms, effective-dated' })
  book(): Promise<ProgramTermsBook> {
    return this.terms.book();
  }

  @Post('amendments')
  @HttpCode(201)
  @Roles('admin')
  @ApiOperation({ summary: 'T-1: amend the program terms from an effective date (records ProgramTermsAmended)' })
  amend(@Body() body: AmendProgramTermsRequestDto, @Req() request: FastifyRequest): Promise<CommandResult> {
    const data = { terms: body.terms as unknown as ProgramTerms, effectiveFrom: body.effectiveFrom, reason: body.reason };
    return this.commands.execute(new AmendProgramTermsCommand(data, httpCommandMeta(request)));
  }
}
