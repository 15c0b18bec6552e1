/**
 * The call's bilan computed from live data (issue 11): every figure of the 2012 bilan (seed
 * 003) and those no published bilan has, as one `CallBilan` (bilan-model.ts) that the page,
 * the PDF and the XLSX render. The database does the counting: a fixed number of grouped
 * statements whatever the size of the call (10,000 dossiers: bench `bilan`), never a loop
 * over rows here. Which unit each figure counts (projects or associations), and what
 * « presented », « recevable » and « retained » mean, is in docs/decisions/021-call-bilan.md.
 */
import { sql, type SQL } from 'drizzle-orm'
import { FOLLOWED_STATUSES } from '#app/auth/policy/follow-up.ts'
import { SHARING_LEVELS } from '#app/domain/applications/options.ts'
import { SECTORS } from '#app/domain/organizations/sectors.ts'
import { CONTINUE_CHOICES, DIFFICULTY_CATEGORIES, INTEREST_LEVELS, INVOLVEMENT_FORMS, OTHER_PARTNER_KINDS } from '#app/domain/reports/options.ts'
import { type Executor } from '#db/client.server.ts'
import { rowsOf } from '#db/raw-rows.ts'
import type { AmountRow, CallBilan, CategoryShare } from './bilan-model.ts'
import { share } from './shares.ts'

const list = (values: readonly string[]) =>
	sql.join(
		values.map((v) => sql`${v}`),
		sql`, `,
	)

/** Retained: decided « retenu », in any stage of its follow-up. */
const RETAINED = list(FOLLOWED_STATUSES)
/** Not (or not yet) declared recevable. */
const NOT_ADMISSIBLE = list(['draft', 'submitted', 'inadmissible', 'withdrawn'])
/** The evaluations the consortium sent (a reopened one is being corrected: left out until sent again). */
const RECEIVED_REPORTS = list(['submitted', 'approved'])

/**
 * The whole bilan in one statement: the call's presented dossiers (submitted at least once:
 * a draft withdrawn before submission was never presented), their consortia's associations —
 * the lead and the confirmed co-porters — each with its legal entity (SIREN, else RNA or the
 * Alsace-Moselle register, else the organisation itself, so that one association is counted
 * once), and the received evaluations are read once; each figure is a JSON column.
 */
