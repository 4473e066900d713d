import type { NavEntry } from '../types.ts';

export const documentsNavigation: NavEntry[] = [{ path: '/documents', label: 'nav.documents', order: 93, visible: () => true }];
