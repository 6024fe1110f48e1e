#!/bin/sh
# mqtt.sh - a real MQTT round trip: mosquitto_pub -> mosquitto -> mosquitto_sub
# -> i40-ingest -f mqtt, checking that every message arrives exactly once with
# the right asset, signal, value and time.
#
# A broker of our own on a free 127.0.0.1 port (config in a temp dir, no
# persistence), stopped by a trap so it never outlives the test.  Payloads:
# numbers, state words with reasons, and one empty message (a missing value).  The
# subscriber's session is registered first (-c -i ID -q 1 -E), so messages
# published before it is listening are queued for it, not lost: no sleeps,
# no race.  Two runs: `mosquitto_sub -v` (arrival time is the record's
# time) and `mosquitto_sub -F '%I %t %p'` (the printed time is).  The -v
# run also checks that records come out while the feed is still open
# (i40-ingest flushes before it waits for input).
#
# Prints PASS/FAIL/SKIP lines (tests/run.sh); exits 1 when a check failed.
set -u
PATH=$PATH:/usr/sbin:/sbin
export LC_ALL=C TZ=UTC

N_ASSETS=3          # press1..press3
SIGNALS="temp count state vib"
PER_TOPIC=25        # messages per topic: 3 x 4 x 25 = 300
TOTAL=$((N_ASSETS * 4 * PER_TOPIC + 1))   # + one empty message
PATTERN='^plant/(?<asset>[^/]+)/(?<signal>[^/]+)$'

failed=0
pass() { echo "PASS mqtt-$1"; }
fail() { echo "FAIL mqtt-$1"; failed=1; }

if ! command -v i40-ingest >/dev/null 2>&1; then
	echo "SKIP mqtt: i40-ingest is not on PATH (run through tests/run.sh)"
	exit 0
fi
if ! command -v mosquitto >/dev/null 2>&1 || ! command -v mosquitto_sub >/dev/null 2>&1 ||
   ! command -v mosquitto_pub >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		{ DEBIAN_FRONTEND=noninteractive apt-get install -y -q mosquitto mosquitto-clients ||
		  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q mosquitto mosquitto-clients; }
		} >/dev/null 2>&1
	fi
	if ! command -v mosquitto >/dev/null 2>&1 || ! command -v mosquitto_pub >/dev/null 2>&1; then
		if [ "$(id -u)" = 0 ]; then
			echo "SKIP mqtt: mosquitto and mosquitto-clients are missing and apt-get could not install them"
		else
			echo "SKIP mqtt: mosquitto and mosquitto-clients are missing (as root: apt-get install mosquitto mosquitto-clients)"
		fi
		exit 0
	fi
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/i40-mqtt.XXXXXX") || { echo "FAIL mqtt-setup: mktemp"; exit 1; }
broker=
cleanup() {
	if [ -n "$broker" ]; then
		kill "$broker" 2>/dev/null
		wait "$broker" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# ---- the broker, on the first free port we find ----
port=
i=0
while [ $i -lt 20 ] && [ -z "$port" ]; do
	try=$((20000 + ($$ * 7 + i * 1409) % 40000))
	cat > "$tmp/mosquitto.conf" <<EOF
listener $try 127.0.0.1
allow_anonymous true
persistence false
max_queued_messages 100000
log_dest stderr
log_type error
log_type warning
log_type notice
log_type information
EOF
	mosquitto -c "$tmp/mosquitto.conf" 2> "$tmp/broker.log" &
	broker=$!
	k=0
	while [ $k -lt 50 ]; do   # up to 5 s for "running" or an exit
		if grep -q ' running' "$tmp/broker.log" 2>/dev/null; then
			port=$try
			break
		fi
		if ! kill -0 "$broker" 2>/dev/null; then
			wait "$broker" 2>/dev/null
			broker=
			break
		fi
		sleep 0.1
		k=$((k + 1))
	done
	if [ -z "$port" ] && [ -n "$broker" ]; then
		kill "$broker" 2>/dev/null
		wait "$broker" 2>/dev/null
		broker=
	fi
	i=$((i + 1))
done
if [ -z "$port" ]; then
	echo "FAIL mqtt-broker: mosquitto did not start on a loopback port"
	sed 's/^/    /' "$tmp/broker.log"
	exit 1
fi
pass broker

SUB="mosquitto_sub -h 127.0.0.1 -p $port -q 1 -t plant/#"
PUB="mosquitto_pub -h 127.0.0.1 -p $port -q 1"

# The payload of message k (1..PER_TOPIC) on plant/pressA/SIGNAL: unique per
# message, so "exactly once" is a set comparison, and ending in 100 + k so
# the order can be read back; written so that i40-ingest passes it through
# unchanged (plain numbers, state words with a reason).
payload() {   # A signal k
	kk=$((100 + $3))
	case $2 in
	temp)  echo "$((20 + $1)).$kk" ;;
	count) echo "$1$kk" ;;
	state) case $(($3 % 3)) in 0) echo "RUN:r$1-$kk" ;; 1) echo "STOP:r$1-$kk" ;; *) echo "DOWN:jam$1-$kk" ;; esac ;;
	vib)   echo "-0.$1$kk" ;;
	esac
}

# Publish messages from..to of every topic; expected lines go to $tmp/expected.
publish() {   # from to
	a=1
	while [ $a -le $N_ASSETS ]; do
		for s in $SIGNALS; do
			k=$1
			while [ "$k" -le "$2" ]; do
				v=$(payload $a $s $k)
				echo "$v"
				echo "press$a,$s,$v" >> "$tmp/expected"
				k=$((k + 1))
			done | $PUB -t "plant/press$a/$s" -l || return 1
		done
		a=$((a + 1))
	done
}

