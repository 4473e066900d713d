/** The platform operator's bootstrapping (its key, member profile and admin user), which identity owns. */
export { ensureOperator, type OperatorIdentity } from '../modules/identity/index.ts';
