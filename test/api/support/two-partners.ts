/**
 * Two partners with data, seeded through the API for the partner-isolation test: A (alpha) and B
 * (bravo) each enrol, register deals (one opportunity contested: B first, so A's attempt is
 * rejected under D-3), report staff, enrol in certification; B also has an NFR grant, a survey and
 * a standing evaluation. `bravoSecrets` are strings only B's data contains: none may reach A.
 */
import type { LedgerTestApp } from '../../support/ledger-test-app';

export const ISOLATION_NOW = '2026-04-15T15:00:00Z';

export const ALPHA = 'alpha-partners';
export const BRAVO = 'bravo-partners';

export interface TwoPartners {
  readonly alphaToken: string;
  readonly bravoToken: string;
  /** Opportunity keys. */
  readonly bravoSoloKey: string;
  readonly alphaSoloKey: string;
  readonly contestedKey: string;
  readonly bravoRegistrationIds: readonly string[];
  readonly bravoSecrets: readonly string[];
}

const BRAVO_LEGAL_NAME = 'Bravo Secret Holdings LLC';
const BRAVO_EMAIL = 'bravo.contact@bravo-secret.example';
const BRAVO_COMPANY = 'Bravo Exclusive Widgets';
const BRAVO_DESCRIPTION = 'bravo confidential pipeline';
const BRAVO_SURVEY = 'bravo-survey-1';
const BRAVO_CUSTOMER = 'bravo-secret-customer';

export async function seedTwoPartners(t: LedgerTestApp): Promise<TwoPartners> {
  const ok = async (url: string, body: unknown, token = t.adminToken): Promise<{ streamName?: string }> => {
    const res = await t.post(url, body, token);
    if (res.status >= 300) throw new Error(`seed ${url} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { streamName?: string };
  };
  const enrolledAt = '2025-12-01T15:00:00Z';
  await ok('/partners', { partnerId: ALPHA, legalName: 'Alpha Partners LLC', tier: 'premier', staffCount: 6, country: 'US', taxForm: 'W-9', enrolledAt });
  await ok('/partners', { partnerId: BRAVO, legalName: BRAVO_LEGAL_NAME, tier: 'premier', staffCount: 7, country: 'GB', taxForm: 'W-8', enrolledAt });
  const alphaToken = t.tokenFor('partner', ALPHA);
  const bravoToken = t.tokenFor('partner', BRAVO);

  const register = async (token: string, partnerId: string, registrationId: string, companyName: string, email: string, description: string) => {
    const res = await ok(
      '/deal-registrations',
      {
        registrationId,
        partnerId,
        companyName,
        primaryContact: { name: 'Contact Person', email },
        estimatedArr: { amountMinor: '7500000', currency: 'USD' },
        expectedCloseDate: '2026-09-30',
        description,
      },
      token,
    );
    return res.streamName!.replace(/^opportunity-/, '');
  };
  const bravoSoloKey = await register(bravoToken, BRAVO, 'bravo-reg-solo', BRAVO_COMPANY, BRAVO_EMAIL, BRAVO_DESCRIPTION);
  const contestedKey = await register(bravoToken, BRAVO, 'bravo-reg-contested', 'Contested Corp', BRAVO_EMAIL, BRAVO_DESCRIPTION);
  const contestedAgain = await register(alphaToken, ALPHA, 'alpha-reg-contested', 'Contested Corp.', 'alpha.contact@alpha.example', 'alpha pipeline');
  if (contestedAgain !== contestedKey) throw new Error('D-2: both registrations must name the same opportunity');
  const alphaSoloKey = await register(alphaToken, ALPHA, 'alpha-reg-solo', 'Alpha Solo Systems', 'alpha.contact@alpha.example', 'alpha pipeline');
  await ok(`/opportunities/${bravoSoloKey}/registrations/bravo-reg-solo/approval`, {});
  await ok(`/opportunities/${contestedKey}/registrations/bravo-reg-contested/approval`, {});

  for (const [partnerId, token] of [
    [ALPHA, alphaToken],
    [BRAVO, bravoToken],
  ] as const) {
    await ok(`/partners/${partnerId}/staff-counts`, { staffCount: partnerId === BRAVO ? 8 : 6 }, token);
    await ok(`/partners/${partnerId}/certification/enrolments`, { enrolledAt: '2026-04-01T15:00:00Z' }, token);
  }
  await ok(`/partners/${BRAVO}/nfr-grants`, { grantedAt: '2026-04-02T15:00:00Z' });
  await ok('/surveys', {
    surveyId: BRAVO_SURVEY,
    customerKey: BRAVO_CUSTOMER,
    partnerId: BRAVO,
    goLiveDate: '2026-01-15',
    ratings: { productFit: 5, implementationQuality: 5, partnerResponsiveness: 4, trainingEffectiveness: 4, overallSatisfaction: 5 },
    completedAt: '2026-04-03T15:00:00Z',
  });
  await ok(`/partners/${BRAVO}/standing-evaluations`, { quarter: '2025-Q4' });
  await t.settle();

  return {
    alphaToken,
    bravoToken,
    bravoSoloKey,
    alphaSoloKey,
    contestedKey,
    bravoRegistrationIds: ['bravo-reg-solo', 'bravo-reg-contested'],
    bravoSecrets: [BRAVO, BRAVO_LEGAL_NAME, BRAVO_EMAIL, BRAVO_COMPANY, BRAVO_DESCRIPTION, 'bravo-reg-solo', 'bravo-reg-contested', BRAVO_SURVEY, BRAVO_CUSTOMER],
  };
}
