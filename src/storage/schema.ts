// The whole database: one file per area under src/storage/schema/, every table re-exported here.
// drizzle-kit reads this file to generate the migrations (drizzle.config.ts); code imports from it.
export * from './schema/places.js';
export * from './schema/people.js';
export * from './schema/conversations.js';
export * from './schema/tickets.js';
export * from './schema/delivery.js';
export * from './schema/staff.js';
export * from './schema/access.js';
export * from './schema/audit.js';
export * from './schema/operations.js';
export * from './schema/after-service.js';
export * from './schema/asset-history.js';
