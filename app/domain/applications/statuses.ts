/**
 * The application lifecycle, in order. The list is defined beside the database schema
 * (db/schema/application-statuses.ts), which builds its enum from it: the schema depends
 * on nothing in app/, and the domain reads the statuses from there.
 */
export { APPLICATION_STATUSES, type ApplicationStatus } from '#db/schema/application-statuses.ts'
