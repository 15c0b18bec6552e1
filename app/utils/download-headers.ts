/**
 * Headers of a file download: its type, its length when known (the bytes given, or the size
 * of a streamed file), and a name every browser reads (RFC 6266: an ASCII fallback and the
 * UTF-8 name). Never cached, never sniffed.
 */
export function downloadHeaders(file: { filename: string; contentType: string; data?: { length: number }; size?: number }, disposition: 'attachment' | 'inline' = 'attachment'): Record<string, string> {
	const ascii = file.filename.normalize('NFD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '') || 'fichier'
	const length = file.data ? file.data.length : file.size
	return {
		'Content-Type': file.contentType,
		...(length !== undefined ? { 'Content-Length': String(length) } : {}),
		'Content-Disposition': `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
		'X-Content-Type-Options': 'nosniff',
		'Cache-Control': 'private, no-store',
	}
}
