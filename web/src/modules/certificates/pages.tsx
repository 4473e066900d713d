import type { ConsolePage } from '../types.ts';
import { CertificatesPage } from './Certificates/CertificatesPage.tsx';

export const certificatesPages: ConsolePage[] = [{ path: '/certificates', render: () => <CertificatesPage /> }];
