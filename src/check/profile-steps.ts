// `roster check --profile`: the attributes of Roster's (xMatters') profile that Entra's default mapping
// does not send and step 5 of the README adds: phone numbers in E.164 (Entra's `phoneNumbers[type eq
// "…"].value` paths), roles (Entra's app-role Add and Remove with a value array), preferredLanguage as a
// BCP 47 tag and an IANA time zone. Each is sent the way Entra sends it and read back as sent.
import type { Step } from './steps.js'
import { expectStatus, fail, need, newName, object, op, patch, userBody } from './steps.js'

const WORK_PHONE = '+14155550123'
const MOBILE = '+14155550124'
const NEW_MOBILE = '+442071838750'

type Json = Record<string, unknown>

function phone(user: Json, type: string): unknown {
  const phones = Array.isArray(user['phoneNumbers']) ? user['phoneNumbers'].map(object) : []
  return phones.find((p) => String(p['type']).toLowerCase() === type)?.['value']
}

function roleValues(user: Json): string[] {
  const roles = Array.isArray(user['roles']) ? user['roles'].map(object) : []
  return roles.map((r) => String(r['value'])).sort()
}

function expectValue(what: string, actual: unknown, wanted: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(wanted))
    fail(`${what} reads back as ${JSON.stringify(actual)}; expected ${JSON.stringify(wanted)}`)
}

export const PROFILE_STEPS: readonly Step[] = [
  {
    name: 'profile: create a user with work and mobile phones (E.164), a role, language en-US and a time zone',
    async run(ctx) {
      const userName = newName('roster-check-profile')
      const body = {
        ...userBody(userName, userName),
        phoneNumbers: [
          { type: 'work', value: WORK_PHONE },
          { type: 'mobile', value: MOBILE },
        ],
        roles: [{ value: 'Standard User', primary: true }],
        preferredLanguage: 'en-US',
        timezone: 'America/Los_Angeles',
      }
      const user = expectStatus(await ctx.client.send('POST', '/Users', body), 201)
      if (typeof user['id'] !== 'string' || user['id'] === '') fail('the response has no id')
      ctx.state.set('profileUserId', user['id'])
      ctx.created.push(`/Users/${user['id']}`)
      const read = expectStatus(await ctx.client.send('GET', `/Users/${user['id']}`), 200)
      expectValue('the work phone', phone(read, 'work'), WORK_PHONE)
      expectValue('the mobile phone', phone(read, 'mobile'), MOBILE)
      expectValue('roles', roleValues(read), ['Standard User'])
      expectValue('preferredLanguage', read['preferredLanguage'], 'en-US')
      expectValue('timezone', read['timezone'], 'America/Los_Angeles')
    },
  },
  {
    name: 'profile: Entra\'s PATCH of phoneNumbers[type eq "mobile"].value, preferredLanguage and timezone',
    needs: ['profileUserId'],
    async run(ctx) {
      const id = need(ctx, 'profileUserId')
      const ops = [
        { op: op(ctx, 'replace'), path: 'phoneNumbers[type eq "mobile"].value', value: NEW_MOBILE },
        { op: op(ctx, 'replace'), path: 'preferredLanguage', value: 'pt-BR' },
        { op: op(ctx, 'replace'), path: 'timezone', value: 'Europe/London' },
      ]
      expectStatus(await ctx.client.send('PATCH', `/Users/${id}`, patch(ops)), 200, 204)
      const read = expectStatus(await ctx.client.send('GET', `/Users/${id}`), 200)
      expectValue('the mobile phone', phone(read, 'mobile'), NEW_MOBILE)
      expectValue('the work phone', phone(read, 'work'), WORK_PHONE)
      expectValue('preferredLanguage', read['preferredLanguage'], 'pt-BR')
      expectValue('timezone', read['timezone'], 'Europe/London')
    },
  },
  {
    name: "profile: roles: Entra's Add of a role, then Remove with a value array takes out only that role",
    needs: ['profileUserId'],
    async run(ctx) {
      const id = need(ctx, 'profileUserId')
      const add = patch([
        { op: op(ctx, 'add'), path: 'roles', value: [{ value: 'Group Supervisor' }] },
      ])
      expectStatus(await ctx.client.send('PATCH', `/Users/${id}`, add), 200, 204)
      let read = expectStatus(await ctx.client.send('GET', `/Users/${id}`), 200)
      expectValue('roles', roleValues(read), ['Group Supervisor', 'Standard User'])
      const remove = patch([
        { op: op(ctx, 'remove'), path: 'roles', value: [{ value: 'Group Supervisor' }] },
      ])
      expectStatus(await ctx.client.send('PATCH', `/Users/${id}`, remove), 200, 204)
      read = expectStatus(await ctx.client.send('GET', `/Users/${id}`), 200)
      expectValue('roles', roleValues(read), ['Standard User'])
    },
  },
  {
    name: 'profile: a phone number not in E.164 (555-1234) is refused with 400 naming phoneNumbers',
    needs: ['profileUserId'],
    async run(ctx) {
      const id = need(ctx, 'profileUserId')
      const body = patch([
        { op: op(ctx, 'replace'), path: 'phoneNumbers[type eq "work"].value', value: '555-1234' },
      ])
      const error = expectStatus(await ctx.client.send('PATCH', `/Users/${id}`, body), 400)
      if (!/phoneNumbers/.test(String(error['detail'])))
        fail(`the detail does not name phoneNumbers: ${JSON.stringify(error['detail'])}`)
    },
  },
  {
    name: 'profile: delete the user (204)',
    needs: ['profileUserId'],
    async run(ctx) {
      const id = need(ctx, 'profileUserId')
      expectStatus(await ctx.client.send('DELETE', `/Users/${id}`), 204)
      ctx.created.splice(ctx.created.indexOf(`/Users/${id}`), 1)
    },
  },
]
