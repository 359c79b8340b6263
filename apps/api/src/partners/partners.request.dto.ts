import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** P-2 */
export class EnrolPartnerRequestDto {
  @ApiProperty({ example: 'northwind' })
  @Matches(ID, { message: 'partnerId must be 1–64 letters, digits, "_" or "-"' })
  partnerId!: string;

  @ApiProperty({ example: 'Northwind Consulting LLC' })
  @IsString()
  @Length(1, 200)
  legalName!: string;

  @ApiProperty({ enum: ['referral', 'certified', 'premier'] })
  @IsString()
  tier!: string;

  @ApiProperty({ example: 6 })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  staffCount!: number;

  @ApiProperty({ example: 'US' })
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as US' })
  country!: string;

  @ApiPropertyOptional({ enum: ['W-9', 'W-8'], nullable: true })
  @IsOptional()
  @IsIn(['W-9', 'W-8'])
  taxForm?: 'W-9' | 'W-8' | null;

  @ApiPropertyOptional({ description: 'Business time of enrolment (ISO instant); default now' })
  @IsOptional()
  @Matches(INSTANT, { message: 'enrolledAt must be an ISO-8601 instant with offset' })
  enrolledAt?: string;
}

/** P-3 */
export class ChangePartnerTierRequestDto {
  @ApiProperty({ enum: ['referral', 'certified', 'premier'] })
  @IsString()
  toTier!: string;

  @ApiProperty({ example: '2026-04-01' })
  @Matches(DATE, { message: 'effectiveFrom must be an ISO date (YYYY-MM-DD)' })
  effectiveFrom!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 1000)
  reason!: string;
}

/** P-1 */
export class ReportStaffCountRequestDto {
  @ApiProperty()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  staffCount!: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(INSTANT, { message: 'reportedAt must be an ISO-8601 instant with offset' })
  reportedAt?: string;
}

/** P-2, S-5 */
export class RecordTaxFormRequestDto {
  @ApiProperty({ enum: ['W-9', 'W-8'] })
  @IsIn(['W-9', 'W-8'])
  taxForm!: 'W-9' | 'W-8';
}

/** */
export class GrantPerformanceBonusRequestDto {
  @ApiProperty({ example: '2026-Q1' })
  @Matches(/^\d{4}-Q[1-4]$/, { message: 'quarter must look like 2026-Q1' })
  quarter!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 1000)
  reason!: string;
}
