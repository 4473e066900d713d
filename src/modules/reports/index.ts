/** The reports module: what other modules may use of it. */
export { reportsModule } from './module.ts';
