// Every table of Karvan, one file per concern. drizzle-kit reads this file to generate migrations.
export * from './auth.js';
export * from './organisations.js';
export * from './locations.js';
export * from './catalogue.js';
export * from './needs.js';
export * from './pledges.js';
export * from './households.js';
export * from './entitlements.js';
export * from './ledger.js';
export * from './stock-counts.js';
export * from './audit.js';
export * from './distributions.js';
export * from './planning.js';
export * from './consignments.js';
