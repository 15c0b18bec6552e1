/**
 * Exports that open in LibreOffice and Excel alike: CSV (UTF-8 with BOM, semicolons, as
 * French Excel expects) and XLSX with one sheet per table.
 */
import { stringify } from 'csv-stringify/sync'
import { PassThrough } from 'node:stream'
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

function csvLines(records: (string | Cell)[][]): string {
	const cells = records.map((record) =>
		record.map((value) => {
			if (value === null) return ''
			if (value instanceof Date) return value.toISOString()
			// French spreadsheets read "1234,5", not "1234.5".
			if (typeof value === 'number') return String(value).replace('.', ',')
			return value
		}),
	)
	return stringify(cells, { delimiter: ';', record_delimiter: '\r\n', quoted_match: /[\r\n]/ })
}

export function toCsv(table: Table): string {
	return BOM + csvLines([table.columns.map((c) => c.header), ...table.records])
}

/**
 * A CSV written batch by batch as the rows arrive (a long export): the same format as
 * toCsv, never the whole file in memory.
 */
export async function* toCsvChunks(columns: Table['columns'], batches: AsyncIterable<Cell[][]>): AsyncGenerator<string> {
	yield BOM + csvLines([columns.map((c) => c.header)])
	for await (const records of batches) if (records.length > 0) yield csvLines(records)
}

/**
 * The workbook written row by row into a stream (exceljs's streaming writer): the response
 * starts at once and the whole workbook is never held in memory; about twice as fast as
 * building the workbook model first. Light compression: the export is read once.
 */
export function toXlsxStream(tables: Table[]): PassThrough {
	return toXlsxStreamOfBatches(
		tables.map((table) => ({
			name: table.name,
			columns: table.columns,
			batches: (async function* () {
				yield table.records
			})(),
		})),
	)
}

/** The same workbook, each sheet's rows read batch by batch as they arrive (a long export). */
export function toXlsxStreamOfBatches(tables: { name: string; columns: Table['columns']; batches: AsyncIterable<Cell[][]> }[]): PassThrough {
	const output = new PassThrough()
	type WriterOptions = ConstructorParameters<typeof ExcelJS.stream.xlsx.WorkbookWriter>[0]
	const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false, zip: { zlib: { level: 1 } } } as WriterOptions)
	workbook.creator = 'Ensemble'
	workbook.created = new Date()
	const write = async () => {
		for (const table of tables) {
			// Excel limits sheet names to 31 characters, without []:*?/\
			const worksheet = workbook.addWorksheet(table.name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] })
			worksheet.columns = table.columns.map((c) => ({ header: c.header, width: c.width ?? Math.max(12, c.header.length + 2), style: c.numFmt ? { numFmt: c.numFmt } : {} }))
			worksheet.getRow(1).font = { bold: true }
			for await (const records of table.batches) for (const record of records) worksheet.addRow(record).commit()
			worksheet.commit()
		}
		await workbook.commit()
	}
	write().catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))))
	return output
}

/** The whole workbook in memory: a file that is kept (a call's export, bounded by the call's size) or read back in a test. */
export async function toXlsx(tables: Table[]): Promise<Buffer> {
	const chunks: Buffer[] = []
	for await (const chunk of toXlsxStream(tables)) chunks.push(chunk as Buffer)
	return Buffer.concat(chunks)
}
