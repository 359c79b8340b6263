import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsOptional, IsString, Length, Matches, ValidateIf, ValidateNested } from 'class-validator';
import { MoneyRequestDto } from '../shared/money.request.dto';

const ID = /^[A-Za-z0-9][A-Za-z0-9_:.-]{0,127}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ID_MESSAGE = 'must be 1–128 letters, digits, "_", ":", "." or "-"';

export class PrimaryContactDto {
  @ApiProperty({ example: 'Jane Roe' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 'jane@acme.example' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @Length(3, 254)
  email!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 50)
  phone?: string;
}

/** D-1 */
export class RegisterDealRequestDto {
  @ApiProperty({ description: 'Client-chosen id of this registration attempt' })
  @Matches(ID, { message: `registrationId ${ID_MESSAGE}` })
  registrationId!: string;

  @ApiProperty({ example: 'northwind' })
  @Matches(ID, { message: `partnerId ${ID_MESSAGE}` })
  partnerId!: string;

  @ApiProperty({ example: 'ACME, Inc.' })
  @IsString()
  @Length(1, 200)
  companyName!: string;

  @ApiPropertyOptional({ example: 'acme.com', nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 253)
  companyDomain?: string | null;

  @ApiProperty({ type: PrimaryContactDto })
  @ValidateNested()
  @Type(() => PrimaryContactDto)
  primaryContact!: PrimaryContactDto;

  @ApiProperty({ type: MoneyRequestDto })
  @ValidateNested()
  @Type(() => MoneyRequestDto)
  estimatedArr!: MoneyRequestDto;

  @ApiProperty({ example: '2027-03-31' })
  @Matches(DATE, { message: 'expectedCloseDate must be an ISO date (YYYY-MM-DD)' })
  expectedCloseDate!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 5000)
  description!: string;

  @ApiPropertyOptional({ description: 'D-3: original timestamp, for historical imports only' })
  @IsOptional()
  @Matches(INSTANT, { message: 'registeredAt must be an ISO-8601 instant with offset' })
  registeredAt?: string;
}

export class BusinessTimeRequestDto {
  @ApiPropertyOptional({ description: 'Business time (ISO instant); default now' })
  @IsOptional()
  @Matches(INSTANT, { message: 'at must be an ISO-8601 instant with offset' })
  at?: string;
}

export class ReasonRequestDto extends BusinessTimeRequestDto {
  @ApiProperty()
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

/** D-6 */
export class ExtendProtectionRequestDto {
  @ApiProperty({ description: 'D-6: documented sales progress (required)' })
  @IsString()
  @Length(1, 5000)
  progressNote!: string;
}

/** D-9 */
export class OverrideRegistrationRequestDto {
  @ApiProperty({ example: 'Jane Roe, CFO of Acme' })
  @IsString()
  @Length(1, 500)
  requestedBy!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 2000)
  reason!: string;

  @ApiProperty({ nullable: true, description: 'The partner the customer asked for; null = Results direct' })
  @ValidateIf((o: OverrideRegistrationRequestDto) => o.newPartnerId !== null)
  @Matches(ID, { message: `newPartnerId ${ID_MESSAGE}` })
  newPartnerId!: string | null;

  @ApiProperty({ nullable: true })
  @ValidateIf((o: OverrideRegistrationRequestDto) => o.newRegistrationId !== null)
  @Matches(ID, { message: `newRegistrationId ${ID_MESSAGE}` })
  newRegistrationId!: string | null;
}
