#!/bin/sh
# test/platform/docs-browser.test.ts renders /docs in headless Chromium (Debian's package, at
# /usr/bin/chromium, or CHROMIUM_PATH). Installs it when it is missing and this user may (root
# with apt-get); otherwise says how.
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing chromium (apt-get install chromium)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null && exit 0
fi
echo "chromium is needed for the /docs browser test: install it (Debian/Ubuntu: apt-get install chromium)" >&2
exit 1
