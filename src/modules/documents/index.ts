/** The documents module: what other modules may use of it. */
export { documentsModule } from './module.ts';
