-- Headless end-to-end test of the nianbao Neovim plugin against the real `nianbao lsp`:
-- opens a seed report with one wrong total, waits for the NB201 diagnostic and checks its line
-- and column, applies the quick-fix, writes, then breaks the total again and checks that
-- writing fixes it (willSaveWaitUntil or the BufWritePre code action, depending on the mode)
-- and that the server says so (window/showMessage); checks table 三's code lens before and
-- after; then mistypes a part (自然人 91 → 19): the finding sits on the part with the value
-- that repairs it, writing leaves the right total alone, and the quick-fix restores the part.
--
-- Run from the repository root:
--   NIANBAO_BIN=target/release/nianbao NIANBAO_TEST_MODE=enable \
--   nvim --headless -u NONE --cmd 'set rtp^=editors/nvim' -c 'luafile editors/nvim/test/e2e.lua'
-- Modes: enable (lsp/nianbao.lua + vim.lsp.enable, >= 0.11), setup (require('nianbao').setup{}),
-- start (setup{api='start'}: vim.lsp.start), code_action (setup{fix_on_save='code_action'}).
-- Env: NIANBAO_FIXTURE (seed report), NIANBAO_TEST_TIMEOUT (ms, default 15000).
local mode = vim.env.NIANBAO_TEST_MODE or 'setup'
local fixture = vim.env.NIANBAO_FIXTURE or 'tests/fixtures/002_57935d37ad0b2f69.txt'
local timeout = tonumber(vim.env.NIANBAO_TEST_TIMEOUT or '15000')
local version = vim.version()
local label = string.format('nvim %d.%d.%d %s', version.major, version.minor, version.patch, mode)

local ROW = '一、本年新收政府信息公开申请数量'
local GOOD = ROW .. '\t\t91\t0\t0\t0\t55\t0\t146\t'
local BAD = ROW .. '\t\t91\t0\t0\t0\t55\t0\t147\t'
-- A mistyped part: 自然人 91 typed 19, the total 146 right.
local BAD_PART = ROW .. '\t\t19\t0\t0\t0\t55\t0\t146\t'

-- What the server says (window/showMessage), recorded before Neovim shows it.
local notices = {}
local show_message = vim.lsp.handlers['window/showMessage']
vim.lsp.handlers['window/showMessage'] = function(err, result, ctx, config)
  table.insert(notices, result and result.message or '')
  return show_message(err, result, ctx, config)
end

--- Table 三's code lens title in `bufnr`, if shown.
local function lens_three(bufnr)
  for _, l in ipairs(vim.lsp.codelens.get(bufnr) or {}) do
    local title = l.command and l.command.title or ''
    if title:find('表三', 1, true) or title:find('table 3', 1, true) then
      return title
    end
  end
end

local passed, failed = 0, 0
local t_start = vim.loop.hrtime()

local function out(line)
  io.stdout:write(line .. '\n')
end

local function step(name, fn)
  local t0 = vim.loop.hrtime()
  local ok, err = pcall(fn)
  local ms = math.floor((vim.loop.hrtime() - t0) / 1e6)
  if ok then
    passed = passed + 1
    out(string.format('ok - %s: %s (%d ms)', label, name, ms))
  else
    failed = failed + 1
    out(string.format('not ok - %s: %s (%d ms)\n  %s', label, name, ms, tostring(err)))
    error('stop', 0)
  end
end

local function wait(what, cond)
  if not vim.wait(timeout, cond, 20) then
    error('timed out waiting for ' .. what, 2)
  end
end

local function read_lines(path)
  local lines = {}
  for l in io.lines(path) do
    table.insert(lines, l)
  end
  return lines
end

local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

--- The error diagnostic on 0-based line `lnum` starting at byte column `col`, if any.
local function error_at(bufnr, lnum, col)
  for _, d in ipairs(vim.diagnostic.get(bufnr, { lnum = lnum })) do
    if d.col == col and d.severity == vim.diagnostic.severity.ERROR then
      return d
    end
  end
end

local function nb201(bufnr)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if code_of(d) == 'NB201' then
      return d
    end
  end
end

local function clients(bufnr)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr, name = 'nianbao' })
  end
  local found = {}
  for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
    if c.name == 'nianbao' then
      table.insert(found, c)
    end
  end
  return found
end

