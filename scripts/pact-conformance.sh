#!/usr/bin/env bash
# Acceptance run of the PACT API (docs/pact.md, "Conformance") against the
# official WBCSD conformance tool, wbcsd/pact-conformance-service, on loopback.
#
#   scripts/pact-conformance.sh TOOL_DIR [WORK_DIR]
#
# TOOL_DIR is a checkout of https://github.com/wbcsd/pact-conformance-service
# with `npm ci` done (the run recorded in docs/pact.md used commit 839bfe8;
# set PACT_TOOL_COMMIT to name the commit of a copy that is not a git checkout).
# The tool is not part of this repository and is not vendored: CI cannot
# reach GitHub or npm, so CI does not run this script; run it by hand.
#
# What it does, all on 127.0.0.1 (ports PORT..PORT+4, PORT from
# $PACT_CONFORMANCE_PORT, default 18100):
#   1. builds pcf from this checkout and serves it with a self-signed
#      certificate: plain HTTP on PORT (set-up only), HTTPS on PORT+1;
#   2. creates two manufacturers, a certifier and a `partner` organisation,
#      certifies the demo PV module and the demo laptop (two footprints, so
#      that `limit=1` has a next page), and has each holder declare the
#      UN CPC 2.1 division of its product for PACT v2, as a holder would
#      (a v2 footprint needs productCategoryCpc; the demo studies name HS
#      codes only): 47, radio, television and communication equipment,
#      whose class 4713 holds photosensitive semiconductor devices (HS
#      8541, the module's HS 854143), and 45, office, accounting and
#      computing machinery (HS 8471, the laptop's 847130). The service
#      does not check a declared code against the HS code;
#   3. with PostgreSQL (initdb and pg_ctl on PATH or in /usr/lib/postgresql):
#      runs the tool's full service (src/server.ts, its database on PORT+4)
#      on PORT+2 behind a TLS proxy on PORT+3 (scripts/pact-tlsproxy.go:
#      the service's answers to RequestCreated events go to HTTPS hosts
#      only), allow-lists the proxy as a callback host in --pact-config with
#      the tool's callback credentials, and starts one test run per version
#      through the tool's REST API (POST /testruns), so that the
#      asynchronous tests (13, 14.B) are judged when our answers arrive.
#      Without PostgreSQL (or with PACT_CONFORMANCE_CLI=1) it runs the
#      tool's CLI instead, which cannot receive callbacks: tests 13 and
#      14.B then stay PENDING;
#   4. prints every test's result and the mandatory pass counts of V2.3 and
#      V3.0, and exits 0 only when every mandatory test of both passed.
#
# Needs: go, node (the tool's version), curl, jq. Everything it writes is
# under WORK_DIR (default: a new directory in /tmp); it stops what it
# started when it ends.
set -euo pipefail
shopt -s inherit_errexit

