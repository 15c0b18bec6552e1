import { escapeHtml, type RenderedEmail } from './layout'

/**
 * The decision email to the référents of one association of a consortium (issue 9), its
 * letter attached. Subject and body are the call's template already filled in: plain text,
 * escaped here as a whole, so neither the staff's text nor a value (a project's title)
 * becomes HTML. Paragraphs are separated by blank lines; a single line break stays a <br>.
 */
export function decisionLetter(data: { subject: string; body: string; url: string }): RenderedEmail {
	const paragraphs = data.body
		.split(/\n\s*\n/)
		.map((p) => p.trim())
		.filter(Boolean)
	const html = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(data.subject)}</title></head>
<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#111;max-width:600px;margin:0 auto;padding:24px">
<p style="margin:0 0 16px;font-weight:bold">Ensemble</p>
${paragraphs.map((p) => `<p style="margin:0 0 16px">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('\n')}
<p style="margin:24px 0"><a href="${escapeHtml(data.url)}" style="background:#1d4ed8;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">Voir le dossier</a></p>
<p style="margin:0 0 16px;font-size:14px;color:#444">Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur :<br>${escapeHtml(data.url)}</p>
<p style="margin:32px 0 0;font-size:13px;color:#555">Vous recevez ce message parce que votre association fait partie du consortium de ce projet. — L'équipe Ensemble</p>
</body></html>`
	const text = [...paragraphs.flatMap((p) => [p, '']), `Voir le dossier : ${data.url}`, '', "— L'équipe Ensemble"].join('\n')
	return { subject: data.subject, html, text }
}
