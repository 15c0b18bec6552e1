/**
 * Which statements the database clients keep as named statements (decision 034), on
 * PostgreSQL (`preparingStatements`) as on PGlite (`namingStatements`).
 */

/** Past this many parameters a statement is a bulk write or a long IN list: its text varies, so it is not kept. */
export const MAX_KEPT_STATEMENT_PARAMETERS = 32

/** A statement with parameters, not too many: one without may hold several commands (a migration). */
export function keepsStatement(parameters: readonly unknown[] | undefined): parameters is readonly unknown[] {
	return parameters !== undefined && parameters.length > 0 && parameters.length <= MAX_KEPT_STATEMENT_PARAMETERS
}
