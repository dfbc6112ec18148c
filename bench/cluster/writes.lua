-- wrk: the writing part of bench/cluster_load. Each thread (one connection
-- each: run with -c equal to -t) files applications the way a browser does:
-- GET /apply for the form token, its cookie and the submission token, then
-- POST the form. done() prints how many receipts were shown.
local threads = {}

setup = function(thread)
  table.insert(threads, thread)
end

init = function(args)
  state = "form"
  csrf, cookie, once = "", "", ""
  receipts, refused, n = 0, 0, 0
end

local function enc(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

request = function()
  if state == "form" then
    return wrk.format("GET", "/apply", {["Cookie"] = cookie ~= "" and cookie or nil})
  end
  n = n + 1
  local body = "_csrf=" .. enc(csrf) .. "&_once=" .. enc(once) ..
      "&applicant_type=natural&name=" .. enc("负载测试") .. "&id_type=" .. enc("居民身份证") ..
      "&id_number=11010519491231002X&phone=13812345678&info_title=" .. enc("负载测试申请 " .. n) ..
      "&form=electronic&delivery=online&consent=1"
  return wrk.format("POST", "/apply", {["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = cookie,
                                       ["Origin"] = os.getenv("SITE_URL")}, body)
end

response = function(status, headers, body)
  if state == "form" then
    local set = headers["Set-Cookie"] or headers["set-cookie"]
    if set then cookie = set:match("^([^;]+)") end
    csrf = body:match('name="_csrf" value="([^"]+)"') or ""
    once = body:match('name="_once" value="([^"]+)"') or ""
    state = "post"
  else
    if status == 200 and body:find('id="query%-code"') then receipts = receipts + 1 else refused = refused + 1 end
    state = "form"
  end
end

done = function(summary, latency, requests)
  local ok, bad = 0, 0
  for _, t in ipairs(threads) do
    ok = ok + (t:get("receipts") or 0)
    bad = bad + (t:get("refused") or 0)
  end
  io.write(string.format("receipts %d refused %d\n", ok, bad))
end
