/** The devices module: what other modules may use of it. */
export { devicesModule } from './module.ts';
export { deviceRegistry, telemetryAnchor } from './contracts.ts';
export { setPermittedArea, type PermittedArea } from './telemetry/queries.ts';
export { readingHash, readingLeaf, signReading, type Reading } from './telemetry/reading.ts';
export { verifyMerkleProof } from './telemetry/merkle.ts';
export { deviceIdHex, findAnchoredReading, type AnchoredReading, type ReadingLookup, type ReadingSelector } from './telemetry/anchoredReading.ts';
export { connectSimulatedDevice, type SimulatedDevice } from './telemetry/simulate.ts';
