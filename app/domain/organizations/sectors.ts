/** Association sectors, as in the 2012 bilan of "Vivre ensemble" (seed 003, VI.2). */
export const SECTORS = [
	{ value: 'defense_cause', label: 'Défense d’une cause (cadre de vie, femmes, immigration, relation nord/sud, Europe…)' },
	{ value: 'education_populaire_enfance', label: 'Éducation populaire et enfance' },
	{ value: 'culture', label: 'Culture' },
	{ value: 'social', label: 'Social' },
	{ value: 'patrimoine_environnement', label: 'Patrimoine et environnement' },
	{ value: 'sport', label: 'Sport' },
	{ value: 'maison_des_associations', label: 'Maison des associations' },
	{ value: 'autre', label: 'Autre' },
] as const

export type Sector = (typeof SECTORS)[number]['value']
export const SECTOR_VALUES = SECTORS.map((s) => s.value) as [Sector, ...Sector[]]

export function sectorLabel(value: string | null | undefined): string {
	return SECTORS.find((s) => s.value === value)?.label ?? '—'
}
