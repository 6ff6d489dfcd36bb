-- nianbao for Neovim: starts `nianbao lsp` on report files (text and markdown buffers) and
-- fixes safe problems on save.
--   Neovim >= 0.11: `vim.lsp.enable('nianbao')` uses lsp/nianbao.lua; `setup{}` does the same.
--   Neovim 0.8-0.10: `require('nianbao').setup{}` starts the server with vim.lsp.start.
--   Neovim 0.7: `setup{}` uses vim.lsp.start_client + vim.lsp.buf_attach_client.
-- Fix on save: the server's willSaveWaitUntil on >= 0.9 (Neovim applies its edits); on older
-- versions a synchronous `source.fixAll.nianbao` code action in BufWritePre, with the server's
-- own fixOnSave turned off so that nothing is fixed twice. Either way the server says what it
-- fixed (window/showMessage: `保存时修正了 1 处合计：…`).
-- Code lenses (one per table: `✓ 表三（依申请公开）：数据平衡`) are shown and refreshed whenever
-- the server asks (workspace/codeLens/refresh, after each change that alters them).
local M = {}

local FIX_ALL = 'source.fixAll.nianbao'

---@class nianbao.Options
---@field cmd? string[]            command starting the server (default: {path, 'lsp'})
---@field path? string             binary (default: vim.g.nianbao_path, $NIANBAO_BIN, 'nianbao')
---@field filetypes? string[]      filetypes to attach to (default: text, markdown)
---@field root_markers? string[]   files marking the workspace root (default: nianbao.toml, .git)
---@field lang? 'zh'|'en'          message language (default: zh)
---@field rules? table<string,string> rule severities, e.g. { NB107 = 'off' }
---@field fix_on_save? boolean|'auto'|'will_save'|'code_action'  default: 'auto'
---@field api? 'auto'|'enable'|'start'|'start_client'  which Neovim API to use (default: auto)
---@field timeout_ms? integer      how long BufWritePre waits for the fix-all (default: 2000)

M.defaults = {
  filetypes = { 'text', 'markdown' },
  root_markers = { 'nianbao.toml', '.git' },
  lang = 'zh',
  rules = {},
  fix_on_save = 'auto',
  api = 'auto',
  timeout_ms = 2000,
}

---@type nianbao.Options
M.options = vim.deepcopy(M.defaults)

local function has(feature)
  return vim.fn.has(feature) == 1
end

--- The server binary: vim.g.nianbao_path, then $NIANBAO_BIN, then `nianbao` on PATH.
function M.server_path(opts)
  opts = opts or M.options
  return opts.path or vim.g.nianbao_path or vim.env.NIANBAO_BIN or 'nianbao'
end

--- How fixes happen on save: 'will_save' (server edits via willSaveWaitUntil, Neovim >= 0.9),
--- 'code_action' (synchronous source.fixAll.nianbao in BufWritePre) or 'off'.
function M.fix_mode(opts)
  opts = opts or M.options
  local f = opts.fix_on_save
  if f == false or f == 'off' then
    return 'off'
  end
  if f == 'will_save' or f == 'code_action' then
    return f
  end
  return has('nvim-0.9') and 'will_save' or 'code_action'
end

--- The settings object the server accepts in initializationOptions and didChangeConfiguration.
function M.server_settings(opts)
  opts = opts or M.options
  return {
    lang = opts.lang or 'zh',
    fixOnSave = M.fix_mode(opts) == 'will_save',
    rules = vim.tbl_isempty(opts.rules or {}) and vim.empty_dict() or opts.rules,
  }
end

--- Shows (or updates) the code lenses of one buffer.
function M.refresh_lenses(bufnr)
  if not (vim.lsp.codelens and vim.lsp.codelens.refresh) or not vim.api.nvim_buf_is_loaded(bufnr) then
    return
  end
  if vim.fn.has('nvim-0.10') == 1 then
    pcall(vim.lsp.codelens.refresh, { bufnr = bufnr })
  elseif bufnr == vim.api.nvim_get_current_buf() then
    pcall(vim.lsp.codelens.refresh)
  end
