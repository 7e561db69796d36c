#!/bin/sh
# The local cluster (npm run cluster) and its test put Debian's nginx in front of the nodes.
# Installs it when it is missing and this user may (root with apt-get); otherwise says how. The
# package's own service is not wanted (the cluster runs nginx with a configuration of its own):
# it is stopped if the install started it.
command -v nginx >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing nginx (apt-get install nginx)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null || exit 1
  nginx -s quit 2>/dev/null
  exit 0
fi
echo "nginx is needed for the local cluster: install it (Debian/Ubuntu: apt-get install nginx)" >&2
exit 1
