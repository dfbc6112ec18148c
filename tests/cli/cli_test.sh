#!/usr/bin/env bash
# End-to-end checks of the gongkai command line.
# Usage: tests/cli/cli_test.sh PATH/TO/gongkai [PATH/TO/scan_page]
# Registered in ctest as `cli`. Needs the sqlite3 command-line tool. With
# scan_page (tests/support/scan_page_main.cc), check and redact of scans too.
set -uo pipefail

if [ "$#" -lt 1 ] || [ "$#" -gt 2 ] || [ ! -x "$1" ]; then
  echo "usage: $0 PATH/TO/gongkai [PATH/TO/scan_page]" >&2
  exit 2
fi
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
SCAN_PAGE="${2:-}"
if ! command -v sqlite3 >/dev/null 2>&1; then
  echo "error: the sqlite3 command-line tool is needed (Debian package sqlite3)" >&2
  exit 2
fi

T="$(mktemp -d "${TMPDIR:-/tmp}/gk_cli_test.XXXXXX")"
trap 'rm -rf "$T"' EXIT
# No configuration from the caller's environment or folder.
for name in $(compgen -e); do
  case "$name" in GONGKAI_*) unset "$name" ;; esac
done
cd "$T" || exit 2

DB="sqlite:$T/x.db"
passed=0
failed=0
OUT=""
RC=0

# run CMD... : runs the command, keeps its combined output in $OUT and its
# exit code in $RC.
run() {
  OUT="$("$@" 2>&1)"
  RC=$?
}
# run_in INPUT CMD... : like run, with INPUT on standard input.
run_in() {
  local input="$1"
  shift
  OUT="$(printf '%s\n' "$input" | "$@" 2>&1)"
  RC=$?
}

ok() {
  passed=$((passed + 1))
  echo "ok   - $1"
}
not_ok() {
  failed=$((failed + 1))
  echo "FAIL - $1"
  shift
  local line
  for line in "$@"; do echo "       $line"; done
  echo "       exit code: $RC"
  echo "       output:"
  printf '%s\n' "$OUT" | sed 's/^/         | /'
}
# expect NAME WANT_RC [SUBSTRING...]: the last run exited WANT_RC and its
# output contains every SUBSTRING.
expect() {
  local name="$1" want_rc="$2"
  shift 2
  if [ "$RC" -ne "$want_rc" ]; then
    not_ok "$name" "expected exit code $want_rc"
    return
  fi
  local s
  for s in "$@"; do
    if [[ "$OUT" != *"$s"* ]]; then
      not_ok "$name" "expected the output to contain: $s"
      return
    fi
  done
  ok "$name"
}
# expect_exact NAME WANT_RC TEXT: exit code and the whole output.
expect_exact() {
  local name="$1" want_rc="$2" text="$3"
  if [ "$RC" -ne "$want_rc" ]; then
    not_ok "$name" "expected exit code $want_rc"
  elif [ "$OUT" != "$text" ]; then
    not_ok "$name" "expected exactly: $text"
  else
    ok "$name"
  fi
}
# expect_sql NAME WANT DBFILE SQL: the query's output on the SQLite file is WANT.
expect_sql() {
  local name="$1" want="$2" got
  got="$(sqlite3 "$3" "$4")"
  if [ "$got" = "$want" ]; then ok "$name"; else OUT="" RC=0; not_ok "$name" "$4" "expected $want, got $got"; fi
}
# check NAME COMMAND...: passes when the command succeeds (no output kept).
check() {
  local name="$1"
  shift
  if "$@"; then ok "$name"; else OUT="" RC=$?; not_ok "$name" "check failed: $*"; fi
}

# ---------------------------------------------------------------- --help
run "$BIN" --help
expect "gongkai --help" 0 "Usage:" "serve" "migrate" "seed-demo" "user" "audit" "workdays"
for sub in serve migrate seed-demo "agency add" "agency list" "user add" "user passwd" "audit verify" "search rebuild" "workdays add" \
           "import applications" "import items" "report annual" archive "archive verify" "filing create" "filing check" check redact; do
  # shellcheck disable=SC2086  # $sub is one or two words on purpose
  run "$BIN" $sub --help
  expect "gongkai $sub --help" 0 "Usage:" "--help"
done
run "$BIN"
expect "gongkai without a subcommand is a usage error" 2
run "$BIN" frobnicate
expect "an unknown subcommand is a usage error" 2

# ---------------------------------------------------------------- migrate
run "$BIN" migrate --db "$DB"
expect "migrate creates the database" 0 "schema version" "migration(s) applied"
check "migrate created the SQLite file" test -s "$T/x.db"
if [[ "$OUT" == *"(0 migration(s) applied)"* ]]; then
  not_ok "the first migrate applies at least one migration"
else
  ok "the first migrate applies at least one migration"
fi
version="$(sed -n 's/.*schema version \([0-9][0-9]*\).*/\1/p' <<<"$OUT")"
run "$BIN" migrate --db "$DB"
expect "a second migrate applies nothing" 0 "schema version $version" "(0 migration(s) applied)"

