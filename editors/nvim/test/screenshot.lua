-- Sets up a (non-headless) Neovim inside tmux for the README screenshot: starts the plugin,
-- waits for the NB201 diagnostic on the wrong total, puts the cursor on it and opens the
-- diagnostic float, then writes the file named by $NIANBAO_SHOT_READY so the caller can capture.
vim.cmd('filetype on')
vim.cmd('syntax on')
vim.o.swapfile = false
vim.o.number = true
vim.o.cursorline = true
vim.o.wrap = false
vim.o.laststatus = 2
vim.o.signcolumn = 'yes'
vim.o.shortmess = vim.o.shortmess .. 'I'
vim.diagnostic.config({ virtual_text = true, signs = true, underline = true, float = { border = 'rounded', source = true } })
require('nianbao').setup({})
-- The report was loaded before this file ran (with -u NONE): detect its filetype now.
vim.cmd('filetype detect')

local function nb201()
  for _, d in ipairs(vim.diagnostic.get(0)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    if code == 'NB201' then
      return d
    end
  end
end

local deadline = vim.loop.now() + 15000
local function poll()
  local d = nb201()
  if not d then
    if vim.loop.now() < deadline then
      vim.defer_fn(poll, 100)
    end
    return
  end
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
  vim.cmd('normal! zz')
  vim.diagnostic.open_float({ scope = 'cursor' })
  vim.defer_fn(function()
    vim.cmd('redraw!')
    vim.fn.writefile({ 'ready' }, vim.env.NIANBAO_SHOT_READY)
  end, 500)
end
vim.defer_fn(poll, 100)
