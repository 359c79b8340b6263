/** Test-only routes that exercise the platform (pipe, filter, guard, idempotency) without domain routes. */
import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsInt, IsObject, IsOptional, IsString, Length, Min, ValidateNested } from 'class-validator';
import { DomainError } from '@ledger/domain';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '@ledger/event-store';
import type { FastifyRequest } from 'fastify';
import { assertPartnerScope, type Principal as PrincipalValue } from '../../../../apps/api/src/platform/auth/principal';
import { Principal } from '../../../../apps/api/src/platform/auth/principal.decorator';
import { Public } from '../../../../apps/api/src/platform/auth/public.decorator';
import { Roles } from '../../../../apps/api/src/platform/auth/roles.decorator';
import { CorrelationId } from '../../../../apps/api/src/platform/http/correlation-id';
import { commandMetaFrom } from '../../../../apps/api/src/platform/idempotency/command-id';

export class ProbeContactDto {
  @ApiProperty() @IsString() @Length(1, 100) readonly name!: string;
  @ApiProperty() @IsEmail() readonly email!: string;
}

export class ProbeLineDto {
  @ApiProperty() @IsInt() @Min(1) readonly quantity!: number;
}

export class ProbeRegistrationDto {
  @ApiProperty() @IsString() @Length(1, 200) readonly companyName!: string;

  @ApiProperty({ type: ProbeContactDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ProbeContactDto)
  readonly primaryContact!: ProbeContactDto;

  @ApiProperty({ type: [ProbeLineDto], required: false })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => ProbeLineDto)
  readonly lines?: ProbeLineDto[];
}

/** Counts executions so tests can prove a replay executed nothing. */
export class ProbeCounter {
  executions = 0;
  /** When set, POST /probe/slow waits for it (concurrency tests). */
  gate: Promise<void> | null = null;
}

@Roles('admin', 'finance', 'partner-manager', 'partner', 'ingest', 'subscriber')
@Controller('probe')
export class ProbeController {
  constructor(private readonly counter: ProbeCounter) {}

  @Post('registrations')
  register(@Body() body: ProbeRegistrationDto, @Req() request: FastifyRequest, @CorrelationId() correlationId: string) {
    this.counter.executions++;
    return {
      execution: this.counter.executions,
      companyName: body.companyName,
      transformed: body instanceof ProbeRegistrationDto,
      correlationId,
      commandMeta: commandMetaFrom(request),
    };
  }

  @Post('slow')
  @HttpCode(202)
  async slow(@Body() body: { n?: number }) {
    this.counter.executions++;
    if (this.counter.gate) await this.counter.gate;
    return { execution: this.counter.executions, n: body?.n ?? null };
  }

  @Post('refused')
  refused() {
    this.counter.executions++;
    throw DomainError.rule('D-7', 'Total protection would exceed 180 days', 'extension');
  }

  @Post('domain-error')
  @HttpCode(200)
  domainError(@Query('code') code: string) {
    switch (code) {
      case 'validation':
        throw DomainError.validation([{ field: 'primaryContact.email', message: 'is not an email' }], 'D-1');
      case 'not-found':
        throw DomainError.notFound('Partner "p-404"', 'partnerId');
      case 'conflict':
        throw DomainError.conflict('Registration already decided', 'D-4');
      case 'rule':
        throw DomainError.rule('P-1', 'A certified partner needs at least 2 staff', 'staffCount');
      case 'revision':
        throw new WrongExpectedRevisionError('opportunity-acme', 3n, 4n);
      case 'unavailable':
        throw new EventStoreUnavailableError('connection refused to esdb://secret-host:2113');
      default:
        throw new Error('secret internals: password=hunter2');
    }
  }

  @Get('finance-only')
  @Roles('finance')
  financeOnly(@Principal() principal: PrincipalValue) {
    return principal;
  }

  @Get('partners/:partnerId')
  @Roles('admin', 'partner')
  partner(@Param('partnerId') partnerId: string, @Principal() principal: PrincipalValue) {
    assertPartnerScope(principal, partnerId);
    return { partnerId };
  }

  @Get('public')
  @Public()
  open() {
    return { public: true };
  }
}

/** A route without @Roles at all: admin only by default. */
@Controller('probe-default')
export class ProbeDefaultController {
  @Get()
  get() {
    return { ok: true };
  }
}
