import type { ReactElement } from 'react';
import type { MessageKey } from '../i18n/en.ts';
import type { Capabilities } from '../session/roles.ts';

/** A page of a module's part of the console, at a path (`/claims/:id` passes `id`). */
export interface ConsolePage {
  path: string;
  render(params: Record<string, string>): ReactElement;
}

/** A menu entry: its label, who sees it (from the signed-in enterprise's roles), and its place in the menu. */
export interface NavEntry {
  path: string;
  label: MessageKey;
  /** Lower first; the shell's Home is 0 and Status 100. */
  order: number;
  visible(c: Capabilities): boolean;
}
