/**
 * The consortium of an application, summed up from its member rows: one function for the
 * policy (who reads the dossier), the submission rule, the receipt, the pages and the
 * funder's side, which each used to filter the rows their own way. Plain module: the
 * pages use it too.
 */

export type ConsortiumRow = {
	organizationId: string | null
	role: 'lead' | 'co_carrier'
	status: 'invited' | 'confirmed' | 'declined' | 'withdrawn'
	siren?: string | null
	rna?: string | null
}

/**
 * The legal entity an association is: its SIREN, or its RNA when it has no SIRET, or, in
 * the last resort (Alsace-Moselle without SIRET), the organisation itself.
 */
export function legalEntityKey(member: { organizationId: string | null; siren: string | null; rna: string | null }): string | null {
	if (member.siren) return `siren:${member.siren}`
	if (member.rna) return `rna:${member.rna}`
	return member.organizationId ? `organization:${member.organizationId}` : null
}

/** A row that reads the dossier: the lead, or a partner invited or confirmed (not one that declined or withdrew). */
export function readsTheDossier(row: Pick<ConsortiumRow, 'role' | 'status'>): boolean {
	return row.role === 'lead' || row.status === 'invited' || row.status === 'confirmed'
}

export function consortiumOf<M extends ConsortiumRow>(members: readonly M[]) {
	const lead = members.find((m) => m.role === 'lead') ?? null
	const partners = members.filter((m) => m.role === 'co_carrier')
	const withOrganization = (m: M) => m.organizationId !== null
	const confirmed = members.filter((m) => m.status === 'confirmed' && withOrganization(m))
	return {
		lead,
		partners,
		/** Partners by their answer (a partner invited by email has no organisation yet). */
		partnersByStatus: {
			invited: partners.filter((m) => m.status === 'invited'),
			confirmed: partners.filter((m) => m.status === 'confirmed'),
			declined: partners.filter((m) => m.status === 'declined'),
			withdrawn: partners.filter((m) => m.status === 'withdrawn'),
		},
		/** The associations that read the dossier and give their pieces: the lead and the partners invited or confirmed. */
		active: members.filter((m) => withOrganization(m) && readsTheDossier(m)),
		/** The consortium as the funder counts it: the lead and the partners that confirmed. */
		engaged: members.filter((m) => withOrganization(m) && (m.role === 'lead' || m.status === 'confirmed')),
		/** Every row whose association has confirmed its engagement (the lead's included once it has). */
		confirmed,
		/** Partners that confirmed, with their association. */
		confirmedPartners: confirmed.filter((m) => m.role === 'co_carrier'),
		/** Distinct legal entities among the confirmed (two establishments of one SIREN count once). */
		legalEntities: new Set(
			confirmed.map((m) => legalEntityKey({ organizationId: m.organizationId, siren: m.siren ?? null, rna: m.rna ?? null })).filter(Boolean),
		).size,
	}
}

export type Consortium<M extends ConsortiumRow = ConsortiumRow> = ReturnType<typeof consortiumOf<M>>
