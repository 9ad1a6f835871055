#!/bin/sh
# ftpsvc restart hook for the WebAdministration double (env FTPS_DOUBLE_RESTART_HOOK):
# $1 is the effective applicationHost.config. Renders this backend's vsftpd.conf from it and
# restarts vsftpd in the backend's namespace (lab/restart-backend.ts). The lab sets
# LAB_BACKEND_DIR, LAB_RESTART_SCRIPT and, when running from TypeScript sources, LAB_NODE_IMPORT=tsx.
set -eu
: "${LAB_BACKEND_DIR:?the lab sets LAB_BACKEND_DIR}"
: "${LAB_RESTART_SCRIPT:?the lab sets LAB_RESTART_SCRIPT}"
if [ -n "${LAB_NODE_IMPORT:-}" ]; then
  exec node --import "$LAB_NODE_IMPORT" "$LAB_RESTART_SCRIPT" "$1"
fi
exec node "$LAB_RESTART_SCRIPT" "$1"
