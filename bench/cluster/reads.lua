-- wrk: the reading part of bench/cluster_load: portal pages, searches and,
-- for one request in five, a staff page with a signed-in session
-- (STAFF_COOKIE). Paths are picked at random with fixed weights.
-- ITEMS_FILE: the published items' ids, one per line.
local items = {}
for line in io.lines(os.getenv("ITEMS_FILE")) do table.insert(items, line) end
local cookie = os.getenv("STAFF_COOKIE") or ""
local portal = {"/", "/", "/catalog", "/guide", "/search?q=%E5%85%AC%E5%BC%80", "/search?q=%E8%A1%A5%E8%B4%B4",
                "/apply", "/feedback"}
local staff = {"/staff", "/staff/applications", "/staff/items", "/staff/ledger", "/staff/supervision"}

math.randomseed(os.time())

request = function()
  local r = math.random(100)
  if r <= 20 and cookie ~= "" then
    return wrk.format("GET", staff[math.random(#staff)], {["Cookie"] = "gk_session=" .. cookie})
  elseif r <= 55 then
    return wrk.format("GET", "/items/" .. items[math.random(#items)])
  end
  return wrk.format("GET", portal[math.random(#portal)])
end