end

--- The client side of workspace/codeLens/refresh: the lenses of every buffer of the client.
local function on_lens_refresh(_, _, ctx)
  for _, buf in ipairs(vim.lsp.get_buffers_by_client_id(ctx.client_id) or {}) do
    M.refresh_lenses(buf)
  end
  return vim.NIL
end

--- The table for vim.lsp.config (>= 0.11) and the base of the vim.lsp.start config.
function M.lsp_config(opts)
  opts = vim.tbl_deep_extend('force', M.defaults, opts or {})
  local settings = M.server_settings(opts)
  -- The server asks for the lenses to be refreshed when what they say changes.
  local capabilities = vim.tbl_deep_extend(
    'force',
    vim.lsp.protocol.make_client_capabilities(),
    { workspace = { codeLens = { refreshSupport = true } } }
  )
  return {
    cmd = opts.cmd or { M.server_path(opts), 'lsp' },
    filetypes = opts.filetypes,
    root_markers = opts.root_markers,
    -- Settings go in initializationOptions only: a `settings` table would be sent again in
    -- workspace/didChangeConfiguration after initialize and undo a user's init_options override.
    init_options = settings,
    capabilities = capabilities,
    handlers = { ['workspace/codeLens/refresh'] = on_lens_refresh },
    on_attach = function(_, bufnr)
      M.refresh_lenses(bufnr)
    end,
  }
end

local function find_root(bufnr, markers)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local dir = vim.fn.fnamemodify(name, ':p:h')
  if vim.fs and vim.fs.find then
    local found = vim.fs.find(markers, { path = dir, upward = true })[1]
    if found then
      return vim.fn.fnamemodify(found, ':h')
    end
  else
    for _, marker in ipairs(markers) do
      local hit = vim.fn.findfile(marker, dir .. ';')
      if hit == '' then
        hit = vim.fn.finddir(marker, dir .. ';')
      end
      if hit ~= '' then
        return vim.fn.fnamemodify(vim.fn.fnamemodify(hit, ':p'):gsub('/$', ''), ':h')
      end
    end
  end
  return dir
end

local function clients_for(bufnr)
  local found = {}
  for _, client in pairs(vim.lsp.buf_get_clients(bufnr)) do
    if client.name == 'nianbao' then
      table.insert(found, client)
    end
  end
  return found
end
if vim.lsp.get_clients then
  clients_for = function(bufnr)
    return vim.lsp.get_clients({ bufnr = bufnr, name = 'nianbao' })
  end
end

--- Applies every safe fix to the buffer synchronously (source.fixAll.nianbao code action).
--- Used by :NianbaoFixAll and by BufWritePre where willSaveWaitUntil is not available.
function M.fix_all(bufnr, timeout_ms)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  for _, client in ipairs(clients_for(bufnr)) do
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(bufnr) },
      range = {
        start = { line = 0, character = 0 },
        ['end'] = { line = vim.api.nvim_buf_line_count(bufnr), character = 0 },
      },
      context = { diagnostics = {}, only = { FIX_ALL } },
    }
    local response, err
    if client.request_sync then
      local ok, res = pcall(function()
        if vim.fn.has('nvim-0.11') == 1 then
          return client:request_sync('textDocument/codeAction', params, timeout_ms or M.options.timeout_ms, bufnr)
        end
        return client.request_sync('textDocument/codeAction', params, timeout_ms or M.options.timeout_ms, bufnr)
      end)
      if ok and res then
        response, err = res.result, res.err
      else
        err = res or 'timeout'
      end
    end
    if err then
      vim.notify('nianbao: fix-all failed: ' .. vim.inspect(err), vim.log.levels.WARN)
    end
    for _, action in ipairs(response or {}) do
      if action.edit then
        vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or 'utf-16')
      end
      -- nianbao.showFixes: the server says what was fixed (window/showMessage).
      if action.command and action.command.command then
        local cmd = { command = action.command.command, arguments = action.command.arguments }
        if vim.fn.has('nvim-0.11') == 1 then
          client:request('workspace/executeCommand', cmd, function() end, bufnr)
        else
          client.request('workspace/executeCommand', cmd, function() end, bufnr)
        end
      end
    end
  end
