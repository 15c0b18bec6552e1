/**
 * The text of a PDF made by pdfkit (app/services/pdf/), for tests to read what a document
 * says: inflates the streams, reads each font's ToUnicode map and decodes the glyph strings
 * of the Tj/TJ operators. Text runs are joined by one space (a wrapped line is two runs).
 * Enough for our own documents; not a general PDF parser.
 */
import { inflateSync } from 'node:zlib'

type Objects = Map<number, { dict: string; stream: Buffer | null }>

function readObjects(pdf: Buffer): Objects {
	const text = pdf.toString('latin1')
	const objects: Objects = new Map()
	const pattern = /(\d+) 0 obj\s*([\s\S]*?)endobj/g
	for (const match of text.matchAll(pattern)) {
		const body = match[2]!
		const streamAt = body.indexOf('stream')
		if (streamAt === -1) {
			objects.set(Number(match[1]), { dict: body, stream: null })
			continue
		}
		const dict = body.slice(0, streamAt)
		let start = match.index! + match[0].indexOf('stream') + 'stream'.length
		if (text[start] === '\r') start++
		if (text[start] === '\n') start++
		const length = Number(/\/Length (\d+)/.exec(dict)?.[1] ?? 0)
		let data = pdf.subarray(start, start + length)
		if (/\/FlateDecode/.test(dict)) data = inflateSync(data)
		objects.set(Number(match[1]), { dict, stream: data })
	}
	return objects
}

function hexToString(hex: string): string {
	let out = ''
	for (let i = 0; i + 4 <= hex.length; i += 4) out += String.fromCodePoint(parseInt(hex.slice(i, i + 4), 16))
	return out
}

function readCMap(cmap: string): Map<string, string> {
	const map = new Map<string, string>()
	for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
		for (const pair of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(pair[1]!.toLowerCase(), hexToString(pair[2]!))
	}
	for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
		for (const range of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
			const low = parseInt(range[1]!, 16)
			const high = parseInt(range[2]!, 16)
			const width = range[1]!.length
			const targets = range[3]!.startsWith('[') ? [...range[3]!.matchAll(/<([0-9a-fA-F\s]*)>/g)].map((m) => hexToString(m[1]!.replace(/\s/g, ''))) : null
			for (let code = low; code <= high; code++) {
				const key = code.toString(16).padStart(width, '0')
				if (targets) map.set(key, targets[code - low] ?? '')
				else map.set(key, String.fromCodePoint(parseInt(range[3]!.slice(1, -1), 16) + code - low))
			}
		}
	}
	return map
}

/** The PDF's text, page after page, runs joined by spaces. */
export function pdfText(pdf: Buffer): string {
	const objects = readObjects(pdf)
	// Font resource name (F1, F2…) → its glyph map; pdfkit names each font once for the whole document.
	const fonts = new Map<string, Map<string, string>>()
	for (const { dict } of objects.values()) {
		for (const resources of dict.matchAll(/\/Font\s*<<([^>]*)>>/g)) {
			for (const entry of resources[1]!.matchAll(/\/(\w+)\s+(\d+) 0 R/g)) {
				const font = objects.get(Number(entry[2]))
				const toUnicode = font && /\/ToUnicode (\d+) 0 R/.exec(font.dict)
				const cmap = toUnicode ? objects.get(Number(toUnicode[1]))?.stream : null
				if (cmap) fonts.set(entry[1]!, readCMap(cmap.toString('latin1')))
			}
		}
	}
	const runs: string[] = []
	for (const { dict, stream } of objects.values()) {
		if (!stream || /\/Type\s*\/(?:XObject|Font|Metadata)|\/Subtype|\/Length1|CIDInit/.test(dict)) continue
		const content = stream.toString('latin1')
		if (!/\bTf\b/.test(content)) continue
		let font = new Map<string, string>()
		for (const op of content.matchAll(/\/(\w+)\s+[\d.]+\s+Tf|\[((?:[^\]])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
			if (op[1]) {
				font = fonts.get(op[1]) ?? new Map()
				continue
			}
			const hexes = op[2] !== undefined ? [...op[2].matchAll(/<([0-9a-fA-F]*)>/g)].map((m) => m[1]!) : [op[3]!]
			let run = ''
			for (const hex of hexes) for (let i = 0; i + 4 <= hex.length; i += 4) run += font.get(hex.slice(i, i + 4).toLowerCase()) ?? ''
			runs.push(run)
		}
	}
	return runs.join(' ').replace(/\s+/g, ' ')
}