# ---------------------------------------------------------------- seed-demo
# The commands below act on a one-agency database (no --agency needed).
run "$BIN" seed-demo --single --empty --db "$DB"
expect "seed-demo --single --empty creates the demo agency alone" 0 "created: demo agency 静安寺街道办事处 (jingansi)" \
  "gongkai-demo" "clerk" "admin" "王承办"
run "$BIN" seed-demo --single --empty --db "$DB"
expect "a second seed-demo says already present and still prints the logins" 0 \
  "already present" "clerk" "admin"
users="$(sqlite3 "$T/x.db" 'SELECT count(*) FROM users')"
if [ "$users" -ge 2 ] && [ "$(sqlite3 "$T/x.db" "SELECT count(*) FROM users WHERE username='clerk'")" = 1 ]; then
  ok "seed-demo twice leaves one clerk ($users users)"
else
  OUT="users=$users"; RC=0; not_ok "seed-demo twice leaves one clerk"
fi
if [ "$(sqlite3 "$T/x.db" 'SELECT count(*) FROM agencies')" = 1 ]; then ok "seed-demo --single makes one agency"; else
  OUT="$(sqlite3 "$T/x.db" 'SELECT code FROM agencies')"; RC=0; not_ok "seed-demo --single makes one agency"; fi

# The demo district.
D="$T/district.db"
run "$BIN" seed-demo --empty --db "sqlite:$D"
expect "seed-demo --empty creates the demo district" 0 "created" "jingan jingansi nanjingxilu fgw" "静安寺街道办事处" \
  "gongkai-demo" "clerk@jingansi" "admin@jingansi" "王承办" "platform" "upper@jingan"
run "$BIN" seed-demo --empty --db "sqlite:$D"
expect "a second seed-demo of the district says already present and still prints the logins" 0 \
  "already present" "clerk@jingansi" "admin@jingansi"
users="$(sqlite3 "$D" 'SELECT count(*) FROM users')"
clerks="$(sqlite3 "$D" "SELECT count(*) || '|' || count(DISTINCT agency_id) FROM users WHERE username='clerk'")"
if [ "$users" -ge 8 ] && [ "$clerks" = "4|4" ]; then
  ok "seed-demo twice leaves one clerk in each of the 4 agencies ($users users)"
else
  OUT="users=$users clerks=$clerks"; RC=0; not_ok "seed-demo twice leaves one clerk in each of the 4 agencies"
fi
tree="$(sqlite3 "$D" "SELECT group_concat(a.code || ':' || a.kind || ':' || COALESCE(p.code, ''), ' ') FROM
  (SELECT * FROM agencies ORDER BY code) a LEFT JOIN agencies p ON p.id = a.parent_id")"
if [ "$tree" = "fgw:department:jingan jingan:district: jingansi:street:jingan nanjingxilu:street:jingan" ]; then
  ok "the demo district is 静安区人民政府 above its three agencies"
else
  OUT="$tree"; RC=0; not_ok "the demo district is 静安区人民政府 above its three agencies"
fi
platform="$(sqlite3 "$D" "SELECT a.code FROM users u JOIN agencies a ON a.id = u.agency_id WHERE u.username = 'platform'")"
if [ "$platform" = "jingan" ]; then ok "the 平台管理员 signs in to the district"; else
  OUT="$platform"; RC=0; not_ok "the 平台管理员 signs in to the district"; fi
upper="$(sqlite3 "$D" "SELECT group_concat(a.code || ':' || r.role, ' ') FROM users u JOIN agencies a ON a.id = u.agency_id
  JOIN user_roles r ON r.user_id = u.id WHERE u.username = 'upper'")"
if [ "$upper" = "jingan:upper_office" ]; then ok "the district's 政务公开办 (upper@jingan) oversees from the district"; else
  OUT="$upper"; RC=0; not_ok "the district's 政务公开办 (upper@jingan) oversees from the district"; fi
point="$(sqlite3 "$D" "SELECT p.name || '|' || a.code FROM reading_points p JOIN agencies a ON a.id = p.agency_id")"
if [ "$point" = "静安区政务服务中心集中查阅点|jingan" ]; then ok "the district has its 集中查阅点"; else
  OUT="$point"; RC=0; not_ok "the district has its 集中查阅点"; fi
n="$(sqlite3 "$D" "SELECT (SELECT count(*) FROM items) || '|' || (SELECT count(*) FROM applications)")"
if [ "$n" = "1|0" ]; then ok "seed-demo --empty of the district gives one draft item and no application"; else
  OUT="$n"; RC=0; not_ok "seed-demo --empty of the district gives one draft item and no application"; fi

n="$(sqlite3 "$T/x.db" "SELECT (SELECT count(*) FROM items) || '|' || (SELECT count(*) FROM applications)")"
if [ "$n" = "1|0" ]; then ok "seed-demo --empty gives one draft item and no application"; else
  OUT="$n"; RC=0; not_ok "seed-demo --empty gives one draft item and no application"; fi

