/** The banking module: what other modules may use of it. */
export { bankingModule } from './module.ts';