-- Applies the quick-fix at (row, col): what a user runs, the code action menu applied directly
-- when it has one choice (0.10+); on 0.7, the request with the LSP-shaped diagnostics of the
-- line, as 0.7's own code_action() sends them.
local function apply_quick_fix(buf, row, col)
  vim.api.nvim_win_set_cursor(0, { row, col })
  if vim.fn.has('nvim-0.10') == 1 then
    vim.lsp.buf.code_action({ context = { only = { 'quickfix' }, diagnostics = {} }, apply = true })
    return
  end
  local client = clients(buf)[1]
  local params = vim.lsp.util.make_range_params()
  params.context = { only = { 'quickfix' }, diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf, row - 1) }
  local res = client.request_sync('textDocument/codeAction', params, timeout, buf)
  assert(res and res.result and res.result[1], 'no quick-fix: ' .. vim.inspect(res))
  vim.lsp.util.apply_workspace_edit(res.result[1].edit, client.offset_encoding)
end

local function run()
  -- A workspace with the seed report, its total row changed from 146 to 147.
  local dir = vim.fn.tempname()
  vim.fn.mkdir(dir, 'p')
  local path = dir .. '/report.txt'
  local lines = read_lines(fixture)
  local row
  for i, l in ipairs(lines) do
    if l == GOOD then
      row = i
      lines[i] = BAD
    end
  end
  assert(row, 'the seed report lacks the expected total row')
  vim.fn.writefile(lines, path)
  local col = assert(BAD:find('147', 1, true)) - 1 -- 0-based byte column

  vim.cmd('filetype on')
  vim.o.swapfile = false
  if mode == 'enable' then
    -- A user override merged over lsp/nianbao.lua: English messages.
    vim.lsp.config('nianbao', { init_options = { lang = 'en' } })
    vim.lsp.enable('nianbao')
  elseif mode == 'setup' then
    require('nianbao').setup({})
  elseif mode == 'start' then
    require('nianbao').setup({ api = 'start' })
  elseif mode == 'code_action' then
    require('nianbao').setup({ api = 'start', fix_on_save = 'code_action' })
  else
    error('unknown NIANBAO_TEST_MODE ' .. mode)
  end

  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()

  step('the server attaches to the report buffer', function()
    assert(vim.bo[buf].filetype == 'text', 'filetype is ' .. vim.bo[buf].filetype)
    wait('a nianbao client', function()
      local c = clients(buf)[1]
      return c ~= nil and c.initialized ~= false and c.server_capabilities ~= nil
    end)
  end)

  step(string.format('NB201 on the wrong total, line %d col %d', row, col), function()
    wait('the NB201 diagnostic', function()
      return nb201(buf) ~= nil
    end)
    local d = nb201(buf)
    assert(d.lnum == row - 1, string.format('diagnostic on line %d, want %d', d.lnum + 1, row))
    assert(d.col == col, string.format('diagnostic at byte column %d, want %d', d.col, col))
    assert(d.end_col == col + 3, string.format('diagnostic ends at %s, want %d', tostring(d.end_col), col + 3))
    assert(d.severity == vim.diagnostic.severity.ERROR, 'severity ' .. tostring(d.severity))
    -- The 'enable' mode's user override asks for English messages.
    local want = mode == 'enable' and 'total should be 146 (91+0+0+0+55+0), found 147'
      or '总计应为 146（91+0+0+0+55+0），此处为 147'
    assert(d.message == want, 'message: ' .. d.message .. ', want ' .. want)
  end)

  step("table 三's code lens counts the problem", function()
    wait('the code lens of table 三', function()
      local t = lens_three(buf)
      return t ~= nil and t:find('✗', 1, true) ~= nil
    end)
    local t = lens_three(buf)
    assert(t:find('1', 1, true), 'lens: ' .. t)
  end)

  step('the quick-fix rewrites the total', function()
    apply_quick_fix(buf, row, col)
    wait('146 in the buffer', function()
      return vim.api.nvim_buf_get_lines(buf, row - 1, row, false)[1] == GOOD
    end)
    wait('the diagnostic to clear', function()
      return nb201(buf) == nil
    end)
    vim.cmd('silent write')
    assert(read_lines(path)[row] == GOOD, 'file on disk: ' .. read_lines(path)[row])
  end)

  step('writing fixes a wrong total (fix on save)', function()
    vim.api.nvim_buf_set_lines(buf, row - 1, row, false, { BAD })
    wait('the NB201 diagnostic again', function()
      return nb201(buf) ~= nil
    end)
    -- The server's own fixOnSave must be off exactly when the plugin fixes in BufWritePre.
    local client = clients(buf)[1]
    local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, reason = 1 }
    local res
    if vim.fn.has('nvim-0.11') == 1 then
      res = client:request_sync('textDocument/willSaveWaitUntil', params, timeout, buf)
    else
      res = client.request_sync('textDocument/willSaveWaitUntil', params, timeout, buf)
    end
    assert(res and not res.err, 'willSaveWaitUntil failed: ' .. vim.inspect(res))
    local edits = res.result or {}
    local by_code_action = mode == 'code_action' or vim.fn.has('nvim-0.9') == 0
    if by_code_action then
      assert(#edits == 0, 'server would fix on save too (fixOnSave not turned off)')
    else
      assert(#edits > 0, 'server does not fix on save (fixOnSave off?)')
    end
    local before = #notices
    vim.cmd('silent write')
    local on_disk = read_lines(path)[row]
    assert(on_disk == GOOD, 'file on disk after :write: ' .. on_disk)
    assert(vim.api.nvim_buf_get_lines(buf, row - 1, row, false)[1] == GOOD, 'buffer not fixed')
    wait('the diagnostic to clear', function()
      return nb201(buf) == nil
    end)
    -- The author is told what saving fixed.
    wait('a notice of the fix', function()
      return #notices > before
    end)
    local notice = notices[#notices]
    local want = mode == 'enable' and 'Fixed 1 total' or (by_code_action and '已修正 1 处合计' or '保存时修正了 1 处合计')
    assert(notice:find(want, 1, true) and notice:find('146', 1, true), 'notice: ' .. notice)
    out('  notice: ' .. notice)
  end)

  step("table 三's code lens is refreshed: it balances", function()
    wait('a balancing lens', function()
      local t = lens_three(buf)
      return t ~= nil and t:find('✓', 1, true) ~= nil
    end)
  end)

  step('a mistyped part: the finding is on the part, with the value that repairs it', function()
    vim.api.nvim_buf_set_lines(buf, row - 1, row, false, { BAD_PART })
    local part_col = assert(BAD_PART:find('19', 1, true)) - 1
    wait('an error on the part', function()
      return error_at(buf, row - 1, part_col) ~= nil
    end)
    local d = error_at(buf, row - 1, part_col)
    assert(d.message:find('91', 1, true), 'message: ' .. d.message)
    assert(nb201(buf) == nil, 'the right total is flagged: ' .. vim.inspect(nb201(buf)))
    out('  ' .. tostring(code_of(d)) .. ': ' .. d.message)
  end)

  step('writing leaves the right total (and the part) as typed', function()
    local before = #notices
    vim.cmd('silent write')
    assert(read_lines(path)[row] == BAD_PART, 'file on disk after :write: ' .. read_lines(path)[row])
    assert(vim.api.nvim_buf_get_lines(buf, row - 1, row, false)[1] == BAD_PART, 'buffer changed on save')
    vim.wait(300)
    assert(#notices == before, 'a notice though nothing was fixed: ' .. tostring(notices[#notices]))
  end)

  step('the quick-fix on the part restores it', function()
    local part_col = assert(BAD_PART:find('19', 1, true)) - 1
    apply_quick_fix(buf, row, part_col)
    wait('91 back in the buffer', function()
      return vim.api.nvim_buf_get_lines(buf, row - 1, row, false)[1] == GOOD
    end)
    wait('no error on the row', function()
      return #vim.diagnostic.get(buf, { lnum = row - 1 }) == 0
    end)
    vim.cmd('silent write')
    assert(read_lines(path)[row] == GOOD, 'file on disk: ' .. read_lines(path)[row])
  end)

  if mode ~= 'enable' then
    step(':NianbaoFixAll fixes the buffer', function()
      vim.api.nvim_buf_set_lines(buf, row - 1, row, false, { BAD })
      wait('the NB201 diagnostic again', function()
        return nb201(buf) ~= nil
      end)
      vim.cmd('NianbaoFixAll')
      assert(vim.api.nvim_buf_get_lines(buf, row - 1, row, false)[1] == GOOD, 'buffer not fixed')
    end)
  end

  vim.fn.delete(dir, 'rf')
end

local ok, err = pcall(run)
if not ok and err ~= 'stop' then
  failed = failed + 1
  out(string.format('not ok - %s: %s', label, tostring(err)))
end
out(string.format('%s: %d passed, %d failed (%d ms)', label, passed, failed,
  math.floor((vim.loop.hrtime() - t_start) / 1e6)))
for _, c in ipairs(vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()) do
  vim.lsp.stop_client(c.id, true)
end
if failed > 0 then
  vim.cmd('cquit 1')
else
  vim.cmd('qall!')
end