function bilanStatement(callId: string): SQL {
	return sql`
		with apps as (
			select a.id, a.status, a.theme_ids, a.lead_organization_id,
				coalesce(a.amount_requested_cents, 0) as requested,
				coalesce(a.amount_granted_cents, 0) as granted,
				nullif(a.cooperation->>'level', '') as level,
				a.status in (${RETAINED}) as retained,
				a.status not in (${NOT_ADMISSIBLE}) as admissible
			from applications a
			where a.call_id = ${callId} and a.status <> 'draft' and not (a.status = 'withdrawn' and a.submitted_at is null)
		),
		members as (
			select am.application_id, am.organization_id, apps.retained,
				coalesce(o.siren, o.rna, o.local_register_number, o.id) as entity,
				o.annual_budget_cents as budget, o.employees, o.sector
			from application_members am
			join apps on apps.id = am.application_id
			join organizations o on o.id = am.organization_id
			where am.organization_id is not null and (am.role = 'lead' or am.status = 'confirmed')
		),
		-- Inlined where used: the planner then reaches the evaluations of a small call through
		-- their index instead of hashing the whole table (90 → 45 ms on a 500-dossier call).
		received as not materialized (
			select r.application_id
			from evaluation_reports r
			join apps on apps.id = r.application_id and apps.retained
			where r.status in (${RECEIVED_REPORTS})
		),
		-- Each applicant association once (its first organisation when one entity has two).
		profile as (
			select distinct on (entity) budget, employees, sector from members order by entity, organization_id
		),
		entities as (
			select entity, bool_or(retained) as retained from members group by entity
		),
		tagged as (
			select distinct apps.id, apps.retained, apps.requested, apps.granted, theme.id as theme_id
			from apps cross join lateral jsonb_array_elements_text(case when jsonb_typeof(apps.theme_ids) = 'array' then apps.theme_ids else '[]'::jsonb end) as theme(id)
		),
		-- Pairs of associations co-carrying a retained project; « existing » when the two
		-- already co-carried a presented project of a call that closed before this one.
		pairs as (
			select distinct m1.organization_id as first, m2.organization_id as second
			from members m1 join members m2 on m2.application_id = m1.application_id and m2.entity > m1.entity
			where m1.retained
		),
		earlier_members as (
			select am.application_id, am.organization_id
			from calls pc
			join applications p on p.call_id = pc.id and p.status <> 'draft'
			join application_members am on am.application_id = p.id and (am.role = 'lead' or am.status = 'confirmed')
			where pc.id <> ${callId}
				and coalesce(pc.deadline_at, pc.created_at) < (select coalesce(c.deadline_at, c.created_at) from calls c where c.id = ${callId})
				and am.organization_id in (select organization_id from members where retained)
		),
		earlier_pairs as (
			select distinct h1.organization_id as first, h2.organization_id as second
			from earlier_members h1 join earlier_members h2 on h2.application_id = h1.application_id and h2.organization_id <> h1.organization_id
		),
		-- The associations' parts of the received evaluations: per project (any association
		-- said it) and per association.
		parts as (
			select e.application_id, e.answers
			from evaluations e join received r on r.application_id = e.application_id
			where e.organization_id is not null
		),
		projects as (
			select application_id,
				bool_or(jsonb_typeof(answers->'involvementForms') = 'array' and jsonb_array_length(answers->'involvementForms') > 0) as forms_answered,
				bool_or(answers->>'mobilisedOthers' in ('oui', 'non')) as mobilised_answered,
				bool_or(answers->>'mobilisedOthers' = 'oui') as mobilised,
				bool_or(answers->>'newFunding' in ('oui', 'non')) as funding_answered,
				bool_or(answers->>'newFunding' = 'oui') as funding
			from parts group by application_id
		),
		-- The consortium's parts: indicators planned against reached (a number read at the
		-- start of each: « 120 participants »), charges planned against carried out.
		consortium as (
			select a.project, a.budget, e.answers
			from evaluations e join received r on r.application_id = e.application_id join applications a on a.id = e.application_id
			where e.organization_id is null
		),
		measured as (
			select reached, replace(target, ',', '.')::numeric as target, replace(substring(reached from '^\\s*([0-9]+(?:[.,][0-9]+)?)'), ',', '.')::numeric as result
			from (
				select nullif(trim(planned.value->>'label'), '') as label,
					substring(planned.value->>'target' from '^\\s*([0-9]+(?:[.,][0-9]+)?)') as target,
					nullif(trim(c.answers->'indicateurs'->'indicators'->((planned.position - 1)::int)->>'reached'), '') as reached
				from consortium c
				cross join lateral jsonb_array_elements(case when jsonb_typeof(c.project->'indicators') = 'array' then c.project->'indicators' else '[]'::jsonb end) with ordinality as planned(value, position)
			) indicators
			where label is not null
		),
		money as (
			select
				(select coalesce(sum((line->>'amountCents')::numeric), 0) from jsonb_array_elements(case when jsonb_typeof(c.budget->'charges') = 'array' then c.budget->'charges' else '[]'::jsonb end) as line where jsonb_typeof(line->'amountCents') = 'number') as planned,
				(select coalesce(sum((line->>'actual')::numeric), 0) from jsonb_array_elements(case when jsonb_typeof(c.answers->'financier'->'charges') = 'array' then c.answers->'financier'->'charges' else '[]'::jsonb end) as line where jsonb_typeof(line->'actual') = 'number') as actual
			from consortium c
			where jsonb_typeof(c.answers->'financier') = 'object'
		),
		difficulties as (
			select e.answers->'difficultes' as d
			from evaluations e join received r on r.application_id = e.application_id
			where e.organization_id is null and e.answers->'difficultes'->>'difficultiesMet' in ('oui', 'non')
		)
		select
			(select row_to_json(x) from (
				select c.id, c.title, c.status, f.name as funder_name, c.envelope_cents as envelope, c.imported_at is not null as imported,
					extract(year from coalesce(c.deadline_at, c.opens_at, c.created_at) at time zone 'Europe/Paris')::int as year
				from calls c join organizations f on f.id = c.funder_id where c.id = ${callId}
			) x) as call,
			(select row_to_json(x) from (select
				(select count(*) from apps) as presented,
				(select count(*) from apps where admissible) as admissible,
				(select count(*) from apps where retained) as retained,
				(select coalesce(sum(requested), 0) from apps) as requested,
				(select coalesce(sum(granted), 0) from apps where retained) as granted,
				(select count(*) from entities) as engaged,
				(select count(*) from entities where retained) as engaged_retained,
				(select count(*) from (select 1 from members group by application_id, entity) m) as memberships,
				(select count(*) from received) as received
			) x) as counts,
			(select row_to_json(x) from (
				select count(*) as associations,
					percentile_cont(0.5) within group (order by budget) as median_budget, count(budget) as budget_base,
					percentile_cont(0.5) within group (order by employees) as median_employees, count(employees) as employees_base,
					count(*) filter (where employees = 0) as volunteer_only
				from profile
			) x) as profile,
			(select json_agg(x) from (select sector::text as key, count(*) as n from profile group by sector) x) as sectors,
			(select json_agg(x) from (
				select t.id, t.label, count(tagged.id) as presented, count(tagged.id) filter (where tagged.retained) as retained,
					coalesce(sum(tagged.requested), 0) as requested, coalesce(sum(tagged.granted) filter (where tagged.retained), 0) as granted
				from themes t left join tagged on tagged.theme_id = t.id
				where t.call_id = ${callId}
				group by t.id, t.label, t.position
				order by t.position, t.label
			) x) as themes,
			(select json_agg(x) from (
				select nullif(o.departement, '') as key, count(*) as presented, count(*) filter (where apps.retained) as retained,
					coalesce(sum(apps.requested), 0) as requested, coalesce(sum(apps.granted) filter (where apps.retained), 0) as granted
				from apps left join organizations o on o.id = apps.lead_organization_id
				group by 1
				order by 5 desc, 4 desc, 1
			) x) as departements,
			(select json_agg(x) from (select level as key, count(*) as n from apps where retained group by level) x) as levels,
			(select row_to_json(x) from (
				select count(*) as pairs, count(earlier_pairs.first) as existing
				from pairs left join earlier_pairs on earlier_pairs.first = pairs.first and earlier_pairs.second = pairs.second
			) x) as partnerships,
			(select row_to_json(x) from (select
				(select count(*) filter (where forms_answered) from projects) as forms_base,
				(select count(*) filter (where mobilised_answered) from projects) as mobilised_base,
				(select count(*) filter (where mobilised) from projects) as mobilised,
				(select count(*) filter (where funding_answered) from projects) as funding_base,
				(select count(*) filter (where funding) from projects) as funding,
				(select count(*) filter (where answers->>'notoriety' in ('oui', 'non')) from parts) as notoriety_base,
				(select count(*) filter (where answers->>'notoriety' = 'oui') from parts) as notoriety,
				(select count(*) filter (where coalesce(answers->>'continueTogether', '') <> '') from parts) as continue_base
			) x) as answers,
			-- Interest by project: the lower median of its associations' answers (a project
			-- where one says « fort » and the other « moyen » counts « moyen »).
			(select json_agg(x) from (
				select levels.level as key, count(*) as n from (
					select application_id, percentile_disc(0.5) within group (order by rank) as rank
					from (select application_id, case answers->>'interest' when 'aucun' then 0 when 'faible' then 1 when 'moyen' then 2 when 'fort' then 3 end as rank from parts) ranked
					where rank is not null group by application_id
				) by_project
				join (values (0, 'aucun'), (1, 'faible'), (2, 'moyen'), (3, 'fort')) as levels(rank, level) on levels.rank = by_project.rank
				group by levels.level
			) x) as interest,
			(select json_agg(x) from (
				select form as key, count(distinct application_id) as n
				from parts cross join lateral jsonb_array_elements_text(case when jsonb_typeof(answers->'involvementForms') = 'array' then answers->'involvementForms' else '[]'::jsonb end) as f(form)
				group by form
			) x) as forms,
			(select json_agg(x) from (
				select kind as key, count(distinct application_id) as n
				from parts cross join lateral jsonb_array_elements_text(case when jsonb_typeof(answers->'otherPartners') = 'array' then answers->'otherPartners' else '[]'::jsonb end) as k(kind)
				where answers->>'mobilisedOthers' = 'oui'
				group by kind
			) x) as kinds,
			(select json_agg(x) from (select answers->>'continueTogether' as key, count(*) as n from parts group by 1) x) as continue_together,
			(select row_to_json(x) from (select
				(select count(*) from measured) as planned,
				(select count(*) from measured where reached is not null) as reported,
				(select count(*) from measured where target is not null and result is not null) as measurable,
				(select count(*) from measured where target is not null and result is not null and result >= target) as reached,
				(select count(*) from money) as budget_projects,
				(select coalesce(sum(planned), 0) from money) as budget_planned,
				(select coalesce(sum(actual), 0) from money) as budget_actual
			) x) as results,
			-- Difficulties by category, out of the projects that said whether they met any.
			(select count(*) from difficulties) as difficulty_base,
			(select json_agg(x) from (
				select category.key, count(*) as n
				from difficulties cross join lateral jsonb_each_text(difficulties.d) as category(key, value)
				where difficulties.d->>'difficultiesMet' = 'oui' and category.key <> 'difficultiesMet' and trim(category.value) <> ''
				group by category.key
			) x) as difficulties`
}

