#!/usr/bin/env bash
# CI step (.ci/run): build the release, then test what ships.
#  1. The Linux executable passes the CLI tests that do not need Node itself (audit on fixtures, errors,
#     decode-pasv, lb-config, and probe in the lab), started directly with a failing `node` first on PATH
#     (FTPS_ENFORCER_CLI, test/support/run-cli.ts).
#  2. The Windows executable runs under Debian's wine64: --version, and an audit of a fixture written with
#     --output (Node's stdout into a pipe fails under wine; stdin from /dev/null; Z:/ paths).
# Prints how long each part took. Needs: npm run build done, pwsh, zip/unzip, wine64, the lab's packages.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
secs() { echo $(( $(date +%s) - $1 )); }
work="$(mktemp -d)"
cleanup() {
  # wineserver outlives the last wine process for a few seconds and keeps writing to the prefix.
  if [ -n "${WINEPREFIX:-}" ] && [ -x "${wineserver:-}" ]; then "$wineserver" -k 2>/dev/null || true; fi
  rm -rf "$work" 2>/dev/null || true
}
trap cleanup EXIT

t=$(date +%s)
npm run package
echo "release check: npm run package took $(secs "$t") s"
version="$(node -p 'require("./package.json").version')"

t=$(date +%s)
tar -xzf "release/ftps-enforcer-$version-linux-x64.tar.gz" -C "$work"
export FTPS_ENFORCER_CLI="$work/ftps-enforcer-$version-linux-x64/ftps-enforcer"
node --test --test-reporter=dot dist/test/integration/cli/ dist/test/integration/lb-config/lb-config-cli.test.js dist/test/package/cli-decode-pasv.test.js
# The whole lab: its later probe tests need the backends the apply test fixes (here through the executable).
flock /tmp/ftps-e2e.lock node --test --test-reporter=dot dist/test/e2e/lab.test.js
# The scheduled task an executable registers starts that executable alone (src/package-file.ts, selfCommand),
# and schedule install finds the agent module beside it (ScheduledTasks and Get-Acl doubles, real pwsh).
mkdir -p "$work/task/pd"
cp fixtures/desired.json "$work/task/pd/desired.json"
PSModulePath="$root/test/doubles" FTPS_DOUBLE_STATE_DIR="$work/task/state" FTPS_DOUBLE_ACL_FILE="$work/task/acl.json" \
  "$FTPS_ENFORCER_CLI" schedule install --every 15m --desired "$work/task/pd/desired.json" --powershell "${PWSH:-pwsh}" >/dev/null
node -e '
  const t = [JSON.parse(require("fs").readFileSync(process.argv[1], "utf8").replace(/^\uFEFF/, ""))].flat()[0];
  const a = t.Actions[0];
  if (a.Execute !== process.argv[2] || !a.Arguments.startsWith("schedule run ")) { console.error("release check: the task starts", a); process.exit(1); }
' "$work/task/state/scheduled-tasks.json" "$FTPS_ENFORCER_CLI"
unset FTPS_ENFORCER_CLI
echo "release check: the Linux executable's CLI, lab and schedule tests took $(secs "$t") s"

t=$(date +%s)
wine="$(command -v wine64 || echo /usr/lib/wine/wine64)"
wineserver="$(command -v wineserver || echo /usr/lib/wine/wineserver64)"
export WINEDEBUG=-all WINEPREFIX="$work/wine"
mkdir -p "$work/win"
unzip -q "release/ftps-enforcer-$version-win-x64.zip" -d "$work/win"
# node.exe refuses wine's default Windows version; the first start of a prefix takes ~20 s.
"$wine" winecfg -v win10 </dev/null >/dev/null 2>&1
"$wine" "$work/win/ftps-enforcer.exe" --version </dev/null >"$work/version.txt" 2>"$work/version.err" ||
  { echo "release check: ftps-enforcer.exe --version failed:" >&2; cat "$work/version.err" >&2; exit 1; }
got="$(tr -d '\r\n' <"$work/version.txt")"
[ "$got" = "$version" ] || { echo "release check: ftps-enforcer.exe --version printed '$got', not $version" >&2; exit 1; }
set +e
"$wine" "$work/win/ftps-enforcer.exe" audit --config "Z:$root/fixtures/broken-backend/applicationHost.config" \
  --desired "Z:$root/fixtures/desired.json" --format json --output "Z:$work/report.json" </dev/null >/dev/null 2>"$work/audit.err"
code=$?
set -e
[ "$code" = 2 ] || { echo "release check: ftps-enforcer.exe audit exited $code, not 2 (drift):" >&2; cat "$work/audit.err" >&2; exit 1; }
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const ok = r.command === "audit" && r.compliant === false && r.exitCode === 2 && r.tool.version === process.argv[2];
  if (!ok) { console.error("release check: unexpected report from ftps-enforcer.exe:", JSON.stringify(r).slice(0, 400)); process.exit(1); }
' "$work/report.json" "$version"
echo "release check: ftps-enforcer.exe under wine (--version, audit --output) took $(secs "$t") s"
