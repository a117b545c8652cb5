-- Richards: the classic operating-system scheduler simulation (task control blocks, packet
-- queues, four kinds of task object with a run method): method calls, field access, linked
-- lists. Prints the queue and hold counts of the last run (2322 and 928 per 1000 idle steps).
local bit = rawget(_G, "bit") -- LuaJIT (Lua 5.1) has no bitwise operators, only its bit module
local band, rshift, bxor
if bit then
  band, rshift, bxor = bit.band, bit.rshift, bit.bxor
else
  band, rshift, bxor = load("return function(a, b) return a & b end, " ..
    "function(a, n) return a >> n end, function(a, b) return a ~ b end")()
end

local ID_IDLE, ID_WORKER, ID_HANDLER_A, ID_HANDLER_B, ID_DEVICE_A, ID_DEVICE_B = 1, 2, 3, 4, 5, 6
local KIND_DEVICE, KIND_WORK = 0, 1
local DATA_SIZE = 4

local Packet = {}
Packet.__index = Packet
function Packet.new(link, id, kind)
  local a2 = {}
  for i = 1, DATA_SIZE do a2[i] = 0 end
  return setmetatable({link = link, id = id, kind = kind, a1 = 0, a2 = a2}, Packet)
end
function Packet:addTo(queue)
  self.link = nil
  if queue == nil then return self end
  local peek = queue
  local nxt = peek.link
  while nxt ~= nil do peek = nxt; nxt = peek.link end
  peek.link = self
  return queue
end

-- A task control block; its state is three flags (packet pending, waiting, holding).
local Tcb = {}
Tcb.__index = Tcb
function Tcb.new(link, id, priority, queue, task)
  return setmetatable({link = link, id = id, priority = priority, queue = queue, task = task,
    pending = queue ~= nil, waiting = true, holding = false}, Tcb)
end
function Tcb:setRunning() self.pending = false; self.waiting = false; self.holding = false end
function Tcb:markAsNotHeld() self.holding = false end
function Tcb:markAsHeld() self.holding = true end
function Tcb:markAsSuspended() self.waiting = true end
function Tcb:markAsRunnable() self.pending = true end
function Tcb:isHeldOrSuspended()
  return self.holding or (self.waiting and not self.pending)
end
function Tcb:run()
  local packet
  if self.pending and self.waiting and not self.holding then
    packet = self.queue
    self.queue = packet.link
    self.pending = self.queue ~= nil
    self.waiting = false
    self.holding = false
  end
  return self.task:run(packet)
end
function Tcb:checkPriorityAdd(task, packet)
  if self.queue == nil then
    self.queue = packet
    self:markAsRunnable()
    if self.priority > task.priority then return self end
  else
    self.queue = packet:addTo(self.queue)
  end
  return task
end

local Scheduler = {}
Scheduler.__index = Scheduler
function Scheduler.new()
  return setmetatable({queueCount = 0, holdCount = 0, blocks = {}, list = nil,
    currentTcb = nil, currentId = nil}, Scheduler)
end
function Scheduler:addTask(id, priority, queue, task)
  self.currentTcb = Tcb.new(self.list, id, priority, queue, task)
  self.list = self.currentTcb
  self.blocks[id] = self.currentTcb
end
function Scheduler:addRunningTask(id, priority, queue, task)
  self:addTask(id, priority, queue, task)
  self.currentTcb:setRunning()
end
function Scheduler:schedule()
  self.currentTcb = self.list
  while self.currentTcb ~= nil do
    local tcb = self.currentTcb
    if tcb:isHeldOrSuspended() then
      self.currentTcb = tcb.link
    else
      self.currentId = tcb.id
      self.currentTcb = tcb:run()
    end
  end
end
function Scheduler:release(id)
  local tcb = self.blocks[id]
  if tcb == nil then return tcb end
  tcb:markAsNotHeld()
  if tcb.priority > self.currentTcb.priority then return tcb end
  return self.currentTcb
end
function Scheduler:holdCurrent()
  self.holdCount = self.holdCount + 1
  self.currentTcb:markAsHeld()
  return self.currentTcb.link
end
function Scheduler:suspendCurrent()
  self.currentTcb:markAsSuspended()
  return self.currentTcb
