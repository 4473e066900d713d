/** The invoices module: what other modules may use of it. */
export { invoicesModule } from './module.ts';
