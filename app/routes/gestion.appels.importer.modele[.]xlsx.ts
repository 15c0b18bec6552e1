/** The template of a past call's file, with its « Mode d’emploi » and one example row per sheet. */
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireFunderStaff } from '#app/auth/permissions.server.ts'
import { templateWorkbook } from '#app/domain/bilan/import/template-workbook.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
	await requireFunderStaff(request)
	const body = await templateWorkbook()
	return new Response(new Uint8Array(body), {
		headers: {
			'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'Content-Disposition': 'attachment; filename="modele-appel-passe.xlsx"',
			'Cache-Control': 'private, no-store',
			'X-Content-Type-Options': 'nosniff',
		},
	})
}