usage() { echo "usage: $0 TOOL_DIR [WORK_DIR]" >&2; exit 2; }
[ $# -ge 1 ] || usage
TOOL=$(cd "$1" && pwd)
[ -f "$TOOL/src/scripts/run-tests-cli.ts" ] || { echo "$TOOL is not a checkout of pact-conformance-service" >&2; exit 2; }
[ -d "$TOOL/node_modules" ] || { echo "$TOOL: run npm ci there first" >&2; exit 2; }
REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=${2:-$(mktemp -d /tmp/pact-conformance.XXXXXX)}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
for cmd in go node curl jq; do
	command -v $cmd >/dev/null || { echo "$0: $cmd is needed" >&2; exit 2; }
done

PORT=${PACT_CONFORMANCE_PORT:-18100}
HTTP=127.0.0.1:$PORT             # pcf, plain HTTP (set-up through /v1 only)
TLS_PORT=$((PORT + 1))           # pcf, HTTPS: the PACT API
SVC_PORT=$((PORT + 2))           # the tool's service (plain HTTP)
PROXY_PORT=$((PORT + 3))         # HTTPS in front of the tool's service
PG_PORT=$((PORT + 4))            # the tool's PostgreSQL
BASE_URL=https://localhost:$TLS_PORT
B=http://$HTTP

for p in $PORT $TLS_PORT $SVC_PORT $PROXY_PORT $PG_PORT; do
	if (echo > /dev/tcp/127.0.0.1/$p) 2>/dev/null; then
		echo "$0: port $p is in use: set PACT_CONFORMANCE_PORT to a free range" >&2; exit 2
	fi
done

PIDS=()
PG_DATA=
PG_AS=()
cleanup() {
	for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
	if [ -n "$PG_DATA" ]; then "${PG_AS[@]}" "$PG_CTL" -D "$PG_DATA" -m fast stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

waitfor() { # URL [curl options…]: wait up to 60 s for an answer
	local url=$1; shift
	for _ in $(seq 120); do curl -s -o /dev/null "$@" "$url" && return 0; sleep 0.5; done
	echo "$0: no answer from $url" >&2; return 1
}

echo "== work directory $WORK"
(cd "$REPO" && go build -o "$WORK/pcf" ./cmd/pcf)

# The tool's full service needs PostgreSQL.
FULL=
PG_BIN=$(dirname "$(command -v pg_ctl 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | tail -1 || echo /nonexistent/pg_ctl)")
if [ -z "${PACT_CONFORMANCE_CLI:-}" ] && [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ]; then
	FULL=1
	PG_CTL=$PG_BIN/pg_ctl
fi

# pcf's callback allow-list: the TLS proxy in front of the tool's service,
# with the credentials the tool's /auth/token accepts
# (src/services/event-handler.ts). (In CLI mode nothing listens behind the
# proxy: the answers are accepted and queued, their delivery fails.)
(cd "$REPO" && go build -o "$WORK/pact-tlsproxy" scripts/pact-tlsproxy.go)
"$WORK/pact-tlsproxy" -listen 127.0.0.1:$PROXY_PORT -to http://127.0.0.1:$SVC_PORT \
	-cert "$WORK/proxy-cert.pem" > "$WORK/proxy.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 120); do [ -s "$WORK/proxy-cert.pem" ] && break; sleep 0.5; done
[ -s "$WORK/proxy-cert.pem" ] || { echo "$0: the TLS proxy did not start (see $WORK/proxy.log)" >&2; exit 1; }
WEBHOOK=https://127.0.0.1:$PROXY_PORT
cat > "$WORK/pact-config.json" <<EOF
{"callbacks": [{"url": "$WEBHOOK", "client_id": "test_client_id", "client_secret": "test_client_secret", "ca_file": "$WORK/proxy-cert.pem"}]}
EOF

echo "== pcf serve ($BASE_URL)"
rm -f "$WORK"/pcf.db*
"$WORK/pcf" serve --init --db "$WORK/pcf.db" --addr $HTTP --tls-self-signed --tls-addr 127.0.0.1:$TLS_PORT \
	--base-url "$BASE_URL" --pact-config "$WORK/pact-config.json" > "$WORK/serve.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 120); do [ -f "$WORK/pcf.db.admin-token" ] && curl -s -o /dev/null $B/healthz && break; sleep 0.5; done
waitfor $B/healthz
export PCF_ADMIN_TOKEN=$(cat "$WORK/pcf.db.admin-token")

key() { "$WORK/pcf" keys create --db "$WORK/pcf.db" "$@" 2>>"$WORK/keys.log" | tail -1; }
MAKER=$(key --org "Demo Module Co." --role manufacturer)
MAKER2=$(key --org "Demo Notebook Co." --role manufacturer)
CERTIFIER=$(key --org "Demo Certification Centre" --role certifier --approval-number CNCA-R-2026-999)
PARTNER=$(key --org "Buyer GmbH" --role partner)
CLIENT_ID=$(echo "$PARTNER" | cut -d_ -f2)

certify() { # MAKER_KEY STUDY_FILE CPC: prints the certificate ID
	local mk=$1 study app id
	study=$(curl -sf -H "Authorization: Bearer $mk" -H 'Content-Type: application/json' --data-binary @"$2" $B/v1/studies | jq -r .data.id)
	app=$(curl -sf -H "Authorization: Bearer $mk" -H 'Content-Type: application/json' \
		-d "{\"study_id\":\"$study\",\"certifier\":\"Demo Certification Centre\"}" $B/v1/applications | jq -r .data.id)
	digest=$(curl -sf -H "Authorization: Bearer $CERTIFIER" $B/v1/applications/$app | jq -r .data.review.digest)
	id=$(curl -sf -H "Authorization: Bearer $CERTIFIER" -H 'Content-Type: application/json' \
		-d "{\"signatory\":\"Zhang San\",\"review_digest\":\"$digest\"}" $B/v1/applications/$app/issue | jq -r .data.certificate_id)
	curl -sf -o /dev/null -X PUT -H "Authorization: Bearer $mk" -H 'Content-Type: application/json' \
		-d "{\"cpc\":\"$3\"}" $B/v1/certificates/$id/pact/cpc
	echo "$id"
}
C1=$(certify "$MAKER" "$REPO/seed/studies/pv-module.json" 47)
C2=$(certify "$MAKER2" "$REPO/seed/studies/laptop.json" 45)
echo "   certificates $C1 $C2"
export NODE_EXTRA_CA_CERTS=$WORK/pcf.db.tls-cert.pem
curl -sf --cacert "$NODE_EXTRA_CA_CERTS" -o /dev/null -u "$CLIENT_ID:$PARTNER" -d grant_type=client_credentials $BASE_URL/auth/token

TOOL_ENV=(NODE_ENV=development PORT=$SVC_PORT CONFORMANCE_API=$WEBHOOK LOG_OUTPUT=console
	JWT_SECRET=pact-conformance-local TS_NODE_TRANSPILE_ONLY=1 NODE_EXTRA_CA_CERTS=$NODE_EXTRA_CA_CERTS)
FAIL=0
if [ -n "$FULL" ]; then
	echo "== PostgreSQL on 127.0.0.1:$PG_PORT"
	PG_DATA=$WORK/pg
	if [ "$(id -u)" = 0 ]; then # postgres refuses to run as root
		PG_AS=(runuser -u postgres --)
		mkdir -p "$PG_DATA" && chown postgres "$PG_DATA" "$WORK"
	fi
	"${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_DATA" -U pact --auth=trust > "$WORK/initdb.log"
	"${PG_AS[@]}" "$PG_CTL" -D "$PG_DATA" -l "$PG_DATA/server.log" -w \
		-o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DATA" start > /dev/null
	"$PG_BIN/createdb" -h 127.0.0.1 -p $PG_PORT -U pact conformance 2>/dev/null || psql -h 127.0.0.1 -p $PG_PORT -U pact -c 'create database conformance' postgres >/dev/null
	DB=postgres://pact@127.0.0.1:$PG_PORT/conformance
	echo "== the conformance service (http://127.0.0.1:$SVC_PORT, callbacks at $WEBHOOK)"
	(cd "$TOOL" && env "${TOOL_ENV[@]}" DB_CONNECTION_STRING=$DB npx ts-node ./src/data/migrate.ts latest > "$WORK/migrate.log" 2>&1)
	(cd "$TOOL" && exec env "${TOOL_ENV[@]}" DB_CONNECTION_STRING=$DB node_modules/.bin/ts-node ./src/server.ts > "$WORK/service.log" 2>&1) &
	PIDS+=($!)
	waitfor http://127.0.0.1:$SVC_PORT/health-check
	for v in V2.3 V3.0; do
		echo "== $v"
		jq -n --arg u "$BASE_URL" --arg id "$CLIENT_ID" --arg s "$PARTNER" --arg v $v \
			'{baseUrl:$u, clientId:$id, clientSecret:$s, version:$v, organizationName:"Buyer GmbH", adminEmail:"pcf@localhost", adminName:"pcf acceptance run"}' \
			> "$WORK/start-$v.json"
		run=$(curl -s -H 'Content-Type: application/json' --data-binary @"$WORK/start-$v.json" http://127.0.0.1:$SVC_PORT/testruns)
		rid=$(echo "$run" | jq -r '.testRunId // empty')
		[ -n "$rid" ] || { echo "could not start the $v run: $run" >&2; FAIL=1; continue; }
		# The answers to RequestCreated arrive asynchronously: wait for them.
		for _ in $(seq 60); do
			run=$(curl -s http://127.0.0.1:$SVC_PORT/testruns/$rid)
			[ "$(echo "$run" | jq '[.results[] | select(.status == "PENDING")] | length')" = 0 ] && break
			sleep 1
		done
		echo "$run" > "$WORK/run-$v.json"
		echo "$run" | jq -r '.results[] | "\(if .status == "SUCCESS" then "✓" elif .status == "PENDING" then "⧗" else "✗" end) \(if .mandatory then "mandatory" else "optional " end) \(.name)\(if .status != "SUCCESS" and .errorMessage then "\n      " + .errorMessage else "" end)"'
		echo "$run" | jq -r --arg v $v '"\($v): test run \(.testRunId), status \(.status): mandatory \([.results[] | select(.mandatory and .status == "SUCCESS")] | length)/\([.results[] | select(.mandatory)] | length) passed; all \([.results[] | select(.status == "SUCCESS")] | length)/\(.results | length)"' | tee -a "$WORK/summary.txt"
		[ "$(echo "$run" | jq -r .status)" = PASS ] || FAIL=1
	done
else
	echo "== the tool's CLI (no PostgreSQL, or PACT_CONFORMANCE_CLI set): tests 13 and 14.B stay PENDING, the CLI receives no callbacks"
	for v in V2.3 V3.0; do
		echo "== $v"
		(cd "$TOOL" && env "${TOOL_ENV[@]}" DB_CONNECTION_STRING=none npx ts-node ./src/scripts/run-tests-cli.ts \
			--baseUrl "$BASE_URL" --clientId "$CLIENT_ID" --clientSecret "$PARTNER" --version $v --organizationName "Buyer GmbH") \
			2>&1 | sed 's/\x1b\[[0-9;]*m//g' > "$WORK/cli-$v.out" || true
		out=$WORK/cli-$v.out
		grep -E '^(✓|✗|⧗) ' "$out" | awk '!seen[$0]++'
		grep -q '^Status: PASS' "$out" || FAIL=1
		total=$(grep -m1 '^Mandatory Tests: [0-9]' "$out" | awk '{print $3}')
		passed=$(sed -n '/^Mandatory Tests: [0-9]/,/^====/p' "$out" | grep -m1 'Passed:' | awk '{print $3}')
		echo "$v (CLI): mandatory ${passed:-?}/${total:-?} passed" | tee -a "$WORK/summary.txt"
	done
fi
echo "== tool commit ${PACT_TOOL_COMMIT:-$(git -C "$TOOL" rev-parse --short HEAD 2>/dev/null || echo unknown)}, $(date -u +%Y-%m-%dT%H:%MZ)"
exit $FAIL
