import type { ConsolePage } from '../types.ts';
import { ConsortiaPage } from './Consortia/ConsortiaPage.tsx';
import { MembersPage } from './Members/MembersPage.tsx';

export const identityPages: ConsolePage[] = [
  { path: '/members', render: () => <MembersPage /> },
  { path: '/consortia', render: () => <ConsortiaPage /> },
];
