import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsString, Length, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { REVENUE_KINDS, type RevenueKind } from '@ledger/domain';
import { MoneyRequestDto } from '../shared/money.request.dto';

const ID = /^[A-Za-z0-9][A-Za-z0-9_:.-]{0,127}$/;
const ID_MESSAGE = 'must be 1–128 letters, digits, "_", ":", "." or "-"';
const PARTNER_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** D-2: an opportunity key (the customer of revenue and renewals). */
const CUSTOMER_KEY = /^[\p{Ll}\p{Lo}\p{N}][\p{Ll}\p{Lo}\p{N}.-]{0,299}$/u;
const CUSTOMER_KEY_MESSAGE = 'customerKey must be the opportunity key of the customer (lower-case letters, digits, "-" and ".", D-2)';
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const instant = (field: string) => ({ message: `${field} must be an ISO-8601 instant with offset (T-3)` });
const money = (field: string) => ({ message: `${field} must be money: { amountMinor: "<integer minor units>", currency: "USD" } (T-2)` });

/** The order a collection belongs to: the initial order (first contract year) or a renewal year 2+ (R-2, R-6). */
export class RevenueOrderDto {
  @ApiProperty({ enum: ['initial', 'renewal'], example: 'initial' })
  @IsIn(['initial', 'renewal'], { message: 'order.type must be "initial" or "renewal"' })
  type!: 'initial' | 'renewal';

  @ApiPropertyOptional({ minimum: 2, maximum: 100, description: 'Contract year of a renewal order (2+); only with type "renewal"' })
  @ValidateIf((o: RevenueOrderDto) => o.type === 'renewal' || o.year !== undefined)
  @IsInt({ message: 'R-6: order.year must be an integer contract year from 2' })
  @Min(2, { message: 'R-6: order.year must be an integer contract year from 2' })
  @Max(100, { message: 'R-6: order.year must be at most 100' })
  year?: number;
}

/** revenue collected from a customer, posted by the billing system. */
export class CollectRevenueRequestDto {
  @ApiProperty({ example: 'pay-2026-0001', description: 'External payment id: a repeated id is a no-op (R-9)' })
  @Matches(ID, { message: `paymentId ${ID_MESSAGE}` })
  paymentId!: string;

  @ApiProperty({ example: 'acme', description: 'The customer: the opportunity key of its deal (D-2)' })
  @Matches(CUSTOMER_KEY, { message: CUSTOMER_KEY_MESSAGE })
  customerKey!: string;

  @ApiProperty({ enum: REVENUE_KINDS, example: 'license' })
  @IsIn(REVENUE_KINDS, { message: `revenueKind must be one of ${REVENUE_KINDS.join(', ')}` })
  revenueKind!: RevenueKind;

  @ApiProperty({ type: RevenueOrderDto })
  @IsObject({ message: 'order must be an object: { type: "initial" } or { type: "renewal", year: 2 }' })
  @ValidateNested()
  @Type(() => RevenueOrderDto)
  order!: RevenueOrderDto;

  @ApiProperty({ type: MoneyRequestDto })
  @IsObject(money('amount'))
  @ValidateNested()
  @Type(() => MoneyRequestDto)
  amount!: MoneyRequestDto;

  @ApiProperty({ example: '2026-02-10T15:00:00Z', description: 'Business time the payment was collected' })
  @Matches(INSTANT, instant('collectedAt'))
  collectedAt!: string;
}

/** */
export class RefundRevenueRequestDto {
  @ApiProperty({ example: 'refund-0001' })
  @Matches(ID, { message: `refundId ${ID_MESSAGE}` })
  refundId!: string;

  @ApiProperty({ type: MoneyRequestDto })
  @IsObject(money('amount'))
  @ValidateNested()
  @Type(() => MoneyRequestDto)
  amount!: MoneyRequestDto;

  @ApiProperty({ example: '2026-04-20T15:00:00Z' })
  @Matches(INSTANT, instant('refundedAt'))
  refundedAt!: string;

  @ApiProperty({ example: 'seats reduced' })
  @IsString()
  @Length(1, 1000)
  reason!: string;
}

/** */
export class RecordChargebackRequestDto {
  @ApiProperty({ example: 'chargeback-0001' })
  @Matches(ID, { message: `chargebackId ${ID_MESSAGE}` })
  chargebackId!: string;

  @ApiProperty({ type: MoneyRequestDto })
  @IsObject(money('amount'))
  @ValidateNested()
  @Type(() => MoneyRequestDto)
  amount!: MoneyRequestDto;

  @ApiProperty({ example: '2026-04-20T15:00:00Z' })
  @Matches(INSTANT, instant('chargedBackAt'))
  chargedBackAt!: string;

  @ApiProperty({ example: 'card dispute' })
  @IsString()
  @Length(1, 1000)
  reason!: string;
}

/** who placed a renewal order: the partner itself, or Results. */
export class RenewalPlacerDto {
  @ApiProperty({ enum: ['partner', 'results'], example: 'partner' })
  @IsIn(['partner', 'results'], { message: 'placedBy.type must be "partner" or "results"' })
  type!: 'partner' | 'results';

  @ApiPropertyOptional({ example: 'northwind', description: 'Required when type is "partner"' })
  @ValidateIf((o: RenewalPlacerDto) => o.type === 'partner' || o.partnerId !== undefined)
  @Matches(PARTNER_ID, { message: 'placedBy.partnerId must be 1–64 letters, digits, "_" or "-"' })
  partnerId?: string;
}

/** */
export class PlaceRenewalRequestDto {
  @ApiProperty({ example: 'acme' })
  @Matches(CUSTOMER_KEY, { message: CUSTOMER_KEY_MESSAGE })
  customerKey!: string;

  @ApiProperty({ example: 2, minimum: 2, maximum: 100 })
  @IsInt({ message: 'R-6: year must be an integer contract year from 2' })
  @Min(2, { message: 'R-6: year must be an integer contract year from 2' })
  @Max(100, { message: 'R-6: year must be at most 100' })
  year!: number;

  @ApiProperty({ type: MoneyRequestDto })
  @IsObject(money('orderValue'))
  @ValidateNested()
  @Type(() => MoneyRequestDto)
  orderValue!: MoneyRequestDto;

  @ApiProperty({ type: RenewalPlacerDto })
  @IsObject({ message: 'placedBy must be { type: "partner", partnerId } or { type: "results" }' })
  @ValidateNested()
  @Type(() => RenewalPlacerDto)
  placedBy!: RenewalPlacerDto;

  @ApiProperty({ example: '2026-02-01T15:00:00Z' })
  @Matches(INSTANT, instant('placedAt'))
  placedAt!: string;
}

/** */
export class RecordRenewalMissedRequestDto {
  @ApiProperty({ example: 'acme' })
  @Matches(CUSTOMER_KEY, { message: CUSTOMER_KEY_MESSAGE })
  customerKey!: string;

  @ApiProperty({ example: 3, minimum: 2, maximum: 100 })
  @IsInt({ message: 'R-6: year must be an integer contract year from 2' })
  @Min(2, { message: 'R-6: year must be an integer contract year from 2' })
  @Max(100, { message: 'R-6: year must be at most 100' })
  year!: number;

  @ApiProperty({ example: '2027-02-01T15:00:00Z' })
  @Matches(INSTANT, instant('missedAt'))
  missedAt!: string;
}
