import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CollectRevenueCommand, RecordChargebackCommand, RefundRevenueCommand, type CommandResult } from '@ledger/application';
import type { FastifyRequest } from 'fastify';
import { Roles } from '../platform/auth/roles.decorator';
import { validationProblem } from '../platform/errors/request-validation';
import { httpCommandMeta } from '../shared/command-meta';
import { CollectRevenueRequestDto, RecordChargebackRequestDto, RefundRevenueRequestDto } from './revenue.request.dto';

const PAYMENT_ID = /^[A-Za-z0-9][A-Za-z0-9_:.-]{0,127}$/;

@ApiTags('revenue')
@ApiBearerAuth()
@Controller('revenue/collections')
export class RevenueController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Roles('ingest', 'admin', 'finance')
  @ApiOperation({ summary: 'R-1, R-9: record a collection; a repeated payment id is a no-op, a different payload under it a 409' })
  collect(@Body() body: CollectRevenueRequestDto, @Req() request: FastifyRequest): Promise<CommandResult> {
    const order = body.order.type === 'renewal' ? { type: 'renewal' as const, year: body.order.year! } : { type: 'initial' as const };
    return this.commands.execute(
      new CollectRevenueCommand({ ...body, order, amount: { ...body.amount } }, httpCommandMeta(request)),
    );
  }

  @Post(':paymentId/refunds')
  @HttpCode(201)
  @Roles('ingest', 'admin', 'finance')
  @ApiOperation({ summary: 'R-8: refund (part of) a collection; reversed at the rate it earned, as a clawback when its quarter is closed' })
  refund(@Param('paymentId') paymentId: string, @Body() body: RefundRevenueRequestDto, @Req() request: FastifyRequest): Promise<CommandResult> {
    return this.commands.execute(new RefundRevenueCommand({ paymentId: checkPaymentId(paymentId), ...body, amount: { ...body.amount } }, httpCommandMeta(request)));
  }

  @Post(':paymentId/chargebacks')
  @HttpCode(201)
  @Roles('ingest', 'admin', 'finance')
  @ApiOperation({ summary: 'R-8: record a chargeback of (part of) a collection' })
  chargeback(@Param('paymentId') paymentId: string, @Body() body: RecordChargebackRequestDto, @Req() request: FastifyRequest): Promise<CommandResult> {
    return this.commands.execute(
      new RecordChargebackCommand({ paymentId: checkPaymentId(paymentId), ...body, amount: { ...body.amount } }, httpCommandMeta(request)),
    );
  }
}

function checkPaymentId(paymentId: string): string {
  if (!PAYMENT_ID.test(paymentId)) throw validationProblem([{ field: 'paymentId', message: 'paymentId must be 1–128 letters, digits, "_", ":", "." or "-"' }]);
  return paymentId;
}
