-- ringscope's test helpers, run in every script `ringscope test` runs, before the script.
-- Built into the binary (ui/lua/embed.cmake); README.md ("Writing a test guest") documents them.
--
-- Globals (also ringscope.NAME):
--   expect_eq(actual, expected, [what])       equal values; an event compared with a table
--                                             needs only the fields the table names
--   expect_contains(text, part, [what])       TEXT contains PART (plain text, not a pattern)
--   expect_error(fn, [part])                  FN() raises an error (whose text contains PART)
--   expect_fault{field = value, ...}          runs to the next exception; checks its fields
--   expect_syscalls{call, call, ...}          runs through the next system calls, in order
--   expect_no_exception{[cpl = N]}            runs to the end; no exception may happen
--   expect_exit(status)                       runs to the end; checks the exit status
-- The last four run the newest machine ringscope.boot returned unless given `machine = m`, take
-- `max_insns` and `timeout` (the limits of each run), and are machine methods too
-- (m:expect_fault{...}). Each returns what it checked.
--
-- A failed expectation is an error at the script's line (ringscope.fail skips this file's frames):
-- its first line says what was expected and what happened; the next lines show the event.
local ringscope, Machine = ...
local fail = ringscope.fail

local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  return keys
end

-- Values as messages show them: addresses in hex, small numbers in decimal, strings quoted.
local function show(v, depth)
  depth = depth or 0
  if math.type(v) == "integer" then
    return v > 0xffff and string.format("0x%08x", v) or tostring(v)
  elseif type(v) == "string" then
    return (string.format("%q", v):gsub("\\\n", "\\n"))
  elseif type(v) == "table" and v.kind and v.text then
    return string.format("<%s event: %s>", v.kind, v.text)
  elseif type(v) == "table" and depth < 3 then
    local parts = {}
    for _, k in ipairs(sorted_keys(v)) do
      parts[#parts + 1] = (math.type(k) == "integer" and "" or tostring(k) .. "=") .. show(v[k], depth + 1)
    end
    return "{" .. table.concat(parts, ", ") .. "}"
  end
  return tostring(v)
end

local function deep_equal(a, b, depth)
  if a == b then return true end
  if type(a) ~= "table" or type(b) ~= "table" or (depth or 0) > 20 then return false end
  for k, v in pairs(a) do
    if not deep_equal(v, b[k], (depth or 0) + 1) then return false end
  end
  for k in pairs(b) do
    if a[k] == nil then return false end
  end
  return true
end

-- "\n  event: TEXT (icount N)" for an event, so a message shows what broke the expectation.
local function event_context(ev)
  if type(ev) ~= "table" or not ev.text then return "" end
  return string.format("\n  event: %s (%s at icount %d)", ev.text, ev.kind, ev.icount or -1)
end

local function describe(want)
  local parts = {}
  for _, k in ipairs(sorted_keys(want)) do parts[#parts + 1] = tostring(k) .. " = " .. show(want[k]) end
  return #parts > 0 and "{" .. table.concat(parts, ", ") .. "}" or "(any)"
end

local function check_fields(ev, want)
  for _, k in ipairs(sorted_keys(want)) do
    if not deep_equal(ev[k], want[k]) then
      local got = ev[k] == nil and "none (the event has no " .. tostring(k) .. ")" or show(ev[k])
      fail(string.format("expected %s %s, got %s", tostring(k), show(want[k]), got) .. event_context(ev))
    end
  end
end

local function expect_eq(actual, expected, what)
  if type(actual) == "table" and actual.kind and type(expected) == "table" then
    check_fields(actual, expected)      -- an event: only the fields asked about
  elseif not deep_equal(actual, expected) then
    fail(string.format("expected %s%s, got %s", what and what .. " " or "", show(expected), show(actual)))
  end
  return actual
end

local function tail_lines(text, n)
  local lines = {}
  for line in text:gmatch("[^\n]*") do lines[#lines + 1] = line end
  if lines[#lines] == "" then lines[#lines] = nil end
  local first = math.max(1, #lines - n + 1)
  local out = {}
  for i = first, #lines do out[#out + 1] = "\n    " .. lines[i] end
  return table.concat(out), first > 1
end

local function expect_contains(text, part, what)
  what = what or "the text"
  if type(text) ~= "string" then fail(string.format("expect_contains: %s is a %s, not a string", what, type(text))) end
  if type(part) ~= "string" then fail(string.format("expect_contains: the part to find is a %s", type(part))) end
  if not text:find(part, 1, true) then
    local lines, cut = tail_lines(text, 8)
    fail(string.format("expected %s to contain %s\n  %s:%s", what, show(part),
                       text == "" and "it is empty" or cut and "its last lines" or "it is", lines))
  end
  return text
end

local function expect_error(fn, part)
  if type(fn) ~= "function" then fail("expect_error: expects a function, got " .. type(fn)) end
  local ok, err = pcall(fn)
  if ok then
    fail("expected an error" .. (part and " containing " .. show(part) or "") .. ", but the call succeeded")
  end
  err = tostring(err)
  if part and not err:find(part, 1, true) then
    fail(string.format("expected an error containing %s, got %s", show(part), show(err)))
  end
  return err
end

-- ---- Expectations that run a machine ----

local current      -- the newest machine ringscope.boot returned
local boot = ringscope.boot
function ringscope.boot(spec)
  local m = boot(spec)
  current = m
  return m
end
function ringscope.current() return current end

local options = { machine = true, max_insns = true, timeout = true }

-- Splits SPEC into the machine, the limits of each run and the remaining fields.
local function split(name, spec, m, extra_options)
  if spec ~= nil and type(spec) ~= "table" then
    fail(string.format("%s: expects a table, got %s", name, type(spec)))
  end
  spec = spec or {}
  m = m or spec.machine or current
  if not m then fail(name .. ": no machine: boot one first with ringscope.boot{...}") end
  local limits
  if spec.max_insns or spec.timeout then limits = { max_insns = spec.max_insns, timeout = spec.timeout } end
  local rest = {}
  for k, v in pairs(spec) do
    if not options[k] and not (extra_options and extra_options[k]) then rest[k] = v end
  end
  return m, limits, rest
end

local function stopped_first(why, detail)
  return string.format("the machine stopped first (%s: %s)", tostring(why), tostring(detail))
end

local function expect_fault(spec, m)
  local limits, want
  m, limits, want = split("expect_fault", spec, m)
  local ev, why, detail = m:run_until("exception", limits)
  if not ev then fail("expect_fault: expected a fault " .. describe(want) .. ", but " .. stopped_first(why, detail)) end
  check_fields(ev, want)
  return ev
end

-- ---- expect_syscalls ----

local function show_ret(r)
  local e = math.type(r) == "integer" and r < 0 and ringscope.errno(r)
  return e and string.format("%d %s", r, e) or show(r)
end

-- A call is "name", a number, {"name", result} or {name = "name", ret = result}; a result may be
-- an errno name ("EFAULT" means -14).
local function parse_call(i, c)
  local name, ret
  if type(c) == "string" or math.type(c) == "integer" then
    name = c
  elseif type(c) == "table" then
    name, ret = c.name or c[1], c.ret
    if ret == nil then ret = c[2] end
  end
  if type(name) ~= "string" and math.type(name) ~= "integer" then
    fail(string.format("expect_syscalls: call %d must be a name, a number or {name, result}, got %s", i, show(c)))
  end
  if type(ret) == "string" then
    local e = ringscope.errno(ret)
    if not e then fail(string.format("expect_syscalls: call %d: unknown errno name %s", i, show(ret))) end
    ret = -e
  end
  return name, ret
end

local function call_name(ev) return ev.name or ("syscall_" .. ev.nr) end

local function check_return(m, limits, i, name, ret, ev)
  local r, why, detail = m:run_until("sysret", limits)
  if not r then
    fail(string.format("expect_syscalls: call %d: expected %s -> %s, but %s", i, call_name(ev), show_ret(ret),
                       stopped_first(why, detail)) .. event_context(ev))
  end
  if r.nr ~= ev.nr or r.ret ~= ret then
    fail(string.format("expect_syscalls: call %d: expected %s -> %s, got %s -> %s", i, tostring(name), show_ret(ret),
                       call_name(r), show_ret(r.ret)) .. event_context(ev) .. event_context(r))
  end
  return r
end

local function check_no_more(m, limits, n)
  local ev, why, detail = m:run_until("syscall", limits)
  if ev then
    fail(string.format("expect_syscalls: expected no system call after the %d listed, got %s", n, ev.text)
         .. event_context(ev))
  end
  if not m:exit_status() then
    fail("expect_syscalls: expected the guest to finish after the listed calls, but " .. stopped_first(why, detail))
  end
end

local function expect_syscalls(spec, m)
  local limits, calls
  m, limits, calls = split("expect_syscalls", spec, m, { only = true })
  local entered, returned = {}, {}
  for i = 1, #calls do
    local name, ret = parse_call(i, calls[i])
    local ev, why, detail = m:run_until("syscall", limits)
    if not ev then
      fail(string.format("expect_syscalls: call %d: expected %s, but %s", i, tostring(name), stopped_first(why, detail)))
    end
    if (math.type(name) == "integer" and ev.nr ~= name) or (type(name) == "string" and ev.name ~= name) then
      fail(string.format("expect_syscalls: call %d: expected %s, got %s", i, tostring(name), call_name(ev))
           .. event_context(ev))
    end
    entered[i] = ev
    if ret ~= nil then returned[i] = check_return(m, limits, i, name, ret, ev) end
  end
  if (spec or {}).only then check_no_more(m, limits, #calls) end
  return entered, returned
end

-- ---- Running to the end ----

local function expect_no_exception(spec, m)
  local limits, want
  m, limits, want = split("expect_no_exception", spec, m, nil)
  for k in pairs(want) do
    if k ~= "cpl" then fail("expect_no_exception: unknown field " .. tostring(k) .. " (known: cpl, machine, max_insns, timeout)") end
  end
  while true do
    local ev, why, detail = m:run_until("exception", limits)
    if ev and (want.cpl == nil or ev.cpl == want.cpl) then
      fail("expected no exception, got " .. ev.text .. event_context(ev))
    elseif not ev then
      local status = m:exit_status()
      if not status then fail("expect_no_exception: the guest did not finish: " .. stopped_first(why, detail)) end
      return status, why, detail
    end
  end
end

local function expect_exit(status, spec, m)
  local limits
  m, limits = split("expect_exit", spec, m)
  local got, why, detail = m:exit_status()
  if got == nil then got, why, detail = m:run(limits) end
  if got ~= status then
    fail(string.format("expected exit status %s, got %s (%s: %s)", show(status), show(got), tostring(why),
                       tostring(detail)))
  end
  return got
end

local helpers = {
  expect_eq = expect_eq, expect_contains = expect_contains, expect_error = expect_error, expect_fault = expect_fault,
  expect_syscalls = expect_syscalls, expect_no_exception = expect_no_exception, expect_exit = expect_exit,
}
for name, fn in pairs(helpers) do
  ringscope[name] = fn
  _G[name] = fn
end
function Machine:expect_fault(spec) return expect_fault(spec, self) end
function Machine:expect_syscalls(spec) return expect_syscalls(spec, self) end
function Machine:expect_no_exception(spec) return expect_no_exception(spec, self) end
function Machine:expect_exit(status, spec) return expect_exit(status, spec, self) end
