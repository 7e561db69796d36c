-- POST /v1/posts with a new text each time (no two alike, so no duplicate-spam label); every
-- FLAG_EVERYth (20 by default; 0: none) names a term of the administrators' list, which the
-- policies hold. wrk runs one Lua state per thread.
local n = 0
local flagEvery = tonumber(os.getenv("FLAG_EVERY") or "20")
local words = { "stream", "video", "today", "great", "look", "friends", "music", "game", "city", "night" }
request = function()
  n = n + 1
  local text = "post " .. n .. " " .. math.random(1, 1e9)
  for i = 1, 8 do
    text = text .. " " .. words[((n * 7 + i * 3) % #words) + 1]
  end
  if flagEvery > 0 and n % flagEvery == 0 then
    text = text .. " badterm5"
  end
  return wrk.format("POST", nil, nil, '{"text":"' .. text .. '"}')
end
