#!/bin/sh
# The video pipeline runs ffmpeg and ffprobe (Debian's package) on workers, and its tests do too.
# Installs them when they are missing and this user may (root with apt-get); otherwise says how.
command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing ffmpeg (apt-get install ffmpeg)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg >/dev/null && exit 0
fi
echo "ffmpeg and ffprobe are needed for videos: install them (Debian/Ubuntu: apt-get install ffmpeg)" >&2
exit 1