# ---------------------------------------------------------------- the living demo
started=$SECONDS
run "$BIN" seed-demo --db "sqlite:$T/demo.db"
expect "seed-demo creates a year of the demo district's work" 0 "created" "published items" "applications" \
  "annual report" "王承办" "demo content of jingansi" "demo content of nanjingxilu" "demo content of fgw" \
  "demo content of jingan"
echo "# the living demo district took $((SECONDS - started)) s"
demo_counts() {
  sqlite3 "$T/demo.db" "WITH o AS (SELECT id FROM agencies WHERE code = 'jingansi') SELECT
    (SELECT count(*) FROM items WHERE state = 'published' AND agency_id = (SELECT id FROM o)) || '|' ||
    (SELECT count(*) FROM applications WHERE agency_id = (SELECT id FROM o)) || '|' ||
    (SELECT count(*) FROM applications WHERE state <> 'closed' AND agency_id = (SELECT id FROM o)) || '|' ||
    (SELECT count(*) FROM feedback_cases WHERE agency_id = (SELECT id FROM o)) || '|' || (SELECT count(*) FROM audit_log)"
}
counts="$(demo_counts)"
IFS='|' read -r published apps open_apps feedback _ <<<"$counts"
if [ "$published" -ge 140 ] && [ "$apps" -ge 38 ] && [ "$open_apps" -ge 10 ] && [ "$feedback" -ge 5 ]; then
  ok "the living demo holds $published published items, $apps applications ($open_apps open), $feedback complaints"
else
  OUT="$counts"; RC=0; not_ok "the living demo holds published items, applications and complaints"
fi
others="$(sqlite3 "$T/demo.db" "SELECT group_concat(code || ':' || n, ' ') FROM (SELECT a.code, (SELECT count(*) FROM
  items i WHERE i.agency_id = a.id AND i.state = 'published') AS n FROM agencies a WHERE a.code <> 'jingansi' ORDER BY a.code)")"
if [[ "$others" =~ ^fgw:([0-9]+)\ jingan:([0-9]+)\ nanjingxilu:([0-9]+)$ ]] && [ "${BASH_REMATCH[1]}" -ge 20 ] &&
   [ "${BASH_REMATCH[2]}" -ge 20 ] && [ "${BASH_REMATCH[3]}" -ge 20 ] && [ "${BASH_REMATCH[1]}" -lt "$published" ]; then
  ok "the other agencies hold smaller living demos ($others)"
else
  OUT="$others"; RC=0; not_ok "the other agencies hold smaller living demos"
fi
placed="$(sqlite3 "$T/demo.db" "SELECT p.name || '|' || count(DISTINCT r.agency_id) FROM reading_points p JOIN agencies d
  ON d.id = p.agency_id AND d.code = 'jingan' JOIN channel_releases r ON r.point_id = p.id GROUP BY p.id")"
if [[ "$placed" == "静安区政务服务中心集中查阅点|4" ]]; then
  ok "every agency of the district places copies at the district's 集中查阅点"
else
  OUT="$placed"; RC=0; not_ok "every agency of the district places copies at the district's 集中查阅点"
fi
filed="$(sqlite3 "$T/demo.db" "SELECT group_concat(a.code || ':' || f.state, ' ') FROM (SELECT * FROM filings ORDER BY
  agency_id) f JOIN agencies a ON a.id = f.agency_id JOIN agencies u ON u.id = f.upper_agency_id AND u.code = 'jingan'")"
if [[ "$filed" =~ jingansi:accepted ]] && [[ "$filed" =~ nanjingxilu:submitted ]] && [[ "$filed" =~ fgw:submitted ]]; then
  ok "the agencies below the district have filed last month with its 政务公开办 ($filed)"
else
  OUT="$filed"; RC=0; not_ok "the agencies below the district have filed last month with its 政务公开办"
fi
run "$BIN" seed-demo --db "sqlite:$T/demo.db"
expect "a second seed-demo adds no demo content" 0 "already present" "nothing added"
if [ "$(demo_counts)" = "$counts" ]; then ok "a second seed-demo leaves the counts as they were"; else
  OUT="$(demo_counts) (was $counts)"; RC=0; not_ok "a second seed-demo leaves the counts as they were"; fi
run "$BIN" audit verify --db "sqlite:$T/demo.db"
expect "the living demo's audit chain verifies" 0 "intact"

# ---------------------------------------------------------------- agency (the district platform)
P="sqlite:$T/platform.db"
run "$BIN" agency add jingan --name 上海市静安区人民政府 --kind district --set address=常德路370号 \
  --set phone=021-0000 --set office_hours=工作日 --set review_body=上海市人民政府 --db "$P"
