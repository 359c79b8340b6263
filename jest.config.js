/** Jest: unit specs beside the code, integration/e2e specs under test/. SWC transpiles TS (and
 * the ESM-only dinero.js) with decorator metadata for Nest; `npm run typecheck` does the typing. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];
const moduleNameMapper = {
  '^@ledger/domain$': '<rootDir>/libs/domain/src',
  '^@ledger/domain/(.*)$': '<rootDir>/libs/domain/src/$1',
  '^@ledger/event-store$': '<rootDir>/libs/event-store/src',
  '^@ledger/event-store/(.*)$': '<rootDir>/libs/event-store/src/$1',
  '^@ledger/application$': '<rootDir>/libs/application/src',
  '^@ledger/projections$': '<rootDir>/projections/src',
};
const common = {
  transform: { '^.+\\.(t|j)sx?$': swc, '^.+\\.m?js$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(dinero\\.js|@dinero\\.js|temporal-polyfill|temporal-utils|temporal-spec)/)'],
  moduleNameMapper,
  testEnvironment: 'node',
};
module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,projections}/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.spec.ts'],
    },
  ],
};
