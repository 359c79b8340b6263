// Public surface of the domain library (the only barrel in libs/domain).
export * from './shared/decider';
export * from './shared/domain-error';
export * from './shared/money';
export * from './shared/business-time';
export * from './shared/stream-ids';
export * from './program-terms/program-terms';
export * from './program-terms/default-program-terms';
export * from './program-terms/program-terms.events';
export * from './partner/partner.events';
export * from './deal-registration/deal-registration.events';
export * from './revenue/revenue.events';
export * from './renewal/renewal.events';
export * from './statement/statement.events';
export * from './standing/standing.events';
