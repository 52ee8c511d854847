-- Argo CD runs a check from argocd-cm without the string and math libraries (unless useOpenLibs
-- is set) and on a Lua 5.1 VM, so only base functions and 5.1 syntax are used. Any field may be
-- missing or of another type (a status written by an older operator, or replaced because it was
-- unreadable): the check must still answer, never raise an error.
local hs = {}

local function field(t, key)
  if type(t) == "table" then
    return t[key]
  end
  return nil
end

local function text(v)
  if type(v) == "string" and v ~= "" then
    return v
  end
  return nil
end

local function count(v)
  -- v == v leaves out NaN, which would make every comparison below false
  if type(v) == "number" and v == v then
    return v
  end
  return nil
end

local status = field(obj, "status")
local phase = text(field(status, "phase"))
local generation = count(field(field(obj, "metadata"), "generation"))
local observed = count(field(status, "observedGeneration"))
local summary = text(field(status, "message")) or text(field(status, "progress"))

if phase == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator"
  return hs
end

-- A spec change starts a new round; until the operator records it, the status (even Recovered)
-- describes a failover that is no longer the one asked for.
if generation ~= nil and observed ~= nil and observed < generation then
  hs.status = "Degraded"
  hs.message = "The spec changed: the operator has not observed generation " .. tostring(generation)
    .. " (status is of generation " .. tostring(observed) .. ", " .. phase .. ")"
  return hs
end

if phase == "Recovered" then
  -- Healthy only when the status is known to be of the current spec.
  if generation ~= nil and observed == nil then
    hs.status = "Progressing"
    hs.message = "Waiting for the operator to observe generation " .. tostring(generation)
    return hs
  end
  hs.status = "Healthy"
  hs.message = summary or "Recovered"
  return hs
end

if phase == "Failed" then
  local complete = nil
  local conditions = field(status, "conditions")
  if type(conditions) == "table" then
    for _, c in ipairs(conditions) do
      if field(c, "type") == "Complete" then
        complete = c
        break
      end
    end
  end
  local reason = text(field(complete, "reason"))
  local detail = text(field(complete, "message")) or summary
  hs.status = "Degraded"
  if reason ~= nil and detail ~= nil then
    hs.message = reason .. ": " .. detail
  else
    hs.message = reason or detail or "The round failed"
  end
  return hs
end

if phase == "AwaitingApproval" then
  local round = count(field(status, "round"))
  local approve = "annotate ir.lustre.dev/approve with status.round"
  if round ~= nil then
    approve = "annotate ir.lustre.dev/approve=" .. tostring(round)
  end
  local plan = field(status, "plan")
  local action = text(field(plan, "action"))
  local uuids = count(field(plan, "count"))
  local what = "The close plan"
  if action ~= nil and uuids ~= nil then
    what = "The close plan (" .. action .. ", " .. tostring(uuids) .. " client(s))"
  elseif action ~= nil then
    what = "The close plan (" .. action .. ")"
  end
  hs.status = "Suspended"
  hs.message = what .. " waits for approval: " .. approve
  return hs
end

if phase == "Suspended" then
  hs.status = "Suspended"
  hs.message = summary or "Suspended by spec.suspend"
  return hs
end

if phase == "Pending" or phase == "Preflight" or phase == "Reconnecting" or phase == "ClosingWindow" then
  hs.status = "Progressing"
  if summary ~= nil then
    hs.message = phase .. ": " .. summary
  else
    hs.message = phase
  end
  return hs
end

-- A phase this check does not know (a newer operator) is not evidence of health or of failure.
hs.status = "Unknown"
hs.message = "Unknown phase " .. phase
return hs
