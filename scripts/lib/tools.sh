# Installs the external programs the local stack and the tests need, once, into a cache outside
# the clone ($PROST_CACHE, default ~/.cache/prost) so fresh clones reuse them.
# Sourced by scripts/start.sh, scripts/test.sh and anything else that needs a tool.

PROST_CACHE=${PROST_CACHE:-$HOME/.cache/prost}
PROST_BIN=$PROST_CACHE/bin
mkdir -p "$PROST_BIN" "$PROST_CACHE/logs"
# Nothing we run phones home (turbo's anonymous telemetry is on by default).
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1

say() { printf '\033[1;33m[prost]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[prost]\033[0m %s\n' "$*" >&2; exit 1; }

# ensure_go_tool BINARY PACKAGE MODULE VERSION ['REPLACE LINE'...]: builds a Go program once and
# prints its path. A dependency's own `replace` directives are ignored by Go, so modules that need
# them (OpenTofu) pass them to be repeated in the throwaway module.
# It builds inside a throwaway module that requires MODULE@VERSION rather than `go install pkg@v`,
# because `go install` also asks the proxy for the module's version list (deprecation check), and
# some proxies refuse that list for modules whose chosen version they do serve.
# The binary name carries the version, so a version bump rebuilds.
ensure_go_tool() {
  local bin=$1 package=$2 module=$3 version=$4
  shift 4
  local target="$PROST_BIN/$bin-$version"
  if [ -x "$target" ]; then printf '%s\n' "$target"; return 0; fi
  command -v go >/dev/null 2>&1 || die "Go is needed to build $bin ($module@$version); install Go 1.22+ and run again."
  say "building $bin $version from $module (once, a few minutes; cached in $PROST_BIN) ..."
  local work log="$PROST_CACHE/logs/$bin.log" replace
  work=$(mktemp -d)
  {
    printf 'module prost.local/tools\n\ngo 1.24\n\nrequire %s %s\n' "$module" "$version"
    for replace in "$@"; do printf '\nreplace %s\n' "$replace"; done
  } >"$work/go.mod"
  printf '//go:build tools\n\npackage tools\n\nimport _ "%s"\n' "$package" >"$work/tools.go"
  if ! (cd "$work" && GOFLAGS=-mod=mod GOTOOLCHAIN=local go mod tidy &&
        GOTOOLCHAIN=local go build -p 2 -trimpath -o "$target.tmp" "$package") >"$log" 2>&1; then
    rm -rf "$work" "$target.tmp"
    die "could not build $bin: see $log"
  fi
  mv "$target.tmp" "$target" && rm -rf "$work"
  printf '%s\n' "$target"
}