expect "agency add creates a district" 0 "created agency jingan" "/jingan/" "user add admin --role admin --agency jingan"
run "$BIN" agency add jingansi --name 静安寺街道办事处 --parent jingan --set address=华山路 --set phone=021-1111 --db "$P"
expect "agency add puts a street office under its district" 0 "created agency jingansi" "under jingan"
run "$BIN" agency add caojiadu --name 曹家渡街道办事处 --set address=x --set phone=y --db "$P"
expect "a street office without a district is refused" 2 "上级机关"
run "$BIN" agency add jingansi --name 重复 --parent jingan --set address=x --set phone=y --db "$P"
expect "a code already used is refused" 1 "已被使用"
run "$BIN" agency add staff --name 某街道 --parent jingan --set address=x --set phone=y --db "$P"
expect "a code that is a portal path is refused" 2 "路径"
run "$BIN" agency add nanjingxilu --name 南京西路街道 --parent jingan --set address=x --set phone=y --set bad --db "$P"
expect "--set without KEY=VALUE is a usage error" 2 "KEY=VALUE"
run "$BIN" agency list --db "$P"
expect_exact "agency list: the district first, then its offices" 0 "$(printf 'jingan\tdistrict\t-\t上海市静安区人民政府\njingansi\tstreet\tjingan\t静安寺街道办事处')"
n="$(sqlite3 "$T/platform.db" "SELECT (SELECT count(*) FROM catalog_categories WHERE agency_id = 2) > 0 AND
  (SELECT count(*) FROM calendar_years WHERE agency_id = 2) > 0 AND
  (SELECT value FROM agency_settings WHERE agency_id = 2 AND key = 'review_body') = '上海市人民政府'")"
if [ "$n" = 1 ]; then ok "a new office has its own catalog and calendar and the district's review body"; else
  OUT="$n"; RC=0; not_ok "a new office has its own catalog and calendar and the district's review body"; fi
run_in "Agency-admin-1" "$BIN" user add admin --role admin --password-stdin --agency jingansi --db "$P"
expect "the office's first administrator is added with --agency" 0 "created user admin"

# ---------------------------------------------------------------- workdays
run "$BIN" workdays add 2025-09-26 20 --db "$DB"
expect_exact "workdays add 2025-09-26 20 (agency calendar: 国庆 holidays skipped)" 0 "2025-10-30"
run "$BIN" workdays add 2025-09-26 20 --db "sqlite:$T/none.db"
expect_exact "workdays add without a database uses the shipped calendar" 0 "2025-10-30"
check "workdays add did not create a missing database file" test ! -e "$T/none.db"
run "$BIN" workdays add 2025-09-26 0 --db "sqlite:$T/none.db"
expect_exact "workdays add 0 days is the date itself" 0 "2025-09-26"
run "$BIN" workdays add 2026-12-20 20 --db "sqlite:$T/none.db"
expect_exact "workdays into the year after the latest notice is provisional (暂定)" 0 "2027-01-18 (暂定)"
run "$BIN" workdays add 2026-12-20 20 --strict --db "sqlite:$T/none.db"
expect "workdays --strict refuses the provisional year and names 2027" 2 "2027"
run "$BIN" workdays add 2026-12-20 20 --db "$DB"
expect_exact "the agency calendar has the same provisional year" 0 "2027-01-18 (暂定)"
run "$BIN" workdays add 2031-03-03 5 --db "sqlite:$T/none.db"
expect "workdays beyond the provisional year fails and names 2031" 2 "2031"
run "$BIN" workdays add 2026-09-25 20 --strict --db "sqlite:$T/none.db"
expect_exact "workdays --strict inside the loaded notices answers plainly" 0 "2026-10-29"
run "$BIN" workdays add 2025-13-01 20 --db "sqlite:$T/none.db"
expect "a malformed date is a usage error" 2 "2025-13-01"

# ---------------------------------------------------------------- users
run_in 'Str0ng-pass-1' "$BIN" user add alice --name 测试 --role clerk --department 社区服务办公室 \
  --password-stdin --db "$DB"
expect "user add alice" 0 "alice"
row="$(sqlite3 "$T/x.db" "SELECT u.display_name || '|' || d.name || '|' || r.role FROM users u
  JOIN departments d ON d.id = u.department_id JOIN user_roles r ON r.user_id = u.id WHERE u.username = 'alice'")"
if [ "$row" = "测试|社区服务办公室|clerk" ]; then
  ok "alice is stored with her name, department and role"
else
  OUT="$row"; RC=0; not_ok "alice is stored with her name, department and role" "expected 测试|社区服务办公室|clerk"
fi
hash="$(sqlite3 "$T/x.db" "SELECT password_hash FROM users WHERE username = 'alice'")"
if [ -n "$hash" ] && [[ "$hash" != *"Str0ng-pass-1"* ]]; then
  ok "alice's password is stored hashed"
else
  OUT="$hash"; RC=0; not_ok "alice's password is stored hashed"
fi
run_in 'Str0ng-pass-1' "$BIN" user add alice --role clerk --password-stdin --db "$DB"
if [ "$RC" -ne 0 ] && [[ "$OUT" == *alice* ]]; then
  ok "adding alice again fails and names her"
else
  not_ok "adding alice again fails and names her" "expected a non-zero exit and a message naming alice"
