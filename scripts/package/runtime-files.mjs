// Kept apart from package.mjs so a test can check it against what the code opens at run time
// (test/package/runtime-files.test.ts): a file the code needs but the release lacks fails there, not on a server.
/** What ships beside the executable, as [from (package root), to (release root)]. */
export const RUNTIME_FILES = [
  ['schema/desired-state.schema.json', 'schema/desired-state.schema.json'],
  ['scripts/FtpsEnforcer', 'scripts/FtpsEnforcer'],
  ['scripts/FtpsEnforcer.Agent', 'scripts/FtpsEnforcer.Agent'],
  ['scripts/Invoke-FtpsEnforcerFleet.ps1', 'scripts/Invoke-FtpsEnforcerFleet.ps1'],
  // rollout's remoting: the script it runs locally, and the session count it ships to each backend.
  ['scripts/Invoke-FtpsEnforcerRemote.ps1', 'scripts/Invoke-FtpsEnforcerRemote.ps1'],
  ['scripts/Get-FtpServiceSessions.ps1', 'scripts/Get-FtpServiceSessions.ps1'],
];
