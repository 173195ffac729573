// The admin console in a real browser (Debian's Chromium through playwright-core), against the real
// server process: sign in, mint a token, provision users over SCIM with good and bad bodies, watch them
// and their errors appear grouped by cause with the fix, fix a setting, see the next request succeed,
// and check that a second tenant's admin sees none of it. A screenshot of every page goes to
// test-results/ (look at them).
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Page } from 'playwright-core'
import { call, createToken, sandbox } from '../process.js'
import type { Sandbox, Server } from '../process.js'
import { hasChromium, openBrowser } from './chromium.js'

const SHOTS = 'test-results'
const EXT = 'urn:ietf:params:scim:schemas:extension:roster:2.0:User'

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: `${SHOTS}/console-${name}.png`, fullPage: true })
}

/** A console admin of a tenant, provisioned over SCIM with a password and the Company Admin role. */
async function admin(box: Sandbox, server: Server, tenant: string, userName: string) {
  const { token } = await createToken(
    box,
    'bootstrap',
    ...(tenant === 'default' ? [] : ['--tenant', tenant]),
  )
  const base =
    tenant === 'default' ? server.tenantUrl : `${server.origin}/t/${tenant}/api/xm/1/scim/v2`
  const created = await call(`${base}/Users`, {
    token,
    body: {
      userName,
      name: { givenName: 'Ada', familyName: 'Admin' },
      password: 'Console-Pass-42',
      roles: [{ value: 'Company Admin' }],
    },
  })
  assert.equal(created.status, 201, created.text)
  return { token, base }
}