fi
run_in 'Str0ng-pass-1' "$BIN" user add bob --role boss --password-stdin --db "$DB"
expect "an unknown role is refused" 2 "boss"
run_in 'Str0ng-pass-1' "$BIN" user add carol --role clerk --department 不存在的部门 --password-stdin --db "$DB"
expect "an unknown department is refused" 2 "不存在的部门"
n="$(sqlite3 "$T/x.db" "SELECT count(*) FROM users WHERE username IN ('bob', 'carol')")"
if [ "$n" = 0 ]; then ok "refused users were not created"; else OUT="count=$n"; RC=0; not_ok "refused users were not created"; fi

run_in 'An0ther-pass-2' "$BIN" user passwd alice --password-stdin --db "$DB"
expect "user passwd alice" 0 "alice"
hash2="$(sqlite3 "$T/x.db" "SELECT password_hash FROM users WHERE username = 'alice'")"
if [ "$hash2" != "$hash" ]; then ok "user passwd changed the stored hash"; else OUT="$hash2"; RC=0; not_ok "user passwd changed the stored hash"; fi
run_in 'short' "$BIN" user passwd alice --password-stdin --db "$DB"
if [ "$RC" -ne 0 ] && [ "$(sqlite3 "$T/x.db" "SELECT password_hash FROM users WHERE username = 'alice'")" = "$hash2" ]; then
  ok "a too-short password is refused and the old one kept"
else
  not_ok "a too-short password is refused and the old one kept"
fi
run_in 'Str0ng-pass-1' "$BIN" user passwd nobody --password-stdin --db "$DB"
if [ "$RC" -ne 0 ]; then ok "user passwd of an unknown user fails"; else not_ok "user passwd of an unknown user fails"; fi

# ---------------------------------------------------------------- import
cat > "$T/apps.jsonl" <<'JSONL'
{"ref": "2025-001", "applicant": {"type": "natural", "name": "李四"}, "channel": "in_person", "received": "2025-03-04", "request": "2024年度老旧小区改造项目清单", "outcome": "granted", "closed": "2025-03-20", "reviews": []}

{"ref": "2025-002", "applicant": {"type": "commercial", "name": "某公司"}, "channel": "post", "received": "2025-05-06", "request": "某地块征收补偿方案", "outcome": "denied.process_info", "closed": "2025-06-01", "reviews": [{"kind": "reconsideration", "filed": "2025-06-20", "result": "upheld"}]}
{"ref": "2025-003", "applicant": {"type": "natural", "name": "王五"}, "channel": "online", "received": "2025-12-29", "request": "社区食堂补贴", "outcome": null, "closed": null}
JSONL
run "$BIN" import applications "$T/apps.jsonl" --db "$DB"
expect "import applications loads every line" 0 "imported 3 applications (1 still open, 1 reviews)"
expect_sql "an imported outcome is stored as a closed case" "1" "$T/x.db" "SELECT count(*) FROM applications WHERE imported = 1 AND outcome = 'denied.process_info' AND state = 'closed'"
run "$BIN" import applications "$T/apps.jsonl" --db "$DB"
expect "importing the same refs again fails and names the line" 1 "line 1" "2025-001"
printf '%s\n' '{"ref": "2025-101", "applicant": {"type": "natural", "name": "甲"}, "channel": "post", "received": "2025-01-02", "request": "x", "outcome": null, "closed": null}' \
  '{"ref": "2025-102", "applicant": {"type": "natural", "name": "乙"}, "channel": "carrier pigeon", "received": "2025-01-02", "request": "y", "outcome": null, "closed": null}' > "$T/bad.jsonl"
run "$BIN" import applications "$T/bad.jsonl" --db "$DB"
expect "a bad line is reported with its number" 2 "line 2" "carrier pigeon"
expect_sql "nothing of a bad file is imported" "0" "$T/x.db" "SELECT count(*) FROM applications WHERE ref = '2025-101'"
printf '%s\n' '{"ref": "2025-201", "applicant": {"type": "natural", "name": "丙"}, "channel": "post", "received": "2025-01-02", "request": "z", "outcome": "denied", "closed": "2025-01-05"}' > "$T/bad2.jsonl"
run "$BIN" import applications "$T/bad2.jsonl" --db "$DB"
expect "an unknown outcome key is refused" 2 "line 1" "denied"
printf 'not json\n' > "$T/bad3.jsonl"
run "$BIN" import applications "$T/bad3.jsonl" --db "$DB"
expect "a line that is not JSON is refused" 2 "line 1" "JSON"

# ---------------------------------------------------------------- import items
mkdir -p "$T/oldsite/2024"
printf '2024年社区食堂补贴名单说明\n' > "$T/oldsite/2024/说明.txt"
printf 'outside\n' > "$T/outside.txt"
code="$(sqlite3 "$T/x.db" "SELECT code FROM agencies LIMIT 1")"
cat > "$T/items.jsonl" <<'JSONL'
{"index_no": "OLD-2024-001", "title": "社区食堂运营补贴办法", "doc_no": "静安寺街道〔2024〕2号", "department": "社区服务办公室", "category": "0201", "formed_on": "2024-02-01", "published_on": "2024-02-05", "ground": "art20_1", "body": "为做好社区食堂运营补贴工作，制定本办法。", "attachments": ["2024/说明.txt"]}

