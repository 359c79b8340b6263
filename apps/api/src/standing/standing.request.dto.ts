import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { LADDER_DECISIONS, type LadderDecision } from '@ledger/domain';

const ID = /^[A-Za-z0-9][A-Za-z0-9_:.-]{0,127}$/;
const ID_MESSAGE = 'must be 1–128 letters, digits, "_", ":", "." or "-"';
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const QUARTER = /^\d{4}-Q[1-4]$/;
const instant = (field: string) => ({ message: `${field} must be an ISO-8601 instant with offset` });
const stars = { message: 'C-1: $property must be an integer from 1 to 5 stars' };

/** C-1: exactly the five named questions, each 1–5 stars (unknown questions are rejected). */
export class SurveyRatingsDto {
  @ApiProperty({ minimum: 1, maximum: 5 })
  @IsInt(stars)
  @Min(1, stars)
  @Max(5, stars)
  productFit!: number;

  @ApiProperty({ minimum: 1, maximum: 5 })
  @IsInt(stars)
  @Min(1, stars)
  @Max(5, stars)
  implementationQuality!: number;

  @ApiProperty({ minimum: 1, maximum: 5 })
  @IsInt(stars)
  @Min(1, stars)
  @Max(5, stars)
  partnerResponsiveness!: number;

  @ApiProperty({ minimum: 1, maximum: 5 })
  @IsInt(stars)
  @Min(1, stars)
  @Max(5, stars)
  trainingEffectiveness!: number;

  @ApiProperty({ minimum: 1, maximum: 5 })
  @IsInt(stars)
  @Min(1, stars)
  @Max(5, stars)
  overallSatisfaction!: number;
}

/** C-1 */
export class CompleteSurveyRequestDto {
  @ApiProperty({ example: 'srv-acme-2026-01' })
  @Matches(ID, { message: `surveyId ${ID_MESSAGE}` })
  surveyId!: string;

  @ApiProperty({ example: 'acme' })
  @IsString()
  @Length(1, 200)
  customerKey!: string;

  @ApiProperty({ example: 'northwind' })
  @Matches(ID, { message: `partnerId ${ID_MESSAGE}` })
  partnerId!: string;

  @ApiProperty({ example: '2025-11-03' })
  @Matches(DATE, { message: 'goLiveDate must be an ISO date (YYYY-MM-DD)' })
  goLiveDate!: string;

  @ApiProperty({ type: SurveyRatingsDto })
  @IsObject({ message: 'C-1: ratings must be an object with the five named questions' })
  @ValidateNested()
  @Type(() => SurveyRatingsDto)
  ratings!: SurveyRatingsDto;

  @ApiProperty({ example: '2025-12-04T15:00:00Z', description: 'Business time the customer answered' })
  @Matches(INSTANT, instant('completedAt'))
  completedAt!: string;
}

/** C-6 */
export class EnrolCertificationRequestDto {
  @ApiProperty({ example: '2026-01-05T14:00:00Z' })
  @Matches(INSTANT, instant('enrolledAt'))
  enrolledAt!: string;
}

/** C-6 */
export class CompleteCertificationTrainingRequestDto {
  @ApiProperty({ example: '2026-02-05T14:00:00Z' })
  @Matches(INSTANT, instant('completedAt'))
  completedAt!: string;
}

/** C-6 */
export class RecordExamAttemptRequestDto {
  @ApiProperty({ minimum: 0, maximum: 100, example: 86 })
  @IsInt()
  @Min(0)
  @Max(100)
  scorePercent!: number;

  @ApiProperty({ example: '2026-02-10T14:00:00Z' })
  @Matches(INSTANT, instant('attemptedAt'))
  attemptedAt!: string;
}

/** C-7 */
export class GrantNfrLicensesRequestDto {
  @ApiProperty({ example: '2026-01-05T14:00:00Z' })
  @Matches(INSTANT, instant('grantedAt'))
  grantedAt!: string;
}

/** C-7 */
export class RenewNfrLicensesRequestDto {
  @ApiProperty({ example: '2026-06-20T14:00:00Z' })
  @Matches(INSTANT, instant('renewedAt'))
  renewedAt!: string;
}

/** C-3 */
export class EvaluateTierStandingRequestDto {
  @ApiProperty({ example: '2026-Q1' })
  @Matches(QUARTER, { message: 'quarter must look like 2026-Q1' })
  quarter!: string;
}

/** C-5 */
export class RecordLadderDecisionRequestDto {
  @ApiProperty({ example: '2026-Q1' })
  @Matches(QUARTER, { message: 'quarter must look like 2026-Q1' })
  quarter!: string;

  @ApiProperty({ enum: LADDER_DECISIONS })
  @IsIn(LADDER_DECISIONS as LadderDecision[], { message: `decision must be one of ${LADDER_DECISIONS.join(', ')} (C-5)` })
  decision!: LadderDecision;

  @ApiProperty({ description: 'C-5: why (required)' })
  @IsString()
  @Length(1, 5000)
  notes!: string;

  @ApiProperty({ example: '2026-04-03T14:00:00Z' })
  @Matches(INSTANT, instant('decidedAt'))
  decidedAt!: string;
}
