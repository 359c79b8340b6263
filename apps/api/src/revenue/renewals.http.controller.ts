import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PlaceRenewalCommand, RecordRenewalMissedCommand, type CommandResult } from '@ledger/application';
import type { RenewalPlacer } from '@ledger/domain';
import type { FastifyRequest } from 'fastify';
import { assertPartnerScope, type Principal as PrincipalValue } from '../platform/auth/principal';
import { Principal } from '../platform/auth/principal.decorator';
import { Roles } from '../platform/auth/roles.decorator';
import { httpCommandMeta } from '../shared/command-meta';
import { PlaceRenewalRequestDto, RecordRenewalMissedRequestDto } from './revenue.request.dto';

@ApiTags('renewals')
@ApiBearerAuth()
@Controller('renewals')
export class RenewalsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Roles('ingest', 'admin', 'partner-manager', 'partner')
  @ApiOperation({
    summary: 'R-6, R-7: a renewal order for contract year 2+; placed by anyone but the original partner, it breaks the chain for good. A partner key places its own customers’ renewals only',
  })
  place(@Body() body: PlaceRenewalRequestDto, @Principal() principal: PrincipalValue, @Req() request: FastifyRequest): Promise<CommandResult> {
    if (principal.role === 'partner') assertPartnerScope(principal, body.placedBy.type === 'partner' ? body.placedBy.partnerId! : '');
    const placedBy: RenewalPlacer = body.placedBy.type === 'partner' ? { type: 'partner', partnerId: body.placedBy.partnerId! } : { type: 'results' };
    return this.commands.execute(new PlaceRenewalCommand({ ...body, orderValue: { ...body.orderValue }, placedBy }, httpCommandMeta(request)));
  }

  @Post('missed')
  @HttpCode(201)
  @Roles('ingest', 'admin', 'partner-manager')
  @ApiOperation({ summary: 'R-7: no renewal order was placed for a year: renewal commissions for the customer stop for good' })
  missed(@Body() body: RecordRenewalMissedRequestDto, @Req() request: FastifyRequest): Promise<CommandResult> {
    return this.commands.execute(new RecordRenewalMissedCommand({ ...body }, httpCommandMeta(request)));
  }
}