{"index_no": "OLD-2024-002", "title": "2024年第一季度社会救助情况", "department": "社区服务办公室", "category": "0202", "formed_on": "2024-04-02", "published_on": "2024-04-02", "ground": "art20_11", "validity": "expired", "body": "第一季度发放低保金。"}
JSONL
run "$BIN" import items "$T/items.jsonl" --files "$T/oldsite" --agency "$code" --db "$DB"
expect "import items publishes every line" 0 "imported 2 published items (1 attachments), 0 skipped"
expect_sql "imported items are published, marked as migrated" "2" "$T/x.db" "SELECT count(*) FROM publications p JOIN items i ON i.id = p.item_id WHERE p.migrated = 1 AND i.state = 'published' AND i.index_no LIKE 'OLD-2024-%'"
run "$BIN" import items "$T/items.jsonl" --files "$T/oldsite" --db "$DB"
expect "importing the same file again skips every line" 0 "imported 0 published items (0 attachments), 2 skipped"
printf '%s\n' '{"index_no": "OLD-2024-003", "title": "甲", "department": "社区服务办公室", "category": "0202", "formed_on": "2024-01-02", "published_on": "2024-01-03", "ground": "art19", "body": "x"}' \
  '{"index_no": "OLD-2024-004", "title": "乙", "department": "不存在的科室", "category": "0202", "formed_on": "2024-01-02", "published_on": "2024-01-03", "ground": "art19", "body": "y"}' > "$T/bad-items.jsonl"
run "$BIN" import items "$T/bad-items.jsonl" --db "$DB"
expect "an unknown department is refused with its line" 2 "line 2" "不存在的科室"
expect_sql "nothing of a bad items file is imported" "0" "$T/x.db" "SELECT count(*) FROM items WHERE index_no = 'OLD-2024-003'"
printf '%s\n' '{"index_no": "OLD-2024-005", "title": "丙", "department": "社区服务办公室", "category": "0202", "formed_on": "2024-01-02", "published_on": "2024-01-03", "ground": "art19", "body": "z", "attachments": ["../outside.txt"]}' > "$T/escape.jsonl"
run "$BIN" import items "$T/escape.jsonl" --files "$T/oldsite" --db "$DB"
expect "an attachment outside --files is refused" 2 "line 1" "outside the files folder"
run "$BIN" import items "$T/items.jsonl" --files "$T/no-such-folder" --db "$DB"
expect "--files must be a folder" 1 "no-such-folder"

# ---------------------------------------------------------------- report annual
run "$BIN" report annual --year 2025 --format json --db "$DB"
expect "report annual --format json computes the tables from the imported records" 0 '"year":2025' \
  '"new":{"natural":2,"commercial":1,"research":0,"public_welfare":0,"legal_service":0,"other_org":0,"total":3}' \
  '"granted":{"natural":1,"commercial":0' '"denied.process_info":{"natural":0,"commercial":1' \
  '"total":{"natural":1,"commercial":1,"research":0,"public_welfare":0,"legal_service":0,"other_org":0,"total":2}' \
  '"carried_out":{"natural":1,"commercial":0,"research":0,"public_welfare":0,"legal_service":0,"other_org":0,"total":1}' \
  '"reconsideration":{"upheld":1,"corrected":0,"other":0,"pending":0,"total":1}'
run "$BIN" report annual --year 2026 --format json --db "$DB"
expect "the open application is carried into the next year" 0 '"carried_in":{"natural":1,'
run "$BIN" report annual --year 2025 --db "$DB"
expect "report annual prints the national format's rows as text" 0 "一、本年新收政府信息公开申请数量" \
  "属于四类过程性信息" "四、结转下年度继续办理" "行政复议"
run "$BIN" report annual --year 2025 --format xml --db "$DB"
expect "an unknown report format is a usage error" 2 "json or text"
sqlite3 "$T/x.db" "UPDATE applications SET outcome = NULL WHERE ref = '2025-001'"
run "$BIN" report annual --year 2025 --format json --db "$DB"
expect "a closed application without an outcome is reported, not counted" 1 "2025-001"
sqlite3 "$T/x.db" "UPDATE applications SET outcome = 'granted' WHERE ref = '2025-001'"

# ---------------------------------------------------------------- archive
run "$BIN" archive --year 2025 -o "$T/2025.zip" --db "$DB"
expect "archive writes the year's records with a manifest" 0 "archived 2025" "3 applications" "manifest sha256"
digest="$(sed -n 's/^manifest sha256 //p' <<<"$OUT")"
expect_sql "the manifest digest is in the audit log" "1" "$T/x.db" "SELECT count(*) FROM audit_log WHERE action = 'records.archive' AND detail LIKE '%$digest'"
run "$BIN" archive verify "$T/2025.zip"
expect "archive verify accepts the archive" 0 "ok:" "3 applications" "$digest"
head -c 200 "$T/2025.zip" > "$T/broken.zip"
run "$BIN" archive verify "$T/broken.zip"
expect "a damaged archive is refused" 2 "error:"
run "$BIN" archive --db "$DB"
expect "archive without --year and -o is a usage error" 2 "--year"

