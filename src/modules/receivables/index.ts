/** The receivables module: what other modules may use of it (nothing yet beyond its descriptor). */
export { receivablesModule } from './module.ts';
