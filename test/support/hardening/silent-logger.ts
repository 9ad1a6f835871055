import type { Logger } from '../../../src/log/logger.js';

/** A Logger that drops everything: for in-process planning in tests. */
export const silentLogger: Logger = { error() {}, warn() {}, info() {}, debug() {}, close: async () => {} };
