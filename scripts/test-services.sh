#!/usr/bin/env bash
# What the test suite needs on this machine, set up by `make test` itself: the Debian packages of Redis and of
# the browser, WordPress and proxy tests (installed when missing, which needs root and apt-get; a second run
# costs one dpkg-query a package), then a Redis server on 127.0.0.1:6379 (started when none answers).
set -euo pipefail

# Redis first: the suite and its Cluster pass (scripts/redis-cluster.sh) start redis-server and call redis-cli.
# Browser tests drive Debian's Chromium (Playwright cannot download its own browser here); the WordPress
# tests run Debian's WordPress on PHP's built-in server with a private MariaDB, and PHPUnit for the plugin.
# The compose test runs Debian's nginx with deploy/nginx.conf in front of the API. The drop-in tests run Debian's
# Go Akismet client (golang-github-adtac-go-akismet-dev) with its upstream tests, built by golang-go.
DEBIAN_PACKAGES=(redis-server redis-tools chromium chromium-driver php-cli php-mysql wordpress
  wordpress-theme-twentytwentythree mariadb-server phpunit gettext nginx golang-go golang-github-adtac-go-akismet-dev)

BY_HAND="redis-server and redis-cli (7 or later), chromium and chromedriver, php-cli with php-mysql, WordPress
  (with the twentytwentythree theme) under /usr/share/wordpress, mariadb-server, phpunit, gettext (msgfmt), nginx,
  Go with github.com/adtac/go-akismet"

cat <<EOF
test-services: the tests need Redis on 127.0.0.1:6379 and Debian packages:
  ${DEBIAN_PACKAGES[*]}
Installing the missing ones needs root and apt-get (Debian or Ubuntu); nothing is installed when all are there.
Elsewhere, install by hand: ${BY_HAND}.
EOF

fail() {
  echo "test-services: $*" >&2
  exit 1
}

if command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for package in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    command -v apt-get >/dev/null 2>&1 \
      || fail "missing ${missing[*]}, and there is no apt-get to install them: install them by hand."
    [ "$(id -u)" -eq 0 ] \
      || fail "missing ${missing[*]}: installing needs root. Run \`sudo make test-services\` once, or install them by hand."
    echo "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=600 "${missing[@]}" >/dev/null
  fi
else
  # Not Debian: what is installed cannot be checked by package. Redis is required; the tests of anything else
  # that is absent are skipped (and fail on CI, where everything must run).
  for command in redis-server redis-cli; do
    command -v "$command" >/dev/null 2>&1 || fail "no $command, and no dpkg/apt-get (not Debian): install by hand."
  done
  echo "test-services: not Debian; the tests of anything above that is not installed will be skipped."
fi

log=""
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    dir=/var/lib/redis log=/var/log/redis/ci.log
  else
    dir="${TMPDIR:-/tmp}/moderation-test-redis" log="${TMPDIR:-/tmp}/moderation-test-redis/redis.log"
  fi
  echo "starting redis-server on 127.0.0.1:6379 (data in $dir)"
  mkdir -p "$dir" "$(dirname "$log")"
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir "$dir" --logfile "$log"
  for _ in $(seq 1 50); do
    redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break
    sleep 0.2
  done
fi
redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null || fail "no Redis answers on 127.0.0.1:6379 (its log: ${log:-none started})"
echo "test-services: Redis answers on 127.0.0.1:6379"
