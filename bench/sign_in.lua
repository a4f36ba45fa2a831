-- wrk script of bench/request_path.py: each request a QR sign-in of another resident.
-- Arguments: a file of "bearer-token<TAB>json-body" lines, one resident each, and wrk's
-- thread count. Thread n takes lines n+1, n+1+threads, ... so no resident is sent twice;
-- a thread that runs out starts again from its first (a repeat: 200, not 201), and the
-- counts printed at the end let the bench refuse such a run.
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  lines = {}
  for line in io.lines(args[1]) do
    lines[#lines + 1] = line
  end
  step = tonumber(args[2])
  next_line = id + 1
  created, repeated, other = 0, 0, 0
end

function request()
  local line = lines[next_line]
  if line == nil then
    next_line = id + 1
    line = lines[next_line]
  end
  next_line = next_line + step
  local tab = line:find("\t")
  local headers = {
    ["Authorization"] = "Bearer " .. line:sub(1, tab - 1),
    ["Content-Type"] = "application/json",
  }
  return wrk.format("POST", nil, headers, line:sub(tab + 1))
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
  elseif status == 200 then
    repeated = repeated + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local c, r, o = 0, 0, 0
  for _, thread in ipairs(threads) do
    c = c + thread:get("created")
    r = r + thread:get("repeated")
    o = o + thread:get("other")
  end
  io.write(string.format("sign-ins: %d created, %d repeated, %d other\n", c, r, o))
end