type Counted = { key: string | null; n: number | string }
type Row = Record<string, unknown>
/** What the statement returns: a JSON object per figure, a JSON array per list (null when empty). */
type BilanRow = {
	call: { id: string; title: string; status: string; funder_name: string; envelope: unknown; year: unknown; imported: boolean }
	counts: Row
	profile: Row
	sectors: Counted[] | null
	themes: { id: string; label: string; presented: unknown; retained: unknown; requested: unknown; granted: unknown }[] | null
	departements: { key: string | null; presented: unknown; retained: unknown; requested: unknown; granted: unknown }[] | null
	levels: Counted[] | null
	partnerships: Row
	answers: Row
	interest: Counted[] | null
	forms: Counted[] | null
	kinds: Counted[] | null
	continue_together: Counted[] | null
	results: Row
	difficulty_base: unknown
	difficulties: Counted[] | null
}

const num = (value: unknown) => (value === null || value === undefined ? 0 : Number(value))
const numOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value))
/** JSON columns come back parsed (postgres.js, PGlite) — or as text from a driver that does not. */
const parsed = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T))

/** One share per option of a list, in the list's order, out of `base`. */
function categories(options: readonly { value: string; label: string }[], counted: Counted[] | null, base: number): CategoryShare[] {
	const byKey = new Map((counted ?? []).map((row) => [row.key, num(row.n)]))
	return options.map((o) => ({ value: o.value, label: o.label, share: share(Math.min(byKey.get(o.value) ?? 0, base), base) }))
}

