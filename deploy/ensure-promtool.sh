#!/bin/sh
# test/platform/kubernetes.test.ts checks deploy/prometheus/alerts.yaml and the Grafana dashboard's
# queries with promtool (Debian's prometheus package). Installs it when it is missing and this
# user may (root with apt-get); otherwise says how. The package's service is not wanted: it is
# stopped if the install started it.
command -v promtool >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing promtool (apt-get install prometheus)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null || exit 1
  if command -v systemctl >/dev/null 2>&1; then systemctl stop prometheus 2>/dev/null; fi
  exit 0
fi
echo "promtool is needed to check deploy/prometheus: install it (Debian/Ubuntu: apt-get install prometheus)" >&2
exit 1
