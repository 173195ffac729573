// Device names (xMatters Device Management): each email or phone element's `type` names one, directly
// (`Work Email`) or through a SCIM canonical alias (`work`). Both match ignoring case.

export type DeviceKind = 'email' | 'phone'

export interface DeviceName {
  readonly name: string
  readonly kind: DeviceKind
  /** SCIM canonical `type` values (RFC 7643 §4.1.2) that mean this device. */
  readonly aliases: readonly string[]
}

export const DEFAULT_DEVICES: readonly DeviceName[] = [
  { name: 'Work Email', kind: 'email', aliases: ['work'] },
  { name: 'Home Email', kind: 'email', aliases: ['home'] },
  { name: 'Other Email', kind: 'email', aliases: ['other'] },
  { name: 'Work Phone', kind: 'phone', aliases: ['work'] },
  { name: 'Home Phone', kind: 'phone', aliases: ['home'] },
  { name: 'Mobile Phone', kind: 'phone', aliases: ['mobile'] },
  { name: 'SMS Phone', kind: 'phone', aliases: [] },
]

/** The device name a `type` means for this kind, or undefined when the tenant has none. */
export function resolveDevice(
  type: string,
  kind: DeviceKind,
  devices: readonly DeviceName[],
): string | undefined {
  const wanted = type.trim().toLowerCase()
  const ofKind = devices.filter((d) => d.kind === kind)
  return (
    ofKind.find((d) => d.name.toLowerCase() === wanted) ??
    ofKind.find((d) => d.aliases.some((a) => a.toLowerCase() === wanted))
  )?.name
}
