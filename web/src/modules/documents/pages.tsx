import type { ConsolePage } from '../types.ts';
import { DocumentsPage } from './Documents/DocumentsPage.tsx';

export const documentsPages: ConsolePage[] = [{ path: '/documents', render: () => <DocumentsPage /> }];