# ---------------------------------------------------------------- filing
run "$BIN" filing create --from 2026-01-01 --to 2026-12-31 -o "$T/filing.json" --db "$DB"
expect "filing create writes the package" 0 "filed 0 published items (2026-01-01 to 2026-12-31)"
check "the package is JSON of kind gongkai.filing" grep -q '"kind":"gongkai.filing"' "$T/filing.json"
run "$BIN" filing check "$T/filing.json" --db "$DB"
expect "filing check of an unchanged package" 0 "all 0 filed items are on the portal as filed"
code="$(sqlite3 "$T/x.db" "SELECT code FROM agencies LIMIT 1")"
printf '{"kind":"gongkai.filing","agency_code":"%s","from":"2026-01-01","to":"2026-12-31","items":[{"item_id":1,"index_no":"X-1","title":"已备案的信息","published_on":"2026-03-02","version":1,"content_hash":"00"}]}\n' "$code" > "$T/filed.json"
run "$BIN" filing check "$T/filed.json" --db "$DB"
expect "filing check names an item the portal no longer serves" 1 "X-1" "已撤回" "1 of 1 filed items differ"
printf '{"kind":"gongkai.filing","agency_code":"another","items":[]}\n' > "$T/foreign.json"
run "$BIN" filing check "$T/foreign.json" --db "$DB"
expect "a package of another agency is refused" 2 "其他机关"
run "$BIN" filing create --from 2026-12-31 --to 2026-01-01 -o "$T/bad.json" --db "$DB"
expect "a reversed period is refused" 2 "备案期间无效"

# ---------------------------------------------------------------- check
printf '关于张三同志的情况说明\n身份证号：11010519491231002X，联系电话13812345678。\n本文件为内部资料。\n' > "$T/a.txt"
printf '平常的社区通知，欢迎居民参加。编号110105194912310021不是身份证号。\n' > "$T/b.txt"
printf '拆迁名单\n' > "$T/lex.txt"
run "$BIN" check "$T/a.txt" "$T/b.txt"
expect "check reports a blocking identity number with its position, exit 1" 1 \
  '"file":"'"$T"'/a.txt","verdict":"block"' '"kind":"id_card","text":"11010519491231002X","start":17,"end":35,"severity":"block"' \
  '"kind":"internal_mark"' '"verdict":"pass"'
run "$BIN" check "$T/b.txt"
expect "check passes a clean document (a wrong check digit is no identity number), exit 0" 0 '"verdict":"pass","format":"txt","findings":[]'
printf '附件：拆迁名单\n' > "$T/c.txt"
run "$BIN" check --lexicon "$T/lex.txt" --format text "$T/c.txt"
expect "check uses the given lexicon; warnings exit 0" 0 "c.txt: warn" "[warn] lexicon 3-7 拆迁名单"
run "$BIN" check "$T/missing.docx"
expect "check of an unreadable file is an error, exit 2" 2 '"verdict":"error"'
printf 'PK\003\004 not really a zip' > "$T/broken.docx"
run "$BIN" check "$T/broken.docx"
expect "check of a corrupt docx is an error, exit 2" 2 '"verdict":"error"' "文件损坏"

# ---------------------------------------------------------------- redact
run "$BIN" redact "$T/a.txt" -o "$T/a.red.txt"
expect "redact removes the blocking findings and verifies the copy" 0 '"verified":true' '"text":"11010519491231002X"'
if [ -f "$T/a.red.txt" ] && ! grep -q 11010519491231002X "$T/a.red.txt" && grep -q "关于张三同志的情况说明" "$T/a.red.txt"; then
  ok "the redacted copy lacks the number and keeps the rest"
else
  not_ok "the redacted copy lacks the number and keeps the rest"
fi
run "$BIN" check "$T/a.red.txt"
expect "the redacted copy no longer blocks (the mobile number still warns)" 0 '"verdict":"warn"' '"kind":"mobile"'
printf '张三\n' > "$T/terms.txt"
run "$BIN" redact "$T/a.txt" -o "$T/a.red2.txt" --kinds mobile --terms "$T/terms.txt"
expect "redact takes kinds and terms" 0 '"text":"13812345678"' '"text":"张三"' '"verified":true'
run "$BIN" redact "$T/a.txt" -o "$T/x.txt" --kinds nope
expect "an unknown kind is a usage error" 2 "unknown kind"
run "$BIN" redact "$T/broken.docx" -o "$T/y.docx"
expect "a corrupt input is an error and writes nothing" 2 "文件损坏"
if [ ! -e "$T/y.docx" ]; then ok "no output for a corrupt input"; else not_ok "no output for a corrupt input"; fi