end
function Scheduler:queue(packet)
  local t = self.blocks[packet.id]
  if t == nil then return t end
  self.queueCount = self.queueCount + 1
  packet.link = nil
  packet.id = self.currentId
  return t:checkPriorityAdd(self.currentTcb, packet)
end

local IdleTask = {}
IdleTask.__index = IdleTask
function IdleTask:run()
  local s = self.scheduler
  self.count = self.count - 1
  if self.count == 0 then return s:holdCurrent() end
  if band(self.v1, 1) == 0 then
    self.v1 = rshift(self.v1, 1)
    return s:release(ID_DEVICE_A)
  end
  self.v1 = bxor(rshift(self.v1, 1), 0xD008)
  return s:release(ID_DEVICE_B)
end

local DeviceTask = {}
DeviceTask.__index = DeviceTask
function DeviceTask:run(packet)
  local s = self.scheduler
  if packet == nil then
    local v = self.v1
    if v == nil then return s:suspendCurrent() end
    self.v1 = nil
    return s:queue(v)
  end
  self.v1 = packet
  return s:holdCurrent()
end

local WorkerTask = {}
WorkerTask.__index = WorkerTask
function WorkerTask:run(packet)
  local s = self.scheduler
  if packet == nil then return s:suspendCurrent() end
  if self.v1 == ID_HANDLER_A then self.v1 = ID_HANDLER_B else self.v1 = ID_HANDLER_A end
  packet.id = self.v1
  packet.a1 = 0
  local a2 = packet.a2
  for i = 1, DATA_SIZE do
    local v2 = self.v2 + 1
    if v2 > 26 then v2 = 1 end
    self.v2 = v2
    a2[i] = v2
  end
  return s:queue(packet)
end

local HandlerTask = {}
HandlerTask.__index = HandlerTask
function HandlerTask:run(packet)
  local s = self.scheduler
  if packet ~= nil then
    if packet.kind == KIND_WORK then self.v1 = packet:addTo(self.v1)
    else self.v2 = packet:addTo(self.v2) end
  end
  local work = self.v1
  if work ~= nil then
    local count = work.a1
    if count < DATA_SIZE then
      local dev = self.v2
      if dev ~= nil then
        self.v2 = dev.link
        dev.a1 = work.a2[count + 1]
        work.a1 = count + 1
        return s:queue(dev)
      end
    else
      self.v1 = work.link
      return s:queue(work)
    end
  end
  return s:suspendCurrent()
end

local function task(class, fields) return setmetatable(fields, class) end

local function runRichards(count)
  local s = Scheduler.new()
  s:addRunningTask(ID_IDLE, 0, nil, task(IdleTask, {scheduler = s, v1 = 1, count = count}))
  local q = Packet.new(nil, ID_WORKER, KIND_WORK)
  q = Packet.new(q, ID_WORKER, KIND_WORK)
  s:addTask(ID_WORKER, 1000, q, task(WorkerTask, {scheduler = s, v1 = ID_HANDLER_A, v2 = 0}))
  q = Packet.new(nil, ID_DEVICE_A, KIND_DEVICE)
  q = Packet.new(q, ID_DEVICE_A, KIND_DEVICE)
  q = Packet.new(q, ID_DEVICE_A, KIND_DEVICE)
  s:addTask(ID_HANDLER_A, 2000, q, task(HandlerTask, {scheduler = s}))
  q = Packet.new(nil, ID_DEVICE_B, KIND_DEVICE)
  q = Packet.new(q, ID_DEVICE_B, KIND_DEVICE)
  q = Packet.new(q, ID_DEVICE_B, KIND_DEVICE)
  s:addTask(ID_HANDLER_B, 3000, q, task(HandlerTask, {scheduler = s}))
  s:addTask(ID_DEVICE_A, 4000, nil, task(DeviceTask, {scheduler = s}))
  s:addTask(ID_DEVICE_B, 5000, nil, task(DeviceTask, {scheduler = s}))
  s:schedule()
  return s.queueCount, s.holdCount
end

local N = tonumber(arg and arg[1]) or 200
local qc, hc
for _ = 1, N do qc, hc = runRichards(1000) end
print(qc, hc)
