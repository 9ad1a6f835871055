/**
 * The only PowerShell code Node ever sends: a fixed call line into the static
 * agent module, `Function-Name -PayloadBase64 '<base64>'`. The function name
 * comes from this allow-list; the data travels as base64 of UTF-8 JSON, whose
 * alphabet cannot end a single-quoted string or start an expression. Nothing
 * from a configuration or desired-state file is ever pasted into code, and
 * node-powershell's own interpolation (double quotes, where `$(...)` runs) is
 * never used.
 */
export const AGENT_FUNCTIONS = ['Test-FtpsEnforcerPrerequisites', 'Invoke-FtpsEnforcerApply', 'Restore-FtpsEnforcerBackup', 'Get-FtpsHostFacts', 'Invoke-FtpsHostActions', 'Get-FtpsFileAcl'] as const;
export type AgentFunction = (typeof AGENT_FUNCTIONS)[number];

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function buildAgentCall(fn: AgentFunction, payload: unknown): string {
  if (!(AGENT_FUNCTIONS as readonly string[]).includes(fn)) throw new Error(`not an agent function: ${String(fn)}`);
  const b64 = Buffer.from(JSON.stringify(payload ?? {}), 'utf8').toString('base64');
  if (!BASE64.test(b64)) throw new Error('base64 encoding produced an unexpected character');
  return `${fn} -PayloadBase64 '${b64}'`;
}

/**
 * Loads the agent module. Fixed text: the module path reaches PowerShell through
 * the child's environment (FTPS_ENFORCER_AGENT_MODULE), never through the code.
 */
export const SESSION_SETUP_LINE =
  "[Console]::OutputEncoding = [System.Text.Encoding]::UTF8; $ProgressPreference = 'SilentlyContinue'; $ErrorActionPreference = 'Stop'; Import-Module -Name $env:FTPS_ENFORCER_AGENT_MODULE -Force";

// Terminal control sequences the console host writes around each line it reads from stdin (e.g. ESC[?1h).
const CONTROL_SEQUENCE = /\u001b\[[0-9;?]*[A-Za-z]/g;

/** The agent's answer: the last line of stdout that is a JSON object (anything else is noise, e.g. warnings). */
export function parseAgentOutput(stdout: string): unknown {
  const lines = stdout.replace(CONTROL_SEQUENCE, '').split(/\r?\n/).map((l) => l.trim()).filter((l) => l.startsWith('{'));
  const last = lines[lines.length - 1];
  if (last === undefined) return undefined;
  try {
    return JSON.parse(last);
  } catch {
    return undefined;
  }
}
