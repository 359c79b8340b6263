/** Architecture boundaries (ADR 0001, STYLE.md rule 1/7), checked in `npm test`. */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'Domain code imports no framework, no store client, no SQLite, no infrastructure.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: {
        path: [
          '^libs/(event-store|application)/',
          '^projections/',
          '^apps/',
          'node_modules/(@nestjs|@eventstore|better-sqlite3|class-validator|class-transformer|testcontainers|prom-client|commander|cli-progress)(/|$)',
        ],
      },
    },
    {
      name: 'domain-no-node-io',
      comment: 'Domain code does no I/O and reads no clock or randomness from Node built-ins.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: { dependencyTypes: ['core'], pathNot: '^(assert)$' },
    },
    {
      name: 'event-store-knows-no-domain',
      comment: 'The store port and adapters are generic: no domain, no app code.',
      severity: 'error',
      from: { path: '^libs/event-store/' },
      to: { path: ['^libs/(domain|application)/', '^projections/', '^apps/'] },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^(libs|projections)/' },
      to: { path: '^apps/' },
    },
    {
      name: 'projection-steps-are-pure',
      comment: 'A *.projection.ts is a pure (readModel, event) → readModel step.',
      severity: 'error',
      from: { path: '\\.projection\\.ts$' },
      to: { path: ['node_modules/(@nestjs|@eventstore|better-sqlite3)(/|$)', '^libs/event-store/src/adapters/'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(\\.spec\\.ts$|/testing/)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
