/** keepDataBetweenTests(): a file that builds its fixtures once keeps them from test to test. */
import { beforeAll, expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { users } from '#db/schema/index.ts'
import { createUser } from '#tests/factories.ts'
import { keepDataBetweenTests } from '#tests/support/shared-fixtures.ts'

keepDataBetweenTests()

let email: string
beforeAll(async () => {
	email = (await createUser()).email
})

test('les données construites dans beforeAll sont là au premier test', async () => {
	expect((await db.select().from(users)).map((u) => u.email)).toEqual([email])
})

test('et encore au suivant : la table n’est pas vidée entre les tests de ce fichier', async () => {
	expect((await db.select().from(users)).map((u) => u.email)).toEqual([email])
})
