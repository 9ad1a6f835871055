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
trap 'rm -rf "$work"' EXIT

t=$(date +%s)
npm run package
echo "release check: npm run package took $(secs "$t") s"
version="$(node -p 'require("./package.json").version')"

t=$(date +%s)
tar -xzf "release/ftps-enforcer-$version-linux-x64.tar.gz" -C "$work"
export FTPS_ENFORCER_CLI="$work/ftps-enforcer-$version-linux-x64/ftps-enforcer"
node --test --test-reporter=dot dist/test/integration/cli/ dist/test/integration/lb-config/lb-config-cli.test.js dist/test/package/cli-decode-pasv.test.js
flock /tmp/ftps-e2e.lock node --test --test-reporter=dot --test-name-pattern='lb-config generates|broken backends|certificate|without the passive range|without persistence' dist/test/e2e/lab.test.js
unset FTPS_ENFORCER_CLI
echo "release check: the Linux executable's CLI and lab tests took $(secs "$t") s"

t=$(date +%s)
wine="$(command -v wine64 || echo /usr/lib/wine/wine64)"
export WINEDEBUG=-all WINEPREFIX="$work/wine"
mkdir -p "$work/win"
unzip -q "release/ftps-enforcer-$version-win-x64.zip" -d "$work/win"
# node.exe refuses wine's default Windows version; the first start of a prefix takes ~20 s.
"$wine" winecfg -v win10 </dev/null >/dev/null 2>&1
"$wine" "$work/win/ftps-enforcer.exe" --version </dev/null >"$work/version.txt"
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
