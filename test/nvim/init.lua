-- Headless Neovim (0.7.2, Debian) LSP round trip against the leastpriv language server:
--   node <repo>/bin/leastpriv.js lsp --stdio   for yaml buffers,
-- waits for diagnostics on a copy of examples/capital-one-2019.yaml, asserts iam/invalid-element on the
-- `Actions` key, requests code actions there through vim.lsp.buf.code_action() (the real code-action UI
-- path, with vim.ui.select answered automatically), applies the first one (it must be the preferred fix),
-- asserts the buffer reads `Action:` and the diagnostic clears, then writes the file.
-- Run by test/nvim/run.sh:  nvim --headless --clean -n -i NONE -u test/nvim/init.lua capital-one-2019.yaml
-- Env: LEASTPRIV_CLI (path of bin/leastpriv.js, required), LEASTPRIV_NODE (default: node).
-- Exit status: 0 = pass, 1 = fail.
local CLI = os.getenv('LEASTPRIV_CLI')
local NODE = os.getenv('LEASTPRIV_NODE') or 'node'
local LINE = 59 -- 1-based line of the `Actions:` key
local t0 = vim.loop.hrtime()
local function log(msg)
  io.stdout:write(string.format('[nvim %6d ms] %s\n', math.floor((vim.loop.hrtime() - t0) / 1e6), msg))
  io.stdout:flush()
end

vim.lsp.set_log_level('warn')
local client_id
local client_exit
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'yaml',
  callback = function(args)
    if not client_id then
      client_id = vim.lsp.start_client({
        name = 'leastpriv',
        cmd = { NODE, CLI, 'lsp', '--stdio' },
        root_dir = vim.fn.getcwd(),
        on_exit = function(code, signal) client_exit = string.format('code=%s signal=%s', tostring(code), tostring(signal)) end,
      })
      log('started leastpriv language server, client id=' .. tostring(client_id) .. ': ' .. NODE .. ' ' .. tostring(CLI) .. ' lsp --stdio')
    end
    vim.lsp.buf_attach_client(args.buf, client_id)
  end,
})

local function finish(code)
  if client_id then vim.lsp.stop_client(client_id) end
  vim.wait(300)
  if code == 0 then vim.cmd('qall!') else vim.cmd('cquit! ' .. code) end
end

local function fail(msg)
  log('FAIL: ' .. msg)
  if client_exit then log('language server exited: ' .. client_exit) end
  finish(1)
end

local function code_of(d)
  local lsp = d.user_data and d.user_data.lsp or {}
  return tostring(lsp.code or d.code)
end

local function invalid_element(buf)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if code_of(d) == 'iam/invalid-element' then return d end
  end
end

local function run()
  local buf = vim.api.nvim_get_current_buf()
  log('file=' .. vim.api.nvim_buf_get_name(buf) .. ' filetype=' .. vim.bo[buf].filetype .. ' nvim=' .. tostring(vim.version().major) .. '.' .. tostring(vim.version().minor) .. '.' .. tostring(vim.version().patch))
  if not CLI or CLI == '' then return fail('LEASTPRIV_CLI is not set') end
  if vim.bo[buf].filetype ~= 'yaml' then return fail('buffer filetype is not yaml') end
  local line = vim.api.nvim_buf_get_lines(buf, LINE - 1, LINE, false)[1]
  if not line:match('^%s*Actions:') then return fail('fixture line ' .. LINE .. ' is not the Actions key: ' .. line) end

  local ok = vim.wait(30000, function() return invalid_element(buf) ~= nil or client_exit ~= nil end, 20)
  local diags = vim.diagnostic.get(buf)
  log(#diags .. ' diagnostics:')
  for _, d in ipairs(diags) do
    log(string.format('  %s line %d col %d-%d severity=%d source=%s msg=%q', code_of(d), d.lnum + 1, d.col, d.end_col,
      d.severity, tostring(d.source), d.message))
  end
  if not ok or client_exit then return fail('no iam/invalid-element diagnostic within 30 s') end
  local d = invalid_element(buf)
  if d.source ~= 'leastpriv' then return fail('iam/invalid-element has source ' .. tostring(d.source)) end
  if d.lnum ~= LINE - 1 then return fail('iam/invalid-element is on line ' .. (d.lnum + 1) .. ', expected ' .. LINE) end
  local found = {}
  for _, x in ipairs(diags) do found[code_of(x)] = true end
  for _, c in ipairs({ 'iam/unknown-action', 'ec2/imds-v1' }) do
    if not found[c] then log('note: no ' .. c .. ' diagnostic (not asserted here)') end
  end

  -- Answer the code-action picker automatically (Neovim 0.7 has no code_action{apply=true}).
  local offered = {}
  vim.ui.select = function(items, opts, on_choice)
    for i, it in ipairs(items) do
      local action = it[2]
      offered[i] = action
      log(string.format('code action %d offered: %q kind=%s isPreferred=%s', i, action.title, tostring(action.kind), tostring(action.isPreferred)))
    end
    on_choice(items[1], 1)
  end
  -- Even with a single action, 0.7 goes through vim.ui.select, so `offered` tells what the server returned.
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
  vim.lsp.buf.code_action()
  ok = vim.wait(10000, function() return #offered > 0 end, 20)
  if not ok then return fail('no code actions offered at ' .. LINE .. ':' .. (d.col + 1)) end
  if offered[1].isPreferred ~= true then
    local pref
    for i, a in ipairs(offered) do if a.isPreferred then pref = i end end
    return fail('the first code action is not the preferred one' .. (pref and (' (preferred is #' .. pref .. ')') or ' (none is preferred)'))
  end
  ok = vim.wait(10000, function()
    return vim.api.nvim_buf_get_lines(buf, LINE - 1, LINE, false)[1]:match('^%s*Action:%s*$') ~= nil
  end, 20)
  line = vim.api.nvim_buf_get_lines(buf, LINE - 1, LINE, false)[1]
  log('line ' .. LINE .. ' after the quick fix: ' .. line)
  if not ok then return fail('quick fix did not turn line ' .. LINE .. ' into Action:') end
  ok = vim.wait(15000, function() return invalid_element(buf) == nil end, 20)
  log('diagnostics after the fix: ' .. #vim.diagnostic.get(buf) .. ' (iam/invalid-element ' .. (ok and 'cleared' or 'STILL PRESENT') .. ')')
  if not ok then return fail('iam/invalid-element not cleared after the fix') end
  vim.cmd('silent write')
  log('PASS')
  finish(0)
end

vim.api.nvim_create_autocmd('VimEnter', {
  callback = function()
    vim.defer_fn(function()
      local ok, err = pcall(run)
      if not ok then fail('error: ' .. tostring(err)) end
    end, 0)
  end,
})
