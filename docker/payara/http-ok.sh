#!/bin/bash
# Container health check without curl or wget (the Payara Micro and JRE images ship neither):
# GET http://127.0.0.1:PORT/PATH over bash's /dev/tcp; healthy when the status is 200.
#   http-ok.sh 8080 /api/v1/health
set -u
port="$1"
path="$2"
exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$path" >&3
IFS= read -r -t 5 status <&3 || exit 1
[[ "$status" == HTTP/1.?" 200 "* ]]