# ---------------------------------------------------------------- scans
if [ -n "$SCAN_PAGE" ] && [ -x "$SCAN_PAGE" ]; then
  notice=("关于发放困难补助的公示" "申请人：张三" "身份证号码：11010519491231002X" "公示期：七个工作日" "静安寺街道办事处")
  "$SCAN_PAGE" pdf "$T/scan.pdf" --stamp "${notice[@]}"
  "$SCAN_PAGE" jpg "$T/scan.jpg" "${notice[@]}"
  run "$BIN" check "$T/scan.pdf" "$T/scan.jpg"
  expect "check reads a scanned PDF page and a photo by OCR and blocks on the number" 1 \
    '"file":"'"$T"'/scan.pdf","verdict":"block","format":"pdf"' '"file":"'"$T"'/scan.jpg","verdict":"block","format":"image"' \
    '"text":"11010519491231002X"' '"where":"第1页（扫描件识别）"' '"where":"图片（扫描件识别）"'
  run "$BIN" redact "$T/scan.pdf" -o "$T/scan.red.pdf"
  expect "redact paints the number over on the scan and verifies the copy by OCR" 0 '"verified":true' \
    '"where":"第1页（扫描件识别）"'
  run "$BIN" check "$T/scan.red.pdf"
  expect "the redacted scan passes, and its text still reads" 0 '"verdict":"pass","format":"pdf"'
  run "$BIN" redact "$T/scan.jpg" -o "$T/scan.red.jpg"
  expect "redact of a photo keeps it a JPEG" 0 '"verified":true'
  if [ "$(head -c 3 "$T/scan.red.jpg" | od -An -tx1 | tr -d ' ')" = "ffd8ff" ]; then
    ok "the redacted photo is a JPEG"
  else
    not_ok "the redacted photo is a JPEG"
  fi
else
  ok "# SKIP scans: no scan_page helper given"
fi

# ---------------------------------------------------------------- audit
run "$BIN" audit verify --db "$DB"
expect "audit verify on an untouched database" 0 "intact"
entries="$(sqlite3 "$T/x.db" 'SELECT count(*) FROM audit_log')"
last="$(sqlite3 "$T/x.db" 'SELECT max(seq) FROM audit_log')"
if [ "$entries" -ge 4 ] && [[ "$OUT" == *"$entries entries"* ]]; then
  ok "audit verify checked all $entries entries"
else
  not_ok "audit verify checked all entries" "expected $entries entries (need at least 4 for the tamper checks)"
fi

cp "$T/x.db" "$T/edited.db"
sqlite3 "$T/edited.db" "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail='x' WHERE seq=3;"
run "$BIN" audit verify --db "sqlite:$T/edited.db"
expect "audit verify finds an edited entry and names seq 3" 1 "seq 3"

cp "$T/x.db" "$T/gap.db"
sqlite3 "$T/gap.db" "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq=2;"
run "$BIN" audit verify --db "sqlite:$T/gap.db"
expect "audit verify finds a removed middle entry and names seq 2" 1 "seq 2"

cp "$T/x.db" "$T/tail.db"
sqlite3 "$T/tail.db" "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq=$last;"
run "$BIN" audit verify --db "sqlite:$T/tail.db"
expect "audit verify finds a removed last entry (head mismatch)" 1 "seq $last"

sqlite3 "$T/x.db" "UPDATE audit_log SET detail='x' WHERE seq=3;" >/dev/null 2>&1
upd_rc=$?
if [ "$upd_rc" -ne 0 ] && [ "$(sqlite3 "$T/x.db" 'SELECT detail FROM audit_log WHERE seq=3')" != x ]; then
  ok "the audit log refuses an UPDATE while its trigger is in place"
else
  OUT=""; RC=$upd_rc; not_ok "the audit log refuses an UPDATE while its trigger is in place"
fi

run "$BIN" search rebuild --db "$DB"
expect "search rebuild re-tokenizes the index" 0 "search index rebuilt"

# serve: starts on a free port, answers, and stops cleanly on SIGTERM.
GONGKAI_PASSWORD_COST=test "$BIN" serve --db "$DB" --port 0 >"$T/serve.log" 2>&1 &
serve_pid=$!
port=""
for _ in $(seq 1 200); do
  port="$(sed -n 's#^Gongkai listening on http://127.0.0.1:\([0-9]*\)/$#\1#p' "$T/serve.log")"
  [ -n "$port" ] && break
  kill -0 "$serve_pid" 2>/dev/null || break
  sleep 0.05
done
if [ -n "$port" ]; then
  ok "serve --port 0 prints the address it listens on"
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' >&3
  OUT="$(cat <&3)"
  exec 3<&-
  RC=0
  expect "serve answers /healthz" 0 "HTTP/1.1 200" '{"status":"ok"}'
  kill -TERM "$serve_pid"
  wait "$serve_pid"
  RC=$?
  OUT="$(cat "$T/serve.log")"
  expect "serve stops on SIGTERM with exit code 0" 0 "Gongkai stopped"
else
  OUT="$(cat "$T/serve.log")"; RC=1
  not_ok "serve --port 0 prints the address it listens on"
  kill "$serve_pid" 2>/dev/null
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