# FerretDB embeds build/version/version.txt, which `bin/task gen-version` writes in its own repo and
# which the published module lacks (the binary panics without it). So: download the module, copy it
# somewhere writable, write the file, build it as the main module.
ensure_ferretdb() {
  local version=v1.24.0
  local target="$PROST_BIN/ferretdb-$version"
  if [ -x "$target" ]; then printf '%s\n' "$target"; return 0; fi
  command -v go >/dev/null 2>&1 || die "Go is needed to build FerretDB; install Go 1.22+ and run again."
  say "building FerretDB $version (once, about two minutes; cached in $PROST_BIN) ..."
  local work log="$PROST_CACHE/logs/ferretdb.log" dir
  work=$(mktemp -d)
  if ! (cd "$work" && printf 'module prost.local/tools\n\ngo 1.22\n' >go.mod &&
        dir=$(GOFLAGS=-mod=mod GOTOOLCHAIN=local go mod download -json "github.com/FerretDB/FerretDB@$version" |
              sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p') && [ -n "$dir" ] &&
        cp -r "$dir" src && chmod -R u+w src && printf '%s\n' "$version" >src/build/version/version.txt &&
        cd src && GOFLAGS=-mod=mod GOTOOLCHAIN=local go build -trimpath -o "$target.tmp" ./cmd/ferretdb) >"$log" 2>&1; then
    rm -rf "$work" "$target.tmp"
    die "could not build FerretDB: see $log"
  fi
  mv "$target.tmp" "$target" && rm -rf "$work"
  printf '%s\n' "$target"
}

# ensure_apt_package COMMAND PACKAGE: installs a Debian package when its command is missing.
ensure_apt_package() {
  local cmd=$1 pkg=$2
  command -v "$cmd" >/dev/null 2>&1 && return 0
  [ -x "/usr/sbin/$cmd" ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing $pkg (Debian package) ..."
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >"$PROST_CACHE/logs/apt-$pkg.log" 2>&1; then
      apt-get update -qq >/dev/null 2>&1
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >"$PROST_CACHE/logs/apt-$pkg.log" 2>&1 ||
        die "could not install $pkg: see $PROST_CACHE/logs/apt-$pkg.log"
    fi
  else
    die "$cmd is missing: install the '$pkg' package (e.g. sudo apt-get install $pkg) and run again."
  fi
}

# Debian's Chromium for the browser tests (playwright-core drives it; `npx playwright install` cannot
# download here), with an emoji font so screenshots show what a phone shows.
ensure_browser() {
  ensure_apt_package chromium chromium
  if ! dpkg-query -W -f='${Status}' fonts-noto-color-emoji 2>/dev/null | grep -q "ok installed"; then
    if [ "$(id -u)" = 0 ]; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-color-emoji >"$PROST_CACHE/logs/apt-fonts.log" 2>&1 ||
        say "fonts-noto-color-emoji could not be installed: emoji in screenshots may show as boxes."
    fi
  fi
}

# FerretDB stores its data in PostgreSQL (scripts/stack/postgres.ts): the client always, the server
# only when none answers locally. Best effort: without them FerretDB falls back to SQLite files.
ensure_postgres_packages() {
  command -v psql >/dev/null 2>&1 || ensure_apt_package psql postgresql-client
  if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null &&
    ! psql -h 127.0.0.1 -U postgres -d postgres -XAtqc 'select 1' >/dev/null 2>&1 &&
    [ "$(id -u)" = 0 ]; then
    say "installing postgresql (Debian package) ..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >"$PROST_CACHE/logs/apt-postgresql.log" 2>&1 ||
      say "postgresql could not be installed: FerretDB will keep its data in SQLite files (slower)."
  fi
}

# name, package, module, version
MINIO_TOOL="minio github.com/minio/minio github.com/minio/minio v0.0.0-20260212201848-7aac2a2c5b7c"
HELM_TOOL="helm helm.sh/helm/v3/cmd/helm helm.sh/helm/v3 v3.16.4"
TOXIPROXY_TOOL="toxiproxy github.com/Shopify/toxiproxy/v2/cmd/server github.com/Shopify/toxiproxy/v2 v2.12.0"
# The Jaeger v2 binary (module version v1.75.0 = Jaeger 2.12). Its go.mod pins sarama with a
# `replace`, which Go ignores in a dependency, so it is repeated here.
JAEGER_TOOL="jaeger github.com/jaegertracing/jaeger/cmd/jaeger github.com/jaegertracing/jaeger v1.75.0"
JAEGER_REPLACES=("github.com/Shopify/sarama => github.com/Shopify/sarama v1.33.0")

# npm ci when node_modules is missing or older than the lock file.
ensure_node_modules() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm packages (npm ci) ..."
    npm ci --no-audit --no-fund --loglevel=error || die "npm ci failed; see the output above."
  fi
}

# Everything the local stack runs, installed or built once; exports the paths for scripts/stack/*.ts.
ensure_stack_tools() {
  ensure_apt_package haproxy haproxy
  ensure_apt_package redis-server redis-server
  ensure_apt_package redis-cli redis-tools
  ensure_apt_package rabbitmq-server rabbitmq-server
  ensure_postgres_packages
  PROST_FERRETDB_BIN=$(ensure_ferretdb) || exit 1
  PROST_MINIO_BIN=$(ensure_go_tool $MINIO_TOOL) || exit 1
  PROST_TOXIPROXY_BIN=$(ensure_go_tool $TOXIPROXY_TOOL) || exit 1
  PROST_HAPROXY_BIN=$(command -v haproxy || echo /usr/sbin/haproxy)
  export PROST_FERRETDB_BIN PROST_MINIO_BIN PROST_TOXIPROXY_BIN PROST_HAPROXY_BIN
  # The local trace backend (npm start, and the tracing tests); PROST_TRACING=off skips it. Its
  # module needs Go >= 1.24.6: with an older Go everything else still runs, without traces.
  if [ "${PROST_TRACING:-on}" != off ]; then
    if PROST_JAEGER_BIN=$(ensure_go_tool $JAEGER_TOOL "${JAEGER_REPLACES[@]}"); then
      export PROST_JAEGER_BIN
    else
      unset PROST_JAEGER_BIN
      say "Jaeger could not be built (see $PROST_CACHE/logs/jaeger.log; it needs Go >= 1.24.6): no local traces this time."
    fi
  fi
  export PATH="$PATH:/usr/sbin"
}
