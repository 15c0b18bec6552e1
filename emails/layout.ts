export type RenderedEmail = { subject: string; html: string; text: string }

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml(value: string): string {
	return value.replace(/[&<>"']/g, (c) => entities[c]!)
}

/** Wraps an email body in the shared French layout; paragraphs are escaped plain text. */
export function layout(options: {
	subject: string
	greeting: string
	paragraphs: string[]
	action?: { label: string; url: string }
	footnote?: string
}): RenderedEmail {
	const { subject, greeting, paragraphs, action, footnote } = options
	const htmlParagraphs = paragraphs.map((p) => `<p style="margin:0 0 16px">${escapeHtml(p)}</p>`).join('\n')
	const htmlAction = action
		? `<p style="margin:24px 0"><a href="${escapeHtml(action.url)}" style="background:#1d4ed8;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(action.label)}</a></p>
<p style="margin:0 0 16px;font-size:14px;color:#444">Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur :<br>${escapeHtml(action.url)}</p>`
		: ''
	const htmlFootnote = footnote ? `<p style="margin:24px 0 0;font-size:13px;color:#555">${escapeHtml(footnote)}</p>` : ''
	const html = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#111;max-width:600px;margin:0 auto;padding:24px">
<p style="margin:0 0 16px;font-weight:bold">Ensemble</p>
<p style="margin:0 0 16px">${escapeHtml(greeting)}</p>
${htmlParagraphs}
${htmlAction}
${htmlFootnote}
<p style="margin:32px 0 0;font-size:13px;color:#555">— L'équipe Ensemble</p>
</body></html>`
	const text = [
		greeting,
		'',
		...paragraphs.flatMap((p) => [p, '']),
		...(action ? [`${action.label} : ${action.url}`, ''] : []),
		...(footnote ? [footnote, ''] : []),
		"— L'équipe Ensemble",
	].join('\n')
	return { subject, html, text }
}
