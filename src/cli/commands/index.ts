import type { CliCommand } from '../command.js';
import { auditCommand } from './audit.js';
import { applyCommand } from './apply.js';
import { decodePasvCommand } from './decode-pasv.js';
import { probeCommand } from './probe.js';
import { logsCommand } from './logs.js';
import { lbConfigCommand } from './lb-config.js';
import { fleetCommand } from './fleet.js';
import { dscCommand } from './dsc.js';
import { scheduleCommand } from './schedule.js';
import { rolloutCommand } from './rollout.js';

/** Every command of the CLI; each file declares its options and lazily loads its work. */
export const commands: CliCommand[] = [auditCommand, applyCommand, decodePasvCommand, probeCommand, logsCommand, lbConfigCommand, fleetCommand, dscCommand, scheduleCommand, rolloutCommand];
