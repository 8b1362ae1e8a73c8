#!/usr/bin/env bash
# `timon build` never loses the previous output: killed midway (SIGKILL), on a full disk (a
# tiny tmpfs) or on a read-only file system, the previous build stays as it was, whole, and the
# errors are clear. Needs root for the tmpfs mounts (CI runs as root).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --locked --quiet -p timon
timon=$(pwd)/target/debug/timon
work=$(mktemp -d)
mounted=""
cleanup() { [ -n "$mounted" ] && umount "$mounted" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# A project of N apps, each a Deployment, a claim, a Service and a route.
generate() {
  python3 - "$1" "$2" <<'PY'
import pathlib, sys
folder, apps = pathlib.Path(sys.argv[1]), int(sys.argv[2])
folder.mkdir(parents=True, exist_ok=True)
lines = ['import std.traefik', 'environment prd { namespace prd }',
         'storage fast { provisioner "csi.vsphere.vmware.com" default }']
for index in range(apps):
    lines.append(f'''app app{index} {{
  tier web {{
    volume data claim 10Gi
    container web {{
      image "registry.example.com/app{index}:1.0.{index}"
      resources {{ cpu 100m..500m  memory 128Mi..256Mi }}
      port http 8080
      mount data at "/data"
    }}
    route "app{index}.example.com" to http {{ tls resolver le }}
  }}
}}''')
(folder / "apps.timon").write_text("\n".join(lines) + "\n")
PY
}
fingerprint() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum) ; }

# 1. Killed midway: the output folder is the old build or the new one, never a mix.
generate "$work/big" 800
"$timon" build "$work/big" --env prd -o "$work/out" > /dev/null 2>&1
old=$(fingerprint "$work/out")
sed -i 's/:1\.0\./:2.0./' "$work/big/apps.timon"
"$timon" build "$work/big" --env prd -o "$work/new" > /dev/null 2>&1
new=$(fingerprint "$work/new" | sed 's#\./#./#')
kills=0
for delay in 0.05 0.15 0.3 0.5 0.8; do
  "$timon" build "$work/big" --env prd -o "$work/out" > /dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null && kills=$((kills + 1)) || true
  wait "$pid" 2>/dev/null || true
  now=$(fingerprint "$work/out")
  if [ "$now" != "$old" ] && [ "$now" != "$new" ]; then
    echo "after SIGKILL at ${delay}s the output is neither the old nor the new build"; exit 1
  fi
  # Back to the old build for the next round.
  rm -rf "$work/out"; sed -i 's/:2\.0\./:1.0./' "$work/big/apps.timon"
  "$timon" build "$work/big" --env prd -o "$work/out" > /dev/null 2>&1
  sed -i 's/:1\.0\./:2.0./' "$work/big/apps.timon"
done
echo "SIGKILL during build: $kills kills, the output was always one whole build"

# 2. A full disk: the build fails clearly and the previous output stays.
mkdir -p "$work/tiny"
mount -t tmpfs -o size=512k tmpfs "$work/tiny"
mounted="$work/tiny"
generate "$work/small" 5
"$timon" build "$work/small" --env prd -o "$work/tiny/out" > /dev/null 2>&1
before=$(fingerprint "$work/tiny/out")
generate "$work/huge" 600
if "$timon" build "$work/huge" --env prd -o "$work/tiny/out" > /dev/null 2> "$work/full.log"; then
  echo "the build succeeded on a full disk"; exit 1
fi
grep -qi "no space left" "$work/full.log" || { cat "$work/full.log"; echo "no clear disk-full error"; exit 1; }
[ "$(fingerprint "$work/tiny/out")" = "$before" ] || { echo "the previous output changed on a full disk"; exit 1; }
[ -z "$(find "$work/tiny" -maxdepth 1 -name '.out.timon-tmp-*')" ] || { echo "a staging folder was left behind"; exit 1; }
echo "disk full: $(head -1 "$work/full.log")"

# 3. A read-only file system: the same.
mount -o remount,ro "$work/tiny"
if "$timon" build "$work/small" --env prd -o "$work/tiny/out" > /dev/null 2> "$work/ro.log"; then
  echo "the build succeeded on a read-only file system"; exit 1
fi
grep -qi "read-only" "$work/ro.log" || { cat "$work/ro.log"; echo "no clear read-only error"; exit 1; }
[ "$(fingerprint "$work/tiny/out")" = "$before" ] || { echo "the previous output changed"; exit 1; }
echo "read-only: $(head -1 "$work/ro.log")"

# 4. A missing output parent is an error, not a silent mkdir -p of a typo.
if "$timon" build "$work/small" --env prd -o "$work/no/such/parent/out" > /dev/null 2> "$work/missing.log"; then
  echo "the build created a missing parent"; exit 1
fi
echo "missing parent: $(head -1 "$work/missing.log")"
