-- Neovim >= 0.11 configuration of the nianbao language server, found on 'runtimepath' by
-- `vim.lsp.enable('nianbao')`. Override fields with `vim.lsp.config('nianbao', {...})`, e.g.
-- `init_options = { lang = 'en', fixOnSave = true, rules = { NB107 = 'off' } }`.
-- Fix on save: the server answers textDocument/willSaveWaitUntil and Neovim applies the edits.
return require('nianbao').lsp_config()
