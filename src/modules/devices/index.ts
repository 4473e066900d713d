/** The devices module: what other modules may use of it. */
export { devicesModule } from './module.ts';
export { deviceRegistry, telemetryAnchor } from './contracts.ts';
