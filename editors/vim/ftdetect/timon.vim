" Vim filetype detection for timon (*.timon files).
autocmd BufRead,BufNewFile *.timon setfiletype timon
