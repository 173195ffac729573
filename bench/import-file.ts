// Writes a users file for `roster users import` benchmarks: N users of Entra's shape (names, work email,
// mobile phone, language, time zone, a role), as JSON Lines or CSV with the User Upload columns.
//
//   npx tsx bench/import-file.ts users.jsonl 100000
//   npx tsx bench/import-file.ts users.csv 100000       (the extension picks the format)
//   time node dist/cli/main.js users import users.jsonl --tenant bench
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'

const [file, countText = '100000'] = process.argv.slice(2)
if (file === undefined)
  throw new Error('usage: tsx bench/import-file.ts FILE.jsonl|FILE.csv [COUNT]')
const count = Number(countText)
const csv = file.endsWith('.csv')
const out = createWriteStream(file)

const line = (i: number): string => {
  const userName = `user${i}@contoso.com`
  const phone = `+1415555${String(i % 10000).padStart(4, '0')}`
  if (csv)
    return `process,${userName},Given${i},Family${i},en,America/Los_Angeles,Standard User,ACTIVE,ext-${i},${userName},${phone}\r\n`
  return `${JSON.stringify({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName,
    externalId: `ext-${i}`,
    name: { givenName: `Given${i}`, familyName: `Family${i}` },
    active: true,
    preferredLanguage: 'en',
    timezone: 'America/Los_Angeles',
    emails: [{ value: userName, type: 'work', primary: true }],
    phoneNumbers: [{ value: phone, type: 'mobile' }],
    roles: [{ value: 'Standard User' }],
  })}\n`
}

if (csv)
  out.write(
    'Operation,User,First Name,Last Name,Language,Time Zone,Roles,Status,External Key,Work Email,Mobile Phone\r\n',
  )
for (let i = 0; i < count; i++) if (!out.write(line(i))) await once(out, 'drain')
out.end()
await once(out, 'finish')
