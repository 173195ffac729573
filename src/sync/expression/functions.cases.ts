// Every function of the expression language with the examples of Microsoft's reference, "Reference for
// writing expressions for attribute mappings in Microsoft Entra ID" (S8), input and output as written
// there; rows marked [roster] cover what S8 leaves without an example (null inputs, edges).
import type { Value } from './value.js'
import { IGNORE_FLOW } from './value.js'

export interface FunctionCase {
  /** The function the row is about (every function of the table has at least one row). */
  readonly fn: string
  readonly expression: string
  /** Source attributes by Entra name; absent ones are null. */
  readonly attributes?: Readonly<Record<string, Value>>
  /** The expected value (`IGNORE_FLOW` for a dropped attribute), or a check of it. */
  readonly expected: Value | ((value: Value) => boolean)
  readonly note?: string
}

/** 2021-07-02T15:33:38Z, the moment of S8's Now() sample ("7/2/2021 3:33:38 PM"). */
export const NOW = Date.UTC(2021, 6, 2, 15, 33, 38)

const hire = { StatusHireDate: '2012-03-16-07:00' }

export const FUNCTION_CASES: readonly FunctionCase[] = [
  // Append
  {
    fn: 'Append',
    expression: 'Append([userPrincipalName], ".test")',
    attributes: { userPrincipalName: 'John.Doe@contoso.com' },
    expected: 'John.Doe@contoso.com.test',
  },
  {
    fn: 'Append',
    expression: 'Append([userPrincipalName], ".test")',
    expected: null,
    note: '[roster] null source',
  },
  // AppRoleAssignmentsComplex: evaluated in the cycle tests (it yields the user's roles).
  // BitAnd
  { fn: 'BitAnd', expression: 'BitAnd(&HF, &HF7)', expected: 7 },
  // CBool
  {
    fn: 'CBool',
    expression: 'CBool([attribute1] = [attribute2])',
    attributes: { attribute1: 'x', attribute2: 'x' },
    expected: true,
  },
  {
    fn: 'CBool',
    expression: 'CBool([attribute1] = [attribute2])',
    attributes: { attribute1: 'x', attribute2: 'y' },
    expected: false,
  },
  { fn: 'CBool', expression: 'CBool("1")', expected: true, note: '[roster] non-zero' },
  // CDate
  {
    fn: 'CDate',
    expression: 'CDate([StatusHireDate])',
    attributes: { StatusHireDate: '2020-03-16-07:00' },
    expected: '3/16/2020 7:00:00 AM',
  },
  { fn: 'CDate', expression: 'CDate("2021-06-30+08:00")', expected: '6/29/2021 4:00:00 PM' },
  {
    fn: 'CDate',
    expression: 'CDate("2009-06-15T01:45:30-07:00")',
    expected: '6/15/2009 8:45:30 AM',
  },
  // Coalesce
  {
    fn: 'Coalesce',
    expression: 'Coalesce([mail],[userPrincipalName])',
    attributes: { userPrincipalName: 'John.Doe@contoso.com' },
    expected: 'John.Doe@contoso.com',
  },
  {
    fn: 'Coalesce',
    expression: 'Coalesce([mail], [upn])',
    expected: null,
    note: 'all null, no default',
  },
  {
    fn: 'Coalesce',
    expression: 'Coalesce([mail], "")',
    expected: '',
    note: 'the default may be ""',
  },
  // ConvertToBase64
  {
    fn: 'ConvertToBase64',
    expression: 'ConvertToBase64("Hello world!")',
    expected: 'SABlAGwAbABvACAAdwBvAHIAbABkACEA',
  },
  // ConvertToUTF8Hex
  {
    fn: 'ConvertToUTF8Hex',
    expression: 'ConvertToUTF8Hex("Hello world!")',
    expected: '48656C6C6F20776F726C6421',
  },
  // Count
  {
    fn: 'Count',
    expression: 'Count([proxyAddresses])',
    attributes: {
      proxyAddresses: ['SMTP:a@contoso.com', 'smtp:b@contoso.com', 'smtp:c@contoso.com'],
    },
    expected: 3,
  },
  {
    fn: 'Count',
    expression: 'Count([proxyAddresses])',
    expected: 0,
    note: '[roster] null has no elements',
  },
  // CStr
  {
    fn: 'CStr',
    expression: 'CStr([dn])',
    attributes: { dn: 'cn=Joe,dc=contoso,dc=com' },
    expected: 'cn=Joe,dc=contoso,dc=com',
  },
  {
    fn: 'CStr',
    expression: 'CStr([accountEnabled])',
    attributes: { accountEnabled: true },
    expected: 'True',
  },
  // DateAdd: S8's table, on StatusHireDate 2012-03-16-07:00
  {
    fn: 'DateAdd',
    expression: 'DateAdd("d", 7, CDate([StatusHireDate]))',
    attributes: hire,
    expected: '3/23/2012 7:00:00 AM',
  },
  {
    fn: 'DateAdd',
    expression: 'DateAdd("d", -10, CDate([StatusHireDate]))',
    attributes: hire,
    expected: '3/6/2012 7:00:00 AM',
  },
  {
    fn: 'DateAdd',
    expression: 'DateAdd("ww", 2, CDate([StatusHireDate]))',
    attributes: hire,
    expected: '3/30/2012 7:00:00 AM',
  },
  {
    fn: 'DateAdd',
    expression: 'DateAdd("m", 10, CDate([StatusHireDate]))',
    attributes: hire,
    expected: '1/16/2013 7:00:00 AM',
  },
  {
    fn: 'DateAdd',
    expression: 'DateAdd("yyyy", 2, CDate([StatusHireDate]))',
    attributes: hire,
    expected: '3/16/2014 7:00:00 AM',
  },
  {
    fn: 'DateAdd',
    expression: 'DateAdd("m", 1, CDate("2021-01-31"))',
    expected: '2/28/2021 12:00:00 AM',
    note: '[roster] VBA month end',
  },
  // DateDiff: S8's table
  {
    fn: 'DateDiff',
    expression: 'DateDiff("d", CDate("2021-08-18+08:00"), CDate("2021-08-31+08:00"))',
    expected: 13,
  },
  {
    fn: 'DateDiff',
    expression: 'DateDiff("d", "8/25/2021 5:41:18 PM", CDate([StatusHireDate]))',
    attributes: hire,
    expected: -3449,
  },
  {
    fn: 'DateDiff',
    expression: 'DateDiff("ww", "8/25/2021 5:41:18 PM", CDate([StatusHireDate]))',
    attributes: hire,
    expected: -493,
  },
  {
    fn: 'DateDiff',
    expression: 'DateDiff("m", "8/25/2021 5:41:18 PM", CDate([StatusHireDate]))',
    attributes: hire,
    expected: -113,
  },
  {
    fn: 'DateDiff',
    expression: 'DateDiff("yyyy", "8/25/2021 5:41:18 PM", CDate([StatusHireDate]))',
    attributes: hire,
    expected: -9,
  },
  {
    fn: 'DateDiff',
    expression: 'DateDiff("d", "2021-08-31+08:00", "2021-08-31+08:00")',
    expected: 0,
  },
  { fn: 'DateDiff', expression: 'DateDiff("h", "2021-08-24", "2021-08-25")', expected: 24 },
  { fn: 'DateDiff', expression: 'DateDiff("n", "2021-08-24", "2021-08-25")', expected: 1440 },
  { fn: 'DateDiff', expression: 'DateDiff("s", "2021-08-24", "2021-08-25")', expected: 86400 },
  {
    fn: 'DateDiff',
    expression: 'DateDiff("d", Now(), CDate([StatusHireDate]))',
    attributes: { StatusHireDate: '2021-07-12+00:00' },
    expected: 9,
    note: 'Now() is 7/2/2021 3:33:38 PM',
  },
  {
    fn: 'DateDiff',
    expression:
      'Switch([Active], , \n  "1", IIF(DateDiff("d", Now(), CDate([StatusHireDate])) > 5, "False", "True"), \n  "0", "False")',
    attributes: { Active: '1', StatusHireDate: '2021-07-12+00:00' },
    expected: 'False',
    note: 'S8 example 2: hired in more than five days',
  },
  {
    fn: 'DateDiff',
    expression:
      'Switch([Active], , \n  "1", IIF(DateDiff("d", Now(), CDate([StatusHireDate])) > 5, "False", "True"), \n  "0", "False")',
    attributes: { Active: '1', StatusHireDate: '2021-07-05+00:00' },
    expected: 'True',
  },
  // DateFromNum
  {
    fn: 'DateFromNum',
    expression: 'DateFromNum(129699324000000000)',
    expected: '1/1/2012 11:00:00 PM',
  },
  {
    fn: 'DateFromNum',
    expression: 'DateFromNum([lastLogonTimestamp])',
    attributes: { lastLogonTimestamp: '129699324000000000' },
    expected: '1/1/2012 11:00:00 PM',
  },
  // FormatDateTime
  {
    fn: 'FormatDateTime',
    expression: 'FormatDateTime([extensionAttribute1], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")',
    attributes: { extensionAttribute1: '20150123105347.1Z' },
    expected: '2015-01-23',
  },
  {
    fn: 'FormatDateTime',
    expression: 'FormatDateTime([endDate], ,"M/d/yyyy hh:mm:ss tt","yyyy-MM-dd")',
    attributes: { endDate: '6/30/2021 11:59:59 PM' },
    expected: '2021-06-30',
  },
  // Guid
  {
    fn: 'Guid',
    expression: 'Guid()',
    expected: (v) =>
      typeof v === 'string' &&
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v),
  },
  // IgnoreFlowIfNullOrEmpty
  {
    fn: 'IgnoreFlowIfNullOrEmpty',
    expression: 'IgnoreFlowIfNullOrEmpty([department])',
    expected: IGNORE_FLOW,
  },
  {
    fn: 'IgnoreFlowIfNullOrEmpty',
    expression: 'IgnoreFlowIfNullOrEmpty([department])',
    attributes: { department: 'Sales' },
    expected: 'Sales',
  },
  {
    fn: 'IgnoreFlowIfNullOrEmpty',
    expression:
      'IgnoreFlowIfNullOrEmpty(Switch([prefix], "", "3443", "Dr.", "3444", "Prof.", "3445", "Prof. Dr."))',
    attributes: { prefix: '9999' },
    expected: IGNORE_FLOW,
  },
  {
    fn: 'IgnoreFlowIfNullOrEmpty',
    expression:
      'IgnoreFlowIfNullOrEmpty(Switch([prefix], "", "3443", "Dr.", "3444", "Prof.", "3445", "Prof. Dr."))',
    attributes: { prefix: '3444' },
    expected: 'Prof.',
  },
  // IIF
  {
    fn: 'IIF',
    expression: 'IIF([country]="USA",[country],[department])',
    attributes: { country: 'USA', department: 'Sales' },
    expected: 'USA',
  },
  {
    fn: 'IIF',
    expression: 'IIF([country]="USA",[country],[department])',
    attributes: { country: 'France', department: 'Sales' },
    expected: 'Sales',
  },
  {
    fn: 'IIF',
    expression: 'IIF([country]="USA",IIF([state]="CA","True","False"),"False")',
    attributes: { country: 'USA', state: 'CA' },
    expected: 'True',
  },
  {
    fn: 'IIF',
    expression: 'IIF([country]="USA",IIF([state]="CA","True","False"),"False")',
    attributes: { country: 'USA', state: 'WA' },
    expected: 'False',
  },
  {
    fn: 'IIF',
    expression: 'IIF([country]="USA","True",IIF([state]="CA","True","False"))',
    attributes: { country: 'Mexico', state: 'CA' },
    expected: 'True',
  },
  {
    fn: 'IIF',
    expression:
      'IIF([companyName] = "Company A", "A", IIF([companyName] = "Company B", "B", "External"))',
    attributes: { companyName: 'Company B' },
    expected: 'B',
    note: "S8's replacement for a Switch",
  },
  // InStr
  { fn: 'InStr', expression: 'InStr("The quick brown fox","quick")', expected: 5 },
  { fn: 'InStr', expression: 'InStr("repEated","e",3,vbBinaryCompare)', expected: 7 },
  {
    fn: 'InStr',
    expression: 'InStr("repEated","e",3,vbTextCompare)',
    expected: 4,
    note: '[roster] case-insensitive',
  },
  { fn: 'InStr', expression: 'InStr("abc","z")', expected: 0 },
  // IsNull, IsNullOrEmpty, IsPresent, IsString
  { fn: 'IsNull', expression: 'IsNull([displayName])', expected: true },
  {
    fn: 'IsNull',
    expression: 'IsNull([displayName])',
    attributes: { displayName: '' },
    expected: false,
  },
  {
    fn: 'IsNullOrEmpty',
    expression: 'IsNullOrEmpty([displayName])',
    attributes: { displayName: '' },
    expected: true,
  },
  { fn: 'IsNullOrEmpty', expression: 'IsNullOrEmpty([displayName])', expected: true },
  {
    fn: 'IsNullOrEmpty',
    expression: 'IsNullOrEmpty([displayName])',
    attributes: { displayName: 'Joy' },
    expected: false,
  },
  {
    fn: 'IsPresent',
    expression: 'IsPresent([displayName])',
    attributes: { displayName: 'Joy' },
    expected: true,
  },
  {
    fn: 'IsPresent',
    expression: 'IsPresent([displayName])',
    attributes: { displayName: '' },
    expected: false,
  },
  {
    fn: 'IsString',
    expression: 'IsString([displayName])',
    attributes: { displayName: 'Joy' },
    expected: true,
  },
  {
    fn: 'IsString',
    expression: 'IsString([accountEnabled])',
    attributes: { accountEnabled: true },
    expected: false,
  },
  // Item
  {
    fn: 'Item',
    expression: 'Item([proxyAddresses], 1)',
    attributes: { proxyAddresses: ['SMTP:joy@contoso.com', 'smtp:jy@contoso.com'] },
    expected: 'SMTP:joy@contoso.com',
  },
  {
    fn: 'Item',
    expression: 'item(Split([preferredLanguage], "-"), 1)',
    attributes: { preferredLanguage: 'en-US' },
    expected: 'en',
    note: "the seed's own expression, function names in lower case",
  },
  {
    fn: 'Item',
    expression: 'Item(Split("a-b", "-"), 3)',
    expected: null,
    note: '[roster] past the end',
  },
  // Join
  {
    fn: 'Join',
    expression: 'Join(", ", "", [surname], [givenName])',
    attributes: { givenName: 'John', surname: 'Doe' },
    expected: 'Doe, John',
  },
  {
    fn: 'Join',
    expression: 'Join(" ", [givenName], [surname])',
    attributes: { givenName: 'John' },
    expected: 'John',
    note: '[roster] null sources are left out',
  },
  {
    fn: 'Join',
    expression: 'Join(";", [otherMails])',
    attributes: { otherMails: ['a@x.com', 'b@x.com'] },
    expected: 'a@x.com;b@x.com',
  },
  // Left
  { fn: 'Left', expression: 'Left("John Doe", 3)', expected: 'Joh' },
  { fn: 'Left', expression: 'Left("John Doe", 0)', expected: '' },
  { fn: 'Left', expression: 'Left("John Doe", -1)', expected: 'John Doe' },
  { fn: 'Left', expression: 'Left([missing], 2)', expected: '' },
  { fn: 'Left', expression: 'Left("Jo", 5)', expected: 'Jo' },
  // Len
  { fn: 'Len', expression: 'Len("Zoë")', expected: 3 },
  // Mid
  {
    fn: 'Mid',
    expression: 'Append(Mid([givenName], 1, 3), Mid([surname], 1, 5))',
    attributes: { givenName: 'John', surname: 'Doe' },
    expected: 'JohDoe',
  },
  // NormalizeDiacritics
  {
    fn: 'NormalizeDiacritics',
    expression: 'NormalizeDiacritics([givenName])',
    attributes: { givenName: 'Zoë' },
    expected: 'Zoe',
  },
  {
    fn: 'NormalizeDiacritics',
    expression: 'NormalizeDiacritics("Åsa Øster Straße Łódź ǣ")',
    expected: 'Asa OEster Strasse Lodz ae',
  },
  // Not
  {
    fn: 'Not',
    expression: 'Not([IsSoftDeleted])',
    attributes: { IsSoftDeleted: 'True' },
    expected: false,
  },
  {
    fn: 'Not',
    expression: 'Not([IsSoftDeleted])',
    attributes: { IsSoftDeleted: 'False' },
    expected: true,
  },
  // Now
  { fn: 'Now', expression: 'Now()', expected: '7/2/2021 3:33:38 PM' },
  // NumFromDate
  {
    fn: 'NumFromDate',
    expression:
      'NumFromDate(Join("", FormatDateTime([ContractEndDate], ,"yyyy-MM-ddzzz", "yyyy-MM-dd"), " 23:59:59-08:00"))',
    attributes: { ContractEndDate: '2020-12-31-08:00' },
    expected: '132539615990000000',
  },
  // PCase
  {
    fn: 'PCase',
    expression: 'PCase([firstName])',
    attributes: { firstName: 'PABLO GONSALVES (SECOND)' },
    expected: 'Pablo Gonsalves (Second)',
  },
  {
    fn: 'PCase',
    expression: `PCase([lastName]," '-")`,
    attributes: { lastName: "PINTO-DE'SILVA" },
    expected: "Pinto-De'Silva",
  },
  {
    fn: 'PCase',
    expression: 'PCase(Join(" ",[firstName],[lastName]))',
    attributes: { firstName: 'GREGORY', lastName: 'JAMES' },
    expected: 'Gregory James',
  },
  // RandomString
  {
    fn: 'RandomString',
    expression: 'RandomString(6,3,0,0,3)',
    expected: (v) =>
      typeof v === 'string' &&
      v.length === 6 &&
      v.replace(/\D/g, '').length === 3 &&
      v.replace(/[^a-z]/g, '').length === 3,
  },
  {
    fn: 'RandomString',
    expression: 'RandomString(10,2,2,2,1,"?,")',
    expected: (v) =>
      typeof v === 'string' &&
      v.length === 10 &&
      v.replace(/\D/g, '').length >= 2 &&
      v.replace(/[A-Za-z0-9]/g, '').length >= 2 &&
      v.replace(/[^A-Z]/g, '').length >= 2 &&
      v.replace(/[^a-z]/g, '').length >= 1 &&
      !/[?,]/.test(v),
  },
  // Redact (the value flows; logs show [Redact])
  {
    fn: 'Redact',
    expression: 'Redact([userPrincipalName])',
    attributes: { userPrincipalName: 'joy@contoso.com' },
    expected: 'joy@contoso.com',
  },
  { fn: 'Redact', expression: 'Redact("StringToBeRedacted")', expected: 'StringToBeRedacted' },
  // RemoveDuplicates
  {
    fn: 'RemoveDuplicates',
    expression: 'RemoveDuplicates([proxyAddresses])',
    attributes: { proxyAddresses: ['smtp:a@x.com', 'smtp:b@x.com', 'smtp:a@x.com'] },
    expected: ['smtp:a@x.com', 'smtp:b@x.com'],
  },
  // Replace: S8's examples 1-6 and "Strip known domain name"
  {
    fn: 'Replace',
    expression: 'Replace([BusinessTitle],"Product Developer", , , "Software Engineer", , )',
    attributes: { BusinessTitle: 'Product Developer' },
    expected: 'Software Engineer',
  },
  {
    fn: 'Replace',
    expression: 'Replace([UserID],"<username>", , , , , "<username>@contoso.com")',
    attributes: { UserID: 'jsmith' },
    expected: 'jsmith@contoso.com',
  },
  {
    fn: 'Replace',
    expression:
      'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", , "${phoneNumber}", , )',
    attributes: { telephoneNumber: '+91 9998887777' },
    expected: '9998887777',
  },
  {
    fn: 'Replace',
    expression: 'Replace([mobile], , "[()\\\\s-]+", , "", , )',
    attributes: { mobile: '+1 (999) 888-7777' },
    expected: '+19998887777',
    note: "S8 prints 19998887777, but its pattern [()\\s-]+ does not remove the '+'",
  },
  {
    fn: 'Replace',
    expression: 'Replace([AddressLineData], ,"(?<streetNumber>^\\\\d*)","streetNumber", "888", , )',
    attributes: { AddressLineData: '545 Tremont Street' },
    expected: '888 Tremont Street',
  },
  {
    fn: 'Replace',
    expression: 'Replace([userPrincipalName], , "(?<Suffix>@(.)*)", "Suffix", "", , )',
    attributes: { userPrincipalName: 'jsmith@contoso.com' },
    expected: 'jsmith',
  },
  {
    fn: 'Replace',
    expression:
      'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", "phoneNumber" , , [mobile], )',
    attributes: { telephoneNumber: '', mobile: '+91 8887779999' },
    expected: '8887779999',
  },
  {
    fn: 'Replace',
    expression: 'Replace([mailNickname], , "[a-zA-Z_]*", , "", , )',
    attributes: { mailNickname: 'john_doe72' },
    expected: '72',
  },
  {
    fn: 'Replace',
    expression: 'Replace([mail], "@contoso.com", , ,"", ,)',
    attributes: { mail: 'john.doe@contoso.com' },
    expected: 'john.doe',
  },
  // SingleAppRoleAssignment: evaluated in the cycle tests (its argument is the user's assignments).
  // Split
  {
    fn: 'Split',
    expression: 'Split([extensionAttribute5], ",")',
    attributes: { extensionAttribute5: 'PermissionSetOne, PermissionSetTwo' },
    expected: ['PermissionSetOne', 'PermissionSetTwo'],
  },
  // StripSpaces
  { fn: 'StripSpaces', expression: 'StripSpaces(" J o y ")', expected: 'Joy' },
  // Switch
  {
    fn: 'Switch',
    expression:
      'Switch([state], "Australia/Sydney", "NSW", "Australia/Sydney","QLD", "Australia/Brisbane", "SA", "Australia/Adelaide")',
    attributes: { state: 'QLD' },
    expected: 'Australia/Brisbane',
  },
  {
    fn: 'Switch',
    expression:
      'Switch([state], "Australia/Sydney", "NSW", "Australia/Sydney","QLD", "Australia/Brisbane", "SA", "Australia/Adelaide")',
    attributes: { state: 'WA' },
    expected: 'Australia/Sydney',
  },
  {
    fn: 'Switch',
    expression: 'Switch(ToLower([statusFlag]), "0", "true", "1", "false", "0")',
    attributes: { statusFlag: 'TRUE' },
    expected: '1',
  },
  {
    fn: 'Switch',
    expression: 'Switch([statusFlag], "Default Value", "true", "1", "", "0")',
    attributes: { statusFlag: '' },
    expected: '0',
  },
  {
    fn: 'Switch',
    expression: 'Switch([statusFlag], "Default Value", "true", "1", "", "0")',
    expected: '0',
    note: 'null matches ""',
  },
  {
    fn: 'Switch',
    expression: 'Switch([statusFlag], "Default Value", "true", "1", "", "0")',
    attributes: { statusFlag: 'True' },
    expected: 'Default Value',
    note: 'case-sensitive',
  },
  { fn: 'Switch', expression: 'Switch([country],[country],"","Other")', expected: 'Other' },
  {
    fn: 'Switch',
    expression: 'Switch([country],[country],"","Other")',
    attributes: { country: 'France' },
    expected: 'France',
  },
  {
    fn: 'Switch',
    expression: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")',
    attributes: { IsSoftDeleted: 'False' },
    expected: 'True',
    note: "Entra's default active mapping",
  },
  {
    fn: 'Switch',
    expression: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")',
    attributes: { IsSoftDeleted: 'True' },
    expected: 'False',
  },
  // ToLower, ToUpper
  {
    fn: 'ToLower',
    expression:
      'ToLower(Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [PreferredFirstName], [PreferredLastName]))), "contoso.com"))',
    attributes: { PreferredFirstName: 'John', PreferredLastName: 'Smith' },
    expected: 'john.smith@contoso.com',
  },
  {
    fn: 'ToLower',
    expression: 'ToLower("ISTANBUL", "tr-TR")',
    expected: 'ıstanbul',
    note: '[roster] culture',
  },
  {
    fn: 'ToUpper',
    expression: 'ToUpper([givenName])',
    attributes: { givenName: 'Zoë' },
    expected: 'ZOË',
  },
  // Word
  { fn: 'Word', expression: 'Word("The quick brown fox",3," ")', expected: 'brown' },
  { fn: 'Word', expression: 'Word("This,string!has&many separators",3,",!&#")', expected: 'has' },
  { fn: 'Word', expression: 'Word("one two", 5, " ")', expected: '' },
  { fn: 'Word', expression: 'Word([missing], 1, " ")', expected: '' },
  // S8's closing examples
  {
    fn: 'Append',
    expression: 'Append(Mid([givenName], 1, 3), Mid([surname], 1, 5))',
    attributes: { givenName: 'John', surname: 'Doe' },
    expected: 'JohDoe',
  },
  {
    fn: 'Coalesce',
    expression: 'Join(" ", [givenName], [surname])',
    attributes: { givenName: 'Joy', surname: 'Young' },
    expected: 'Joy Young',
    note: "Entra's default name.formatted",
  },
]