end

local fix_on_save_group -- augroup of the BufWritePre autocmds

local function attach_fix_on_save(bufnr)
  fix_on_save_group = fix_on_save_group or vim.api.nvim_create_augroup('nianbao_write', { clear = true })
  if #vim.api.nvim_get_autocmds({ group = fix_on_save_group, buffer = bufnr }) > 0 then
    return
  end
  vim.api.nvim_create_autocmd('BufWritePre', {
    group = fix_on_save_group,
    buffer = bufnr,
    desc = 'nianbao: source.fixAll.nianbao before writing',
    callback = function(args)
      M.fix_all(args.buf)
    end,
  })
end

local legacy_clients = {} -- root_dir -> client id (Neovim 0.7)

--- Starts (or reuses) the server for one buffer, with vim.lsp.start or vim.lsp.start_client.
function M.start(bufnr, opts)
  opts = opts or M.options
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if vim.bo[bufnr].buftype ~= '' then
    return
  end
  local base = M.lsp_config(opts)
  local config = {
    name = 'nianbao',
    cmd = base.cmd,
    root_dir = find_root(bufnr, opts.root_markers),
    init_options = base.init_options,
    capabilities = base.capabilities,
    handlers = base.handlers,
    on_attach = base.on_attach,
  }
  local use_start = vim.lsp.start and opts.api ~= 'start_client'
  if use_start then
    vim.lsp.start(config, { bufnr = bufnr })
  else
    local id = legacy_clients[config.root_dir]
    if not id or not vim.lsp.get_client_by_id(id) then
      id = vim.lsp.start_client(config)
      legacy_clients[config.root_dir] = id
    end
    if id then
      vim.lsp.buf_attach_client(bufnr, id)
    end
  end
  if M.fix_mode(opts) == 'code_action' then
    attach_fix_on_save(bufnr)
  end
end

--- Sets the plugin up: on >= 0.11 through vim.lsp.config/enable, else a FileType autocmd.
function M.setup(opts)
  M.options = vim.tbl_deep_extend('force', M.defaults, opts or {})
  opts = M.options

  vim.api.nvim_create_user_command('NianbaoFixAll', function()
    M.fix_all(0)
  end, { desc = 'nianbao: apply every safe fix to this report' })

  local api = opts.api
  if api == 'auto' then
    api = (vim.lsp.config and vim.lsp.enable) and 'enable' or 'start'
  end
  if api == 'enable' then
    vim.lsp.config('nianbao', M.lsp_config(opts))
    vim.lsp.enable('nianbao')
    if M.fix_mode(opts) == 'code_action' then
      vim.api.nvim_create_autocmd('LspAttach', {
        group = vim.api.nvim_create_augroup('nianbao_fix_on_save', { clear = true }),
        callback = function(args)
          local client = vim.lsp.get_client_by_id(args.data.client_id)
          if client and client.name == 'nianbao' then
            attach_fix_on_save(args.buf)
          end
        end,
      })
    end
    return
  end

  local group = vim.api.nvim_create_augroup('nianbao', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = opts.filetypes,
    desc = 'nianbao: start the language server',
    callback = function(args)
      M.start(args.buf, opts)
    end,
  })
  -- Buffers already open when setup() runs.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(opts.filetypes, vim.bo[buf].filetype) then
      M.start(buf, opts)
    end
  end
end

return M
