/**
 * Exports that open in LibreOffice and Excel alike: CSV (UTF-8 with BOM, semicolons, as
 * French Excel expects) and XLSX with one sheet per table.
 */
import { stringify } from 'csv-stringify/sync'
import ExcelJS from 'exceljs'

type Cell = string | number | Date | null

export type Column<Row> = {
	header: string
	value: (row: Row) => Cell | undefined
	/** Excel number format, e.g. '#,##0.00 "€"' for amounts in euros. */
	numFmt?: string
	width?: number
}

/** A table ready to write: headers and cell values, whatever the rows were. */
export type Table = {
	name: string
	columns: { header: string; numFmt?: string; width?: number }[]
	records: Cell[][]
}

export function defineTable<Row>(name: string, columns: Column<Row>[], rows: Row[]): Table {
	return {
		name,
		columns: columns.map(({ header, numFmt, width }) => ({ header, numFmt, width })),
		records: rows.map((row) => columns.map((c) => c.value(row) ?? null)),
	}
}

const BOM = '\uFEFF'

export function toCsv(table: Table): string {
	const records = table.records.map((record) =>
		record.map((value) => {
			if (value === null) return ''
			if (value instanceof Date) return value.toISOString()
			// French spreadsheets read "1234,5", not "1234.5".
			if (typeof value === 'number') return String(value).replace('.', ',')
			return value
		}),
	)
	return BOM + stringify([table.columns.map((c) => c.header), ...records], { delimiter: ';', record_delimiter: '\r\n', quoted_match: /[\r\n]/ })
}

export async function toXlsx(tables: Table[]): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook()
	workbook.creator = 'Ensemble'
	workbook.created = new Date()
	for (const table of tables) {
		// Excel limits sheet names to 31 characters, without []:*?/\
		const worksheet = workbook.addWorksheet(table.name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31))
		worksheet.columns = table.columns.map((c) => ({ header: c.header, width: c.width ?? Math.max(12, c.header.length + 2) }))
		worksheet.getRow(1).font = { bold: true }
		worksheet.views = [{ state: 'frozen', ySplit: 1 }]
		for (const record of table.records) worksheet.addRow(record)
		table.columns.forEach((c, i) => {
			if (c.numFmt) worksheet.getColumn(i + 1).numFmt = c.numFmt
		})
	}
	return Buffer.from(await workbook.xlsx.writeBuffer())
}
