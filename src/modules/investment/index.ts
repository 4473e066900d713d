export { investmentModule } from './module.ts';
