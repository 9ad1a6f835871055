import type { BenchRow } from './row.js';
import { readBytesRow, readTextHashRow, readTextRow } from './floor.js';
import { readHashRow, readNamesRow, readScanRow } from './lower-bounds.js';
import { fastXmlParserRow, saxRow, xml2jsRow } from './libraries.js';
import { planRow, readPlanRow, readRow } from './read-plan.js';
import { cliAuditModulesRow, cliAuditRow, nodeReadRow, nodeStartupRow } from './processes.js';
import { packageRows } from './package.js';

/** Every row, in table order. The apply path (real pwsh) adds its rows here as further modules. */
export const rows: BenchRow[] = [readTextHashRow, readBytesRow, readTextRow, readHashRow, readScanRow, readNamesRow, planRow, readRow, readPlanRow, saxRow, fastXmlParserRow, xml2jsRow, nodeStartupRow, nodeReadRow, cliAuditRow, cliAuditModulesRow, ...packageRows];
