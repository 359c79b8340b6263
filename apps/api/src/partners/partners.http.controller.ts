import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ChangePartnerTierCommand,
  EnrolPartnerCommand,
  GrantPerformanceBonusCommand,
  PartnerRepository,
  RecordTaxFormCommand,
  ReportStaffCountCommand,
  type CommandResult,
} from '@ledger/application';
import type { PartnerState } from '@ledger/domain';
import type { FastifyRequest } from 'fastify';
import { assertPartnerScope, type Principal as PrincipalValue } from '../platform/auth/principal';
import { Principal } from '../platform/auth/principal.decorator';
import { Roles } from '../platform/auth/roles.decorator';
import { httpCommandMeta } from '../shared/command-meta';
import {
  ChangePartnerTierRequestDto,
  EnrolPartnerRequestDto,
  GrantPerformanceBonusRequestDto,
  RecordTaxFormRequestDto,
  ReportStaffCountRequestDto,
} from './partners.request.dto';

@ApiTags('partners')
@ApiBearerAuth()
@Controller('partners')
export class PartnersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly partners: PartnerRepository,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('admin', 'partner-manager')
  @ApiOperation({ summary: 'P-1, P-2: enrol a partner' })
  enrol(@Body() body: EnrolPartnerRequestDto, @Req() request: FastifyRequest): Promise<CommandResult> {
    return this.commands.execute(new EnrolPartnerCommand({ ...body, taxForm: body.taxForm ?? null }, httpCommandMeta(request)));
  }

  @Get(':partnerId')
  @Roles('admin', 'finance', 'partner-manager', 'partner')
  @ApiOperation({ summary: 'A partner: tier history (P-3), staff, tax form, bonus quarters' })
  async get(@Param('partnerId') partnerId: string, @Principal() principal: PrincipalValue): Promise<PartnerState> {
    assertPartnerScope(principal, partnerId);
    const partner = await this.partners.find(partnerId);
    if (!partner) throw new NotFoundException(`Partner "${partnerId}" not found`);
    return partner;
  }

  @Post(':partnerId/tier-changes')
  @HttpCode(201)
  @Roles('admin', 'partner-manager')
  @ApiOperation({ summary: 'P-1, P-3: effective-dated tier change' })
  changeTier(@Param('partnerId') partnerId: string, @Body() body: ChangePartnerTierRequestDto, @Req() request: FastifyRequest): Promise<CommandResult> {
    return this.commands.execute(new ChangePartnerTierCommand({ partnerId, ...body }, httpCommandMeta(request)));
  }

  @Post(':partnerId/staff-counts')
  @HttpCode(201)
  @Roles('admin', 'partner-manager', 'partner')
  @ApiOperation({ summary: 'P-1: report the staff count' })
  reportStaff(
    @Param('partnerId') partnerId: string,
    @Body() body: ReportStaffCountRequestDto,
    @Principal() principal: PrincipalValue,
    @Req() request: FastifyRequest,
  ): Promise<CommandResult> {
    assertPartnerScope(principal, partnerId);
    return this.commands.execute(new ReportStaffCountCommand({ partnerId, ...body }, httpCommandMeta(request)));
  }

  @Post(':partnerId/tax-forms')
  @HttpCode(201)
  @Roles('admin', 'finance', 'partner')
  @ApiOperation({ summary: 'P-2, S-5: record the W-9 / W-8 on file' })
  recordTaxForm(
    @Param('partnerId') partnerId: string,
    @Body() body: RecordTaxFormRequestDto,
    @Principal() principal: PrincipalValue,
    @Req() request: FastifyRequest,
  ): Promise<CommandResult> {
    assertPartnerScope(principal, partnerId);
    return this.commands.execute(new RecordTaxFormCommand({ partnerId, ...body }, httpCommandMeta(request)));
  }

  @Post(':partnerId/performance-bonuses')
  @HttpCode(201)
  @Roles('admin', 'partner-manager')
  @ApiOperation({ summary: 'R-3: grant the +5 pp new-business license bonus for a quarter' })
  grantBonus(@Param('partnerId') partnerId: string, @Body() body: GrantPerformanceBonusRequestDto, @Req() request: FastifyRequest): Promise<CommandResult> {
    return this.commands.execute(new GrantPerformanceBonusCommand({ partnerId, ...body }, httpCommandMeta(request)));
  }
}
