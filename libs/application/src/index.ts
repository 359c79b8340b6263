export * from './time/clock';
export * from './command-path/event-ids';
export * from './command-path/handle-command';
export * from './command-path/schema-versions';
export * from './nest/tokens';
export * from './config/ledger-config';