const sumOf = (counted: Counted[] | null) => (counted ?? []).filter((row) => row.key !== null).reduce((sum, row) => sum + num(row.n), 0)

export async function computeCallBilan(executor: Executor, callId: string): Promise<CallBilan> {
	const [raw] = await executor.transaction(async (tx) => {
		// PostgreSQL would JIT-compile this one big statement (~450 functions): seconds of
		// compiling for a query that runs in a few hundred milliseconds.
		await tx.execute(sql`set local jit = off`)
		return rowsOf<Record<keyof BilanRow, unknown>>(await tx.execute(bilanStatement(callId)))
	})
	const row = Object.fromEntries(Object.entries(raw!).map(([key, value]) => [key, parsed(value)])) as BilanRow
	const { call, counts, profile, sectors, themes: themeRows, departements, levels, partnerships: pairs, answers: parts, interest, forms, kinds, continue_together: continueRows, results: consortium, difficulties } = row
	const themes = themeRows ?? []
	const presented = num(counts.presented)
	const retained = num(counts.retained)
	const difficultyBase = num(row.difficulty_base)
	const employeesBase = num(profile.employees_base)
	const pairCount = num(pairs.pairs)
	const existingPairs = num(pairs.existing)
	const measurable = num(consortium.measurable)

	return {
		call: {
			id: call.id,
			title: call.title,
			funderName: call.funder_name,
			status: call.status,
			year: numOrNull(call.year),
			imported: Boolean(call.imported),
		},
		projects: { presented, admissible: num(counts.admissible), retained, retainedShare: share(retained, presented) },
		associations: {
			engaged: num(counts.engaged),
			engagedRetained: num(counts.engaged_retained),
			perProject: presented > 0 ? Math.round((num(counts.memberships) / presented) * 10) / 10 : null,
		},
		profile: {
			associations: num(profile.associations),
			medianBudgetCents: numOrNull(profile.median_budget) === null ? null : Math.round(Number(profile.median_budget)),
			budgetBase: num(profile.budget_base),
			medianEmployees: numOrNull(profile.median_employees),
			employeesBase,
			volunteerOnly: share(num(profile.volunteer_only), employeesBase),
			sectors: categories(SECTORS, sectors, sumOf(sectors)),
		},
		themes: themes.map((t) => ({ value: t.id, label: t.label, presented: num(t.presented), retained: num(t.retained) })),
		amounts: {
			requestedCents: num(counts.requested),
			grantedCents: num(counts.granted),
			envelopeCents: numOrNull(call.envelope),
			byTheme: themes.map((t) => ({ key: t.id, label: t.label, presented: num(t.presented), retained: num(t.retained), requestedCents: num(t.requested), grantedCents: num(t.granted) })),
			byDepartement: departementRows(departements ?? []),
		},
		sharingLevels: categories(SHARING_LEVELS, levels, sumOf(levels)),
		partnerships: { pairs: pairCount, existing: share(existingPairs, pairCount), new: share(pairCount - existingPairs, pairCount) },
		evaluations: { expected: retained, received: num(counts.received) },
		involvementForms: categories(INVOLVEMENT_FORMS, forms, num(parts.forms_base)),
		interest: categories(INTEREST_LEVELS, interest, sumOf(interest)),
		otherPartners: {
			mobilised: share(num(parts.mobilised), num(parts.mobilised_base)),
			kinds: categories(OTHER_PARTNER_KINDS, kinds, num(parts.mobilised)),
		},
		newFunding: share(num(parts.funding), num(parts.funding_base)),
		notoriety: share(num(parts.notoriety), num(parts.notoriety_base)),
		continueTogether: categories(CONTINUE_CHOICES, continueRows, num(parts.continue_base)),
		difficulties: categories(DIFFICULTY_CATEGORIES, difficulties, difficultyBase),
		indicators: { planned: num(consortium.planned), reported: num(consortium.reported), measurable, reached: share(num(consortium.reached), measurable) },
		budget: { projects: num(consortium.budget_projects), plannedCents: num(consortium.budget_planned), actualCents: num(consortium.budget_actual) },
	}
}

const NO_DEPARTEMENT = 'Non renseigné'

/** Every département of the leads (a hundred at most); bilan-text.ts keeps the largest and groups the others. */
function departementRows(rows: { key: string | null; presented: unknown; retained: unknown; requested: unknown; granted: unknown }[]): AmountRow[] {
	return rows.map((row) => ({
		key: row.key ?? '',
		label: row.key ?? NO_DEPARTEMENT,
		presented: num(row.presented),
		retained: num(row.retained),
		requestedCents: num(row.requested),
		grantedCents: num(row.granted),
	}))
}
