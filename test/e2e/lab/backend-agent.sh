#!/bin/sh
# ftps-enforcer as installed on a lab backend, started by PowerShell remoting (rollout's --agent-command).
# On Windows the agent finds applicationHost.config in IIS's own folder; here each backend has its own file,
# so this wrapper adds --config (and the PowerShell the WebAdministration double runs in). The backend's sshd
# sets LAB_CLI, LAB_PWSH, FTPS_DOUBLE_APPHOST and, when running from TypeScript sources, LAB_NODE_IMPORT.
set -eu
: "${LAB_CLI:?the lab sets LAB_CLI}"
: "${FTPS_DOUBLE_APPHOST:?the lab sets FTPS_DOUBLE_APPHOST}"
if [ -n "${LAB_NODE_IMPORT:-}" ]; then
  exec node --import "$LAB_NODE_IMPORT" "$LAB_CLI" "$@" --config "$FTPS_DOUBLE_APPHOST" --powershell "$LAB_PWSH"
fi
exec node "$LAB_CLI" "$@" --config "$FTPS_DOUBLE_APPHOST" --powershell "$LAB_PWSH"