# An empty message (mosquitto_sub prints "(null)"): a record with no value.
publish_empty() {
	echo "press1,note," >> "$tmp/expected"
	$PUB -t plant/press1/note -n
}

# Data lines of a CSV file (0 when it does not exist yet).
rows() { [ -f "$1" ] && tail -n +2 "$1" | wc -l | tr -d ' ' || echo 0; }

# Wait until file $1 has $2 data lines or process $3 has ended; 20 s at most.
wait_rows() {
	k=0
	while [ $k -lt 200 ]; do
		[ "$(rows "$1")" -ge "$2" ] && return 0
		kill -0 "$3" 2>/dev/null || return 1
		sleep 0.1
		k=$((k + 1))
	done
	return 1
}

check() {   # run-name out.csv err.txt status start end
	name=$1 out=$2 err=$3 st=$4 t0=$5 t1=$6
	if [ "$st" != 0 ]; then
		fail "$name-status"
		echo "    i40-ingest/mosquitto_sub exited $st"; sed 's/^/    /' "$err"
	else
		pass "$name-status"
	fi
	if [ "$(head -n 1 "$out")" = "ts,asset,signal,value" ]; then pass "$name-header"; else fail "$name-header"; fi
	# every message exactly once, with its asset, signal and value
	tail -n +2 "$out" | cut -d, -f2- | sort > "$tmp/got.sorted"
	sort "$tmp/expected" > "$tmp/exp.sorted"
	if cmp -s "$tmp/got.sorted" "$tmp/exp.sorted" && [ "$(wc -l < "$tmp/got.sorted")" -eq $TOTAL ]; then
		pass "$name-exactly-once"
	else
		fail "$name-exactly-once"
		echo "    $(wc -l < "$tmp/got.sorted") records, $TOTAL published; missing (<) or unexpected (>):"
		diff "$tmp/exp.sorted" "$tmp/got.sorted" | grep '^[<>]' | head -10 | sed 's/^/    /'
	fi
	# MQTT keeps the order of one publisher's messages on a topic
	if tail -n +2 "$out" | awk -F, '{ key = $2 "/" $3; n = substr($4, length($4) - 2) + 0
			if ((key in last) && n <= last[key]) bad = 1; last[key] = n } END { exit bad }'; then
		pass "$name-order"
	else
		fail "$name-order"
	fi
	# times: UTC, fixed width, within the run (the -F run's %I has whole seconds)
	if tail -n +2 "$out" | awk -F, -v t0="$t0" -v t1="$t1" '
			$1 !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9](\.[0-9]+)?Z$/ ||
			substr($1, 1, 19) < t0 || substr($1, 1, 19) > t1 { print "    " $0; bad++ }
			END { exit bad > 0 }' > "$tmp/badtimes"; then
		pass "$name-time"
	else
		fail "$name-time"
		echo "    times outside $t0 .. $t1:"; head -5 "$tmp/badtimes"
	fi
	if grep -q "$TOTAL records in, $TOTAL out, 0 rejected" "$err"; then
		pass "$name-stats"
	else
		fail "$name-stats"
		sed 's/^/    /' "$err" | head -5
	fi
}

# ---- run 1: mosquitto_sub -v, arrival time, records flushed while live ----
: > "$tmp/expected"
$SUB -c -i i40-qa-v -E || { echo "FAIL mqtt-subscribe: could not register the session"; exit 1; }
t0=$(date -u +%Y-%m-%dT%H:%M:%S)
( $SUB -c -i i40-qa-v -v -C $TOTAL -W 60 2> "$tmp/sub1.err"; echo $? > "$tmp/sub1.status" ) |
	i40-ingest --stats -f mqtt -p "$PATTERN" > "$tmp/out1.csv" 2> "$tmp/err1.txt" &
reader=$!
half=$((PER_TOPIC / 2))
publish 1 $half || fail "v-publish"
if wait_rows "$tmp/out1.csv" $((N_ASSETS * 4 * half)) $reader; then
	pass "v-live"
else
	fail "v-live"
	echo "    $(rows "$tmp/out1.csv") of $((N_ASSETS * 4 * half)) records came out while the feed was open"
fi
publish $((half + 1)) $PER_TOPIC && publish_empty || fail "v-publish"
wait $reader
st=$?
[ "$(cat "$tmp/sub1.status" 2>/dev/null)" = 0 ] || st="sub:$(cat "$tmp/sub1.status" 2>/dev/null)"
t1=$(date -u +%Y-%m-%dT%H:%M:%S)
check v "$tmp/out1.csv" "$tmp/err1.txt" "$st" "$t0" "$t1"

# ---- run 2: mosquitto_sub -F '%I %t %p', the printed time ----
: > "$tmp/expected"
$SUB -c -i i40-qa-F -E || { echo "FAIL mqtt-subscribe: could not register the session"; exit 1; }
t0=$(date -u +%Y-%m-%dT%H:%M:%S)
( $SUB -c -i i40-qa-F -F '%I %t %p' -C $TOTAL -W 60 2> "$tmp/sub2.err"; echo $? > "$tmp/sub2.status" ) |
	i40-ingest --stats -f mqtt -p "$PATTERN" > "$tmp/out2.csv" 2> "$tmp/err2.txt" &
reader=$!
publish 1 $PER_TOPIC && publish_empty || fail "F-publish"
wait $reader
st=$?
[ "$(cat "$tmp/sub2.status" 2>/dev/null)" = 0 ] || st="sub:$(cat "$tmp/sub2.status" 2>/dev/null)"
t1=$(date -u +%Y-%m-%dT%H:%M:%S)
check F "$tmp/out2.csv" "$tmp/err2.txt" "$st" "$t0" "$t1"

exit $failed
