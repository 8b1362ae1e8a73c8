" Vim indent file for timon: one level (2 spaces, see ftplugin/timon.vim) inside each `{ … }`.

if exists('b:did_indent')
  finish
endif
let b:did_indent = 1

setlocal indentexpr=TimonIndent(v:lnum)
setlocal indentkeys=0{,0},0),!^F,o,O
setlocal autoindent

let b:undo_indent = 'setlocal indentexpr< indentkeys< autoindent<'

if exists('*TimonIndent')
  finish
endif

" The number of `{` minus the number of `}` on a line, outside strings and comments.
function! s:BraceBalance(line) abort
  let text = substitute(a:line, '\v"(\\.|[^"\\])*"', '""', 'g')
  let text = substitute(text, '\v//.*$', '', '')
  let text = substitute(text, '\v/\*.{-}\*/', '', 'g')
  return len(substitute(text, '[^{]', '', 'g')) - len(substitute(text, '[^}]', '', 'g'))
endfunction

function! TimonIndent(lnum) abort
  let prev = prevnonblank(a:lnum - 1)
  if prev == 0
    return 0
  endif
  let ind = indent(prev)
  let prev_line = getline(prev)
  " The ` * ` lines of a block comment line up under the `*` of its `/*`.
  if getline(a:lnum) =~# '^\s*\*'
    return prev_line =~# '^\s*/\*' ? ind + 1 : ind
  endif
  if prev_line =~# '^\s*\*'
    let ind -= 1
  endif
  " A line that opens more braces than it closes indents the next one; one that starts with `}`
  " already stood one level out, so only its extra closing braces count.
  let balance = s:BraceBalance(prev_line)
  if prev_line =~# '^\s*}'
    let balance += 1
  endif
  if balance > 0
    let ind += shiftwidth()
  endif
  if getline(a:lnum) =~# '^\s*}'
    let ind -= shiftwidth()
  endif
  return max([ind, 0])
endfunction
