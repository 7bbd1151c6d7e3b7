#!/usr/bin/env bash
# What the test suite needs on this machine, set up by `make test` itself: a Redis server on 127.0.0.1:6379
# (started when none answers) and the Debian packages of the browser, WordPress and proxy tests (installed
# when missing; a second run costs one dpkg-query a package).
set -euo pipefail

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "starting redis-server on 127.0.0.1:6379"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 1 50); do
    redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break
    sleep 0.2
  done
fi
redis-cli -h 127.0.0.1 -p 6379 ping

# Browser tests drive Debian's Chromium (Playwright cannot download its own browser here); the WordPress
# tests run Debian's WordPress on PHP's built-in server with a private MariaDB, and PHPUnit for the plugin.
# The compose test runs Debian's nginx with deploy/nginx.conf in front of the API. The drop-in tests run Debian's
# Go Akismet client (golang-github-adtac-go-akismet-dev) with its upstream tests, built by golang-go.
# Only what is missing is installed, so a second run costs one dpkg-query.
DEBIAN_PACKAGES=(chromium chromium-driver php-cli php-mysql wordpress wordpress-theme-twentytwentythree
  mariadb-server phpunit gettext nginx golang-go golang-github-adtac-go-akismet-dev)
missing=()
for package in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=600 "${missing[@]}" >/dev/null
fi
