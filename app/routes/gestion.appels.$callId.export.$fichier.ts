/**
 * Exports of a call's applications, with the list's filters (?statut=&theme=&departement=):
 *   candidatures.xlsx — two sheets, "Candidatures" and "Membres des consortiums";
 *   candidatures.csv, membres.csv — one table each (UTF-8 with BOM, semicolons).
 */
import { type LoaderFunctionArgs } from '@remix-run/node'
import { notFound, requireFunderStaff } from '#app/auth/permissions.server.ts'
import { readFilters } from '#app/domain/applications/instruction.ts'
import { applicationsExportFile, isExportFileName } from '#app/domain/applications/export-files.server.ts'
import { downloadHeaders } from '#app/utils/download-headers.ts'
import { recordCallDownload } from '#app/domain/audit-log/downloads.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const name = params.fichier
	if (!isExportFileName(name)) notFound('Cet export n’existe pas.')
	const filters = readFilters(new URL(request.url).searchParams)
	const file = await applicationsExportFile({ user, callId: params.callId!, name, filters })
	await recordCallDownload({ user, callId: file.call.id, file: name, format: file.format, rows: file.rows, filters: { ...filters }, action: 'call.applications_exported' })
	return new Response(file.bytes, { headers: downloadHeaders({ filename: file.filename, contentType: file.contentType, data: file.bytes }) })
}
