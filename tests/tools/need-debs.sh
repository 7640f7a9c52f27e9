#!/bin/sh
# need-debs.sh PKG[/COMMAND]...: install the Debian packages that are missing,
# as root; otherwise stop with the exact apt-get line to run.  PKG/COMMAND
# counts as present when COMMAND is on the PATH (node and npm, for example,
# may come from elsewhere than Debian's packages).
missing=""
for spec in "$@"; do
    p=${spec%%/*}
    c=${spec#*/}
    [ "$c" != "$spec" ] && command -v "$c" >/dev/null 2>&1 && continue
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
    echo "loa: installing missing Debian packages:$missing"
    export DEBIAN_FRONTEND=noninteractive
    # Two make jobs may both find packages missing: apt's own lock would fail
    # the second at once, so they take turns on ours.
    exec 9>/tmp/loa-need-debs.lock
    flock 9
    apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null \
        || { echo "loa: apt-get install failed for:$missing" >&2; exit 1; }
else
    echo "loa: missing Debian packages. Run:" >&2
    echo "    sudo apt-get install$missing" >&2
    exit 1
fi