async function signIn(page: Page, url: string, userName: string, password = 'Console-Pass-42') {
  await page.goto(url)
  await page.getByLabel('User name').fill(userName)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

const skip = hasChromium()
  ? false
  : 'Debian chromium is not installed (apt-get install chromium; .ci/run installs it)'

describe('admin console in Chromium', { skip }, () => {
  it('runs the provisioning scenario, tenant by tenant', async (t) => {
    const box = sandbox((fn) => t.after(fn))
    const server = await box.serve()
    assert.equal((await box.cli('tenant', 'create', 'acme', '--name', 'Acme Corp')).code, 0)
    await admin(box, server, 'default', 'ada@contoso.com')
    await admin(box, server, 'acme', 'root@acme.example')
    const browser = await openBrowser()
    t.after(() => browser.close())
    const page = await browser.context.newPage()

    // Signed out: the console asks to sign in; a wrong password is refused.
    await page.goto(`${server.origin}/admin`)
    assert.match(page.url(), /\/admin\/sign-in$/)
    await shot(page, 'sign-in')
    await signIn(page, `${server.origin}/admin/sign-in`, 'ada@contoso.com', 'wrong-password')
    await page.getByText('Wrong user name or password').waitFor()

    // Keyboard: the first Tab reaches the skip link, with a visible focus.
    await page.keyboard.press('Tab')
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip')

    await signIn(page, `${server.origin}/admin/sign-in`, 'ada@contoso.com')
    await page.getByRole('heading', { name: 'Overview' }).waitFor()
    const cookies = await browser.context.cookies()
    const session = cookies.find((c) => c.name === 'roster_console')
    assert.ok(session?.httpOnly && session.secure && session.sameSite === 'Strict')
    assert.equal(session?.path, '/admin')

    // Connection: the Tenant URL, and a token minted and shown once.
    await page.getByRole('link', { name: 'Connection' }).click()
    assert.equal(
      await page.getByRole('textbox', { name: 'Tenant URL' }).inputValue(),
      server.tenantUrl,
    )
    await page.getByLabel('Name').first().fill('entra')
    await page.getByRole('button', { name: 'Create token' }).click()
    const token = await page
      .getByRole('textbox', { name: 'Secret Token', exact: true })
      .inputValue()
    assert.match(token, /^roster_/)
    await shot(page, 'connection')
    // The roster check steps, run from the console against the Tenant URL, each shown.
    await page.getByRole('button', { name: 'Run the check' }).click()
    await page.getByText(/\d+ passed, 0 failed, 0 skipped/).waitFor({ timeout: 60_000 })
    assert.ok((await page.locator('ol.steps li.ok').count()) > 10)
    await shot(page, 'connection-check')

    // Entra provisions: a good user, and bad bodies.
    const users = `${server.tenantUrl}/Users`
    const good = await call(users, {
      token,
      body: {
        userName: 'Joy.Young@contoso.com',
        name: { givenName: 'Joy', familyName: 'Young' },
        emails: [{ type: 'work', value: 'joy@contoso.com', primary: true }],
        phoneNumbers: [{ type: 'Work Phone', value: '+14155550123' }],
      },
    })
    assert.equal(good.status, 201)
    const bad = (i: number) => ({
      userName: `Sam${i}@contoso.com`,
      displayName: `Sam ${i}`,
      roles: [{ value: 'Manager' }],
    })
    for (const i of [1, 2]) assert.equal((await call(users, { token, body: bad(i) })).status, 400)

    // The provisioning log shows them, errors first, grouped by cause with the fix.
    await page.getByRole('link', { name: 'Provisioning log' }).click()
    const causes = page.locator('table.causes')
    await causes.getByText("'Manager' is not a role of this tenant").waitFor()
    await causes.getByText('does not support the attribute displayName').waitFor()
    await page.locator('[data-live="log"]').getByText('Joy.Young@contoso.com').first().waitFor()
    await shot(page, 'log')
    // A request made now appears without a reload (the live table).
    await call(`${users}?filter=userName+eq+%22nobody%40contoso.com%22`, { token })
    await page
      .locator('[data-live="log"]')
      .getByText('nobody@contoso.com')
      .waitFor({ timeout: 10_000 })
    await causes.getByRole('link').first().click()
    await page.getByRole('heading', { name: 'How to fix it' }).waitFor()
    await shot(page, 'log-entry')

    // Connection: the token Entra used shows when it was last used, another never (the time is
    // written off the request's path: reload until it shows, within a bound).
    await createToken(box, 'okta')
    await page.getByRole('link', { name: 'Connection' }).click()
    const tokenRow = (name: string) =>
      page
        .locator('section[aria-labelledby="tokens-h"] tbody tr')
        .filter({ has: page.getByRole('cell', { name, exact: true }) })
    const lastUsed = async (name: string) =>
      (await tokenRow(name).locator('td').nth(3).innerText()).trim()
    for (let i = 0; i < 40 && (await lastUsed('entra')) === 'never'; i++) {
      await sleep(250)
      await page.reload()
    }
    assert.match(await lastUsed('entra'), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
    assert.equal(await lastUsed('okta'), 'never')

    // Fix the settings the errors name, then the same request succeeds.
    await page.getByRole('link', { name: 'Settings' }).click()
    await page.getByRole('textbox', { name: 'New role' }).fill('Manager')
    await page.getByRole('button', { name: 'Add role' }).click()
    await page.getByText('Saved: roles defined: Manager.').waitFor()
    await page.getByRole('combobox', { name: 'Action' }).selectOption('ignore')
    await page.getByRole('button', { name: 'Save' }).first().click()
    await page.getByText('Saved: unsupportedAttributes = ignore.').waitFor()
    await shot(page, 'settings')
    assert.equal((await call(users, { token, body: bad(1) })).status, 201)

    // People: search with the filter engine, and a person's page with its history.
    await page.getByRole('link', { name: 'People' }).click()
    await page
      .getByRole('searchbox', { name: 'Search people' })
      .or(page.getByRole('textbox', { name: 'Search people' }))
      .fill('sam')
    await page.getByRole('button', { name: 'Search' }).click()
    await page.getByRole('link', { name: 'Sam1@contoso.com' }).click()
    await page.getByRole('heading', { name: 'History' }).waitFor()
    await page.getByText('roles', { exact: false }).first().waitFor()
    await shot(page, 'person')
    await page.getByRole('link', { name: 'People' }).click()
    await shot(page, 'people')

    // Groups: a group and its members.
    const group = await call(`${server.tenantUrl}/Groups`, {
      token,
      body: { displayName: 'On-call Team', members: [{ value: good.body.id }] },
    })
    assert.equal(group.status, 201)
    await page.getByRole('link', { name: 'Groups' }).click()
    await page.getByRole('link', { name: 'On-call Team' }).click()
    await page.getByRole('link', { name: 'Joy Young' }).waitFor()
    await shot(page, 'group')
    await page.getByRole('link', { name: 'Groups' }).click()
    await shot(page, 'groups')

    await page.getByRole('link', { name: 'Activity' }).click()
    await page.getByRole('img', { name: /Requests and errors per minute/ }).waitFor()
    await shot(page, 'activity')
    await page.getByRole('link', { name: 'Overview' }).click()
    await page.getByText('console:ada@contoso.com').first().waitFor()
    await shot(page, 'overview')
    // Usable at 1366×768: no page scrolls sideways.
    for (const path of [
      '',
      '/connection',
      '/people',
      '/groups',
      '/log',
      '/activity',
      '/settings',
    ]) {
      await page.goto(`${server.origin}/admin${path}`)
      const width = await page.evaluate(() => document.documentElement.scrollWidth)
      assert.ok(width <= 1366, `${path || '/'} is ${width}px wide`)
    }

    // Revoking asks first, then the token fails at once.
    await page.goto(`${server.origin}/admin/connection`)
    await page.getByRole('link', { name: 'Revoke entra' }).click()
    await page.getByRole('button', { name: 'Revoke' }).click()
    await page.getByText('revoked').first().waitFor()
    assert.equal((await call(users, { token })).status, 401)

    // The second tenant's admin sees none of it.
    const other = await browser.context.newPage()
    await signIn(other, `${server.origin}/t/acme/admin/sign-in`, 'root@acme.example')
    await other.getByRole('heading', { name: 'Overview' }).waitFor()
    for (const path of ['/log', '/people', '/groups', '/connection']) {
      await other.goto(`${server.origin}/t/acme/admin${path}`)
      const text = await other.locator('main').innerText()
      for (const secret of ['Joy', 'Sam1', 'Manager', 'On-call Team', 'entra'])
        assert.ok(!text.includes(secret), `${path} shows ${secret}`)
    }
    await shot(other, 'second-tenant')
    // Ada's session is no session for acme's console.
    const ada = cookies.find((c) => c.name === 'roster_console')?.value
    const crossed = await fetch(`${server.origin}/t/acme/admin/log`, {
      headers: { cookie: `roster_console=${ada}` },
      redirect: 'manual',
    })
    assert.equal(crossed.status, 303)

    // No page asked another host for anything.
    const foreign = browser.requested.filter((u) => !u.startsWith(server.origin))
    assert.deepEqual(foreign, [])
  })

  it('manages custom properties in Settings and shows them on People', async (t) => {
    const box = sandbox((fn) => t.after(fn))
    const server = await box.serve()
    const { token } = await admin(box, server, 'default', 'ada@contoso.com')
    const browser = await openBrowser()
    t.after(() => browser.close())
    const page = await browser.context.newPage()
    await signIn(page, `${server.origin}/admin/sign-in`, 'ada@contoso.com')
    await page.getByRole('link', { name: 'Settings' }).click()
    const section = page.locator('section[aria-labelledby="properties-h"]')
    await section.getByText('No custom properties yet').waitFor()

    // Add one with the mouse, a list property with the keyboard only, and a bad one.
    await section.getByLabel('Name', { exact: true }).fill('costCenter')
    await section.getByLabel('Description').fill('Finance cost center')
    await section.getByRole('button', { name: 'Add property' }).click()
    await page.getByText("Saved: property 'costCenter' defined (string).").waitFor()
    await section.getByLabel('Name', { exact: true }).focus()
    await page.keyboard.type('shift')
    await page.keyboard.press('Tab') // Type: Text (string)
    await page.keyboard.press('Tab')
    assert.equal(
      await page.evaluate(() => document.activeElement?.id),
      'prop-values',
      'List values follows Type',
    )
    await page.keyboard.type('Day, Night')
    for (const _ of ['max', 'aliases', 'description', 'multi']) await page.keyboard.press('Tab')
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'prop-multi')
    await page.keyboard.press('Space')
    for (const _ of ['required', 'case', 'button']) await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await page.getByText("Saved: property 'shift' defined (string, multi-valued).").waitFor()
    await section.getByLabel('Name', { exact: true }).fill('cost center')
    await section.getByRole('button', { name: 'Add property' }).click()
    await page.getByRole('alert').getByText('is not an attribute name (RFC 7643 §2.1').waitFor()

    // Entra provisions a value; the list counts who holds one.
    const created = await call(`${server.tenantUrl}/Users`, {
      token,
      body: {
        userName: 'Joy.Young@contoso.com',
        name: { givenName: 'Joy', familyName: 'Young' },
        [EXT]: { costCenter: 'CC-42', shift: ['Night'] },
      },
    })
    assert.equal(created.status, 201, created.text)
    await page.getByRole('link', { name: 'Settings' }).click()
    const row = section.getByRole('row', { name: /costCenter/ })
    await row.getByRole('link', { name: '1 with costCenter' }).waitFor()
    await row.getByText('Finance cost center').waitFor()
    await section.getByRole('row', { name: /shift/ }).getByText('Day, Night').waitFor()
    await section.scrollIntoViewIfNeeded()
    await shot(page, 'settings-properties')

    // People: the holders' search shows the property's column; the person's page every property.
    await row.getByRole('link', { name: '1 with costCenter' }).click()
    await page.getByRole('columnheader', { name: 'costCenter' }).waitFor()
    await page.getByRole('cell', { name: 'CC-42' }).waitFor()
    await shot(page, 'people-property')
    await page.getByRole('link', { name: 'Joy.Young@contoso.com' }).click()
    const properties = page.locator('section[aria-labelledby="properties-h"]')
    await properties.getByRole('row', { name: /costCenter CC-42/ }).waitFor()
    await properties.getByRole('row', { name: /shift Night/ }).waitFor()
    await shot(page, 'person-properties')

    // Rename: the person keeps the value under the new name, with a new ETag.
    await page.getByRole('link', { name: 'Settings' }).click()
    await section.getByRole('combobox', { name: 'Property to rename' }).selectOption('costCenter')
    await section.getByRole('textbox', { name: 'New name' }).fill('financeCode')
    await section.getByRole('button', { name: 'Rename' }).click()
    await page.getByText("Saved: property 'costCenter' renamed to 'financeCode'.").waitFor()
    const read = await call(`${server.tenantUrl}/Users/${created.body.id}`, { token })
    assert.deepEqual(read.body[EXT], { financeCode: 'CC-42', shift: ['Night'] })
    assert.notEqual(read.body.meta.version, created.body.meta.version)

    // Remove: a confirmation that names the holders; the box must be ticked.
    await section.getByRole('link', { name: 'Remove financeCode' }).click()
    await page.getByRole('heading', { name: 'Remove a property' }).waitFor()
    await page.getByText('1 person holds a value of financeCode').waitFor()
    await shot(page, 'property-remove')
    await page.getByRole('button', { name: 'Remove financeCode' }).click()
    assert.match(
      page.url(),
      /\/settings\/properties\/remove\?name=financeCode$/,
      'not sent unticked',
    )
    await page.getByRole('checkbox', { name: /Also delete the values users hold \(1\)/ }).check()
    await page.getByRole('button', { name: 'Remove financeCode' }).click()
    await page
      .getByText("Saved: property 'financeCode' removed with the values of 1 user.")
      .waitFor()
    const after = await call(`${server.tenantUrl}/Users/${created.body.id}`, { token })
    assert.deepEqual(after.body[EXT], { shift: ['Night'] })

    // Every change is in the log with who made it; nothing asked another host; 1366 px wide at most.
    await page.getByRole('link', { name: 'Provisioning log' }).click()
    await page.getByRole('combobox', { name: 'Outcome' }).selectOption('changes')
    await page.getByRole('button', { name: 'Filter' }).click()
    for (const op of ['properties.add', 'properties.rename', 'properties.remove'])
      await page.locator('[data-live="log"]').getByText(op).first().waitFor()
    for (const path of ['/settings', `/people/${String(created.body.id)}`]) {
      await page.goto(`${server.origin}/admin${path}`)
      const width = await page.evaluate(() => document.documentElement.scrollWidth)
      assert.ok(width <= 1366, `${path} is ${width}px wide`)
    }
    assert.deepEqual(
      browser.requested.filter((u) => !u.startsWith(server.origin)),
      [],
    )
  })

  it('signs in without JavaScript', async (t) => {
    const box = sandbox((fn) => t.after(fn))
    const server = await box.serve()
    await admin(box, server, 'default', 'ada@contoso.com')
    const browser = await openBrowser({ javaScript: false })
    t.after(() => browser.close())
    const page = await browser.context.newPage()
    await signIn(page, `${server.origin}/admin/sign-in`, 'ada@contoso.com')
    await page.getByRole('heading', { name: 'Overview' }).waitFor()
    await page.getByRole('link', { name: 'Provisioning log' }).click()
    await page.getByRole('heading', { name: 'What is failing' }).waitFor()
  })
})
