// A change the Settings page refuses: its message is shown to the admin (a 400 page), never a stack.
export class SettingError extends Error {}
