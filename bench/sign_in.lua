-- wrk script of bench/request_path.py: each request a QR sign-in of another resident.
-- Arguments: a file of "bearer-token<TAB>json-body" lines, one resident each. Thread n
-- (of wrk's -t threads) takes lines n+1, n+1+threads, ... so no resident is sent twice.
local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  lines = {}
  for line in io.lines(args[1]) do
    lines[#lines + 1] = line
  end
  step = tonumber(args[2])
  next_line = id + 1
end

function request()
  local line = lines[next_line]
  if line == nil then
    -- Out of residents: a repeat would be an idempotent read, not a write; the
    -- bench counts the stored attendances and refuses a run that got here.
    line = lines[id + 1]
  end
  next_line = next_line + step
  local tab = line:find("\t")
  local headers = {
    ["Authorization"] = "Bearer " .. line:sub(1, tab - 1),
    ["Content-Type"] = "application/json",
  }
  return wrk.format("POST", nil, headers, line:sub(tab + 1))
end
