#!/usr/bin/env bash
# Replays issue 11's probes against a running server, so the next probe finds nothing old:
#   bench/attack-probes.sh BASE_URL WRITE_KEY READ_KEY
# e.g. bench/attack-probes.sh http://127.0.0.1:8080 "$W" "$R". Each probe states the status it
# must get; after every probe /healthz must still answer within 1 s. Exit 1 on any miss.
# The same probes run in-process in tests/server/hardening_test.cpp (ctest); this script is for
# a deployed server. Needs curl and python3. Writes nothing that succeeds (every probe is refused).
set -uo pipefail
B=${1:?base url}; W=${2:?write key}; R=${3:?read key}
fails=0
probe() {  # name expected-status curl-args...
  local name=$1 want=$2
  shift 2
  local got
  got=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$@")
  local health
  health=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$B/healthz")
  if [ "$got" = "$want" ] && [ "$health" = "200" ]; then
    echo "ok    $name ($got)"
  else
    echo "FAIL  $name: got $got, want $want; healthz $health"
    fails=$((fails + 1))
  fi
}
python3 -c 'print("{\"sku\":\"D\",\"name\":\"d\",\"price\":1,\"attributes\":" + "{\"a\":"*60000 + "1" + "}"*60000 + "}")' \
  > /tmp/oiis-probe-deep.$$
probe "1 deep attributes" 400 -X POST "$B/api/v1/products" -H "Authorization: Bearer $W" \
  -H 'Content-Type: application/json' --data-binary @/tmp/oiis-probe-deep.$$
rm -f /tmp/oiis-probe-deep.$$
probe "3 as_of 9999-12-31" 400 "$B/api/v1/inventory/abc?as_of=9999-12-31" -H "Authorization: Bearer $R"
probe "4 placed_at year 1" 400 -X POST "$B/api/v1/orders" -H "Authorization: Bearer $W" \
  -H 'Content-Type: application/json' \
  --data '{"placed_at":"0001-01-01T00:00:00Z","lines":[{"sku":"X","quantity":1}]}'
probe "4 placed_at int64 max" 400 -X POST "$B/api/v1/orders" -H "Authorization: Bearer $W" \
  -H 'Content-Type: application/json' \
  --data '{"placed_at":9223372036854775807,"lines":[{"sku":"X","quantity":1}]}'
probe "5 1e309" 400 -X POST "$B/api/v1/orders" -H "Authorization: Bearer $W" \
  -H 'Content-Type: application/json' --data '{"lines":[{"sku":"X","quantity":1e309}]}'
probe "6 invalid UTF-8 body" 400 -X POST "$B/api/v1/products" -H "Authorization: Bearer $W" \
  -H 'Content-Type: application/json' --data-binary $'{"sku":"\xff","name":"n","price":1}'
probe "6 invalid UTF-8 path" 400 "$B/api/v1/products/%FF" -H "Authorization: Bearer $R"
probe "6 invalid UTF-8 query" 400 "$B/api/v1/orders?status=%FF" -H "Authorization: Bearer $R"
probe "7 unit_price 1e308" 400 -X POST "$B/api/v1/orders" -H "Authorization: Bearer $W" \
  -H 'Content-Type: application/json' \
  --data '{"lines":[{"sku":"X","quantity":10,"unit_price":1e308}]}'
report=$(curl -s --max-time 30 "$B/api/v1/inventory/abc" -H "Authorization: Bearer $R")
if printf '%s' "$report" | grep -q '"artefact"'; then
  echo "FAIL  11 an inventory GET names a server file"
  fails=$((fails + 1))
else
  echo "ok    11 inventory GET names no server file"
fi
probe "13 body-less cancel of a missing order" 404 -X POST "$B/api/v1/orders/999999999/cancel" \
  -H "Authorization: Bearer $W"
probe "14 empty Idempotency-Key" 400 -X POST "$B/api/v1/orders" -H "Authorization: Bearer $W" \
  -H 'Content-Type: application/json' -H 'Idempotency-Key;' \
  --data '{"lines":[{"sku":"X","quantity":1}]}'
probe "16 customer_id 2^64-1" 400 -X POST "$B/api/v1/orders" -H "Authorization: Bearer $W" \
  -H 'Content-Type: application/json' \
  --data '{"customer_id":18446744073709551615,"lines":[{"sku":"X","quantity":1}]}'
probe "16 offset +99:00" 400 -X POST "$B/api/v1/orders" -H "Authorization: Bearer $W" \
  -H 'Content-Type: application/json' \
  --data '{"placed_at":"2024-01-01T00:00:00+99:00","lines":[{"sku":"X","quantity":1}]}'
head -c 1500000 /dev/zero | tr '\0' ' ' > /tmp/oiis-probe-big.$$
probe "16 chunked body over 1 MiB" 413 -X POST "$B/api/v1/orders" -H "Authorization: Bearer $W" \
  -H 'Content-Type: application/json' -H 'Transfer-Encoding: chunked' --data-binary @/tmp/oiis-probe-big.$$
rm -f /tmp/oiis-probe-big.$$
many=(); for i in $(seq 1 150); do many+=(-H "X-H$i: v"); done
probe "16 150 headers" 431 "$B/healthz" "${many[@]}"
long=$(head -c 60000 /dev/zero | tr '\0' 'S')
probe "17 60 KB sku" 400 -X POST "$B/api/v1/orders" -H "Authorization: Bearer $W" \
  -H 'Content-Type: application/json' --data "{\"lines\":[{\"sku\":\"$long\",\"quantity\":1}]}"
echo "$fails probe(s) failed"
[ "$fails" -eq 0 ]
