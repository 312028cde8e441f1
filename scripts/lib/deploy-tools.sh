# Tools for the offline deployment checks (test/deploy): helm, terraform or OpenTofu, and promtool.
# Source after tools.sh:  source scripts/lib/tools.sh; source scripts/lib/deploy-tools.sh; ensure_deploy_tools

# HELM_TOOL comes from tools.sh.
# terraform itself cannot come from the Go module proxy: its go.mod replaces its backend modules
# with local directories. OpenTofu only replaces hcl with OpenTofu's fork, which can be repeated.
# name, package, module, version, replace directive (copied from opentofu's go.mod at that version)
TOFU_TOOL="tofu github.com/opentofu/opentofu/cmd/tofu github.com/opentofu/opentofu v1.10.6"
TOFU_REPLACE="github.com/hashicorp/hcl/v2 v2.20.1 => github.com/opentofu/hcl/v2 v2.20.2-0.20250121132637-504036cd70e7"

# promtool checks and unit-tests the chart's PrometheusRule. Debian and Ubuntu ship it in the
# `prometheus` package; only promtool is taken out of it (installing the package would also start a
# Prometheus server).

# ensure_deploy_tools: exports PROST_HELM_BIN and PROST_TERRAFORM_BIN (terraform on PATH, else a
# cached or freshly built OpenTofu; PROST_SKIP_TOFU_BUILD=1 leaves it unset rather than building),
# and PROST_PROMTOOL_BIN (promtool on PATH, else taken from the Debian package, when apt has it).
ensure_deploy_tools() {
  if [ -z "${PROST_HELM_BIN:-}" ]; then
    if command -v helm >/dev/null 2>&1; then
      PROST_HELM_BIN=$(command -v helm)
    else
      # shellcheck disable=SC2086 # the tool line is four words on purpose
      PROST_HELM_BIN=$(ensure_go_tool $HELM_TOOL)
    fi
  fi
  export PROST_HELM_BIN
  # Also where `go install helm.sh/helm/v3/cmd/helm` would put it, so tools that look there find it.
  if [ ! -e "$HOME/go/bin/helm" ]; then mkdir -p "$HOME/go/bin" && ln -s "$PROST_HELM_BIN" "$HOME/go/bin/helm"; fi

  if [ -z "${PROST_TERRAFORM_BIN:-}" ]; then
    local tofu_version=${TOFU_TOOL##* }
    if command -v terraform >/dev/null 2>&1; then
      PROST_TERRAFORM_BIN=$(command -v terraform)
    elif command -v tofu >/dev/null 2>&1; then
      PROST_TERRAFORM_BIN=$(command -v tofu)
    elif [ -x "$PROST_BIN/tofu-$tofu_version" ] || [ "${PROST_SKIP_TOFU_BUILD:-0}" != 1 ]; then
      # shellcheck disable=SC2086
      PROST_TERRAFORM_BIN=$(ensure_go_tool $TOFU_TOOL "$TOFU_REPLACE")
    fi
  fi
  [ -n "${PROST_TERRAFORM_BIN:-}" ] && export PROST_TERRAFORM_BIN

  if [ -z "${PROST_PROMTOOL_BIN:-}" ]; then
    if command -v promtool >/dev/null 2>&1; then
      PROST_PROMTOOL_BIN=$(command -v promtool)
    else
      PROST_PROMTOOL_BIN=$(ensure_promtool) || PROST_PROMTOOL_BIN=
    fi
  fi
  [ -n "${PROST_PROMTOOL_BIN:-}" ] && export PROST_PROMTOOL_BIN
  return 0
}

# ensure_promtool: prints the path of promtool, taken once out of the distribution's prometheus
# package (named after the package's upstream version).
ensure_promtool() {
  local cached
  cached=$(ls "$PROST_BIN"/promtool-* 2>/dev/null | head -1)
  if [ -n "$cached" ] && [ -x "$cached" ]; then printf '%s\n' "$cached"; return 0; fi
  command -v apt-get >/dev/null 2>&1 || { say "no apt-get: put promtool on PATH or set PROST_PROMTOOL_BIN"; return 1; }
  say "taking promtool out of the distribution's prometheus package (once; cached in $PROST_BIN) ..."
  local work deb version
  work=$(mktemp -d)
  chmod 777 "$work" # apt downloads as its unprivileged _apt user
  if (cd "$work" && apt-get download prometheus >/dev/null 2>&1) &&
     deb=$(ls "$work"/prometheus_*.deb 2>/dev/null | head -1) && [ -n "$deb" ] &&
     version=$(dpkg-deb -f "$deb" Version | sed 's/^[0-9]*://; s/[+~-].*//') &&
     dpkg-deb -x "$deb" "$work/x" && [ -x "$work/x/usr/bin/promtool" ]; then
    mv "$work/x/usr/bin/promtool" "$PROST_BIN/promtool-$version" && rm -rf "$work"
    printf '%s\n' "$PROST_BIN/promtool-$version"
    return 0
  fi
  rm -rf "$work"
  say "could not get promtool from apt; put it on PATH or set PROST_PROMTOOL_BIN"
  return 1
}
