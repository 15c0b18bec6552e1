/**
 * A minimal zip writer for hostile-file tests: entries deflated (or stored) as given, with
 * the sizes they really have — or the ones a test wants to lie about. Not for real files.
 */
import { deflateRawSync } from 'node:zlib'

export type ZipEntryInput = { name: string; data: Buffer; store?: boolean; declaredSize?: number }

function crc32(data: Buffer): number {
	let crc = 0xffffffff
	for (const byte of data) {
		crc ^= byte
		for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1
	}
	return (crc ^ 0xffffffff) >>> 0
}

export function buildZip(entries: ZipEntryInput[]): Buffer {
	const locals: Buffer[] = []
	const centrals: Buffer[] = []
	let offset = 0
	for (const entry of entries) {
		const name = Buffer.from(entry.name, 'utf8')
		const body = entry.store ? entry.data : deflateRawSync(entry.data)
		const crc = entry.data.length < 50_000_000 ? crc32(entry.data) : 0
		const size = entry.declaredSize ?? entry.data.length
		const local = Buffer.alloc(30)
		local.writeUInt32LE(0x04034b50, 0)
		local.writeUInt16LE(20, 4)
		local.writeUInt16LE(entry.store ? 0 : 8, 8)
		local.writeUInt32LE(crc, 14)
		local.writeUInt32LE(body.length, 18)
		local.writeUInt32LE(size, 22)
		local.writeUInt16LE(name.length, 26)
		locals.push(local, name, body)
		const central = Buffer.alloc(46)
		central.writeUInt32LE(0x02014b50, 0)
		central.writeUInt16LE(20, 4)
		central.writeUInt16LE(20, 6)
		central.writeUInt16LE(entry.store ? 0 : 8, 10)
		central.writeUInt32LE(crc, 16)
		central.writeUInt32LE(body.length, 20)
		central.writeUInt32LE(size, 24)
		central.writeUInt16LE(name.length, 28)
		central.writeUInt32LE(offset, 42)
		centrals.push(central, name)
		offset += 30 + name.length + body.length
	}
	const directory = Buffer.concat(centrals)
	const end = Buffer.alloc(22)
	end.writeUInt32LE(0x06054b50, 0)
	end.writeUInt16LE(entries.length, 8)
	end.writeUInt16LE(entries.length, 10)
	end.writeUInt32LE(directory.length, 12)
	end.writeUInt32LE(offset, 16)
	return Buffer.concat([...locals, directory, end])
}

/** An XLSX-shaped archive whose one sheet has `rows` empty rows: cheap to build, too long to import. */
export function xlsxWithRows(rows: number): Buffer {
	const sheet = `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${Array.from({ length: rows }, (_, i) => `<row r="${i + 1}"/>`).join('')}</sheetData></worksheet>`
	return buildZip([
		{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
		{ name: 'xl/worksheets/sheet1.xml', data: Buffer.from(sheet) },
	])
}

/** A zip bomb: a sheet declared tiny that inflates to `megabytes` MiB of spaces. */
export function xlsxBomb(megabytes: number): Buffer {
	return buildZip([
		{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
		{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(megabytes * 1024 * 1024, 32), declaredSize: 1000 },
	])
}
