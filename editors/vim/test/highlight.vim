" Headless test of the Vim plugin: `.ci/editors.sh` runs it as
"   TIMON_VIM_REPORT=report.txt vim -N -u NONE -i NONE -es --cmd 'set rtp^=editors/vim' \
"     -S editors/vim/test/highlight.vim
" from the repository root. It checks the filetype detection, the ftplugin options, the highlight
" group at chosen positions of the examples, and the indentation, writes one line per failure and
" a summary to $TIMON_VIM_REPORT, and quits with an error code if anything failed.

filetype plugin indent on
syntax on

let s:failures = []
let s:n_checks = 0

function! s:Fail(message) abort
  call add(s:failures, a:message)
endfunction

" Opens `file` and checks that it is a timon buffer with the plugin's options.
function! s:Open(file) abort
  execute 'edit! ' . fnameescape(a:file)
  let s:n_checks += 1
  if &filetype !=# 'timon' || get(b:, 'current_syntax', '') !=# 'timon'
    call s:Fail(printf('%s: filetype %s, syntax %s', a:file, &filetype,
          \ get(b:, 'current_syntax', '')))
  endif
endfunction

" Checks that the first match of `pattern` (its `\zs` if any) is highlighted as `group`.
function! s:Expect(pattern, group) abort
  let s:n_checks += 1
  call cursor(1, 1)
  let lnum = search(a:pattern, 'cW')
  if lnum == 0
    call s:Fail(printf('%s: no match for /%s/', expand('%'), a:pattern))
    return
  endif
  let actual = synIDattr(synID(lnum, col('.'), 1), 'name')
  if actual !=# a:group
    call s:Fail(printf('%s:%d:%d: /%s/ is %s, expected %s', expand('%'), lnum, col('.'),
          \ a:pattern, actual ==# '' ? 'not highlighted' : actual, a:group))
  endif
endfunction

" Every example and stdlib file is detected as timon.
for s:file in glob('examples/**/*.timon', 0, 1) + glob('stdlib/*.timon', 0, 1)
  call s:Open(s:file)
endfor

" The options of ftplugin/timon.vim.
call s:Open('examples/confluence-expanded/confluence.timon')
for [s:option, s:value] in [['commentstring', '// %s'], ['shiftwidth', 2], ['expandtab', 1],
      \ ['foldmethod', 'syntax']]
  let s:n_checks += 1
  if eval('&' . s:option) !=# s:value
    call s:Fail(printf('&%s is %s, expected %s', s:option, eval('&' . s:option), s:value))
  endif
endfor

" A keyword, a string, a quantity and its unit, a comment, and the other token classes.
call s:Expect('^//', 'timonComment')
call s:Expect('^\s*\zsreplicas\>', 'timonKeyword')
call s:Expect('image "\zspostgres', 'timonString')
call s:Expect('\<15\zeGi\>', 'timonNumber')
call s:Expect('\<15\zsGi\>', 'timonUnit')
call s:Expect('\<500\zem\.\.', 'timonNumber')
call s:Expect('500m\zs\.\.', 'timonOperator')
call s:Expect('^app\>', 'timonDeclaration')
call s:Expect('^app \zsconfluence', 'timonDeclName')
call s:Expect('tier \zsapp {', 'timonDeclName')
call s:Expect('volume \zsdata', 'timonDeclNameNoBody')
call s:Expect('port \zspostgre', 'timonPortName')
call s:Expect('mount \zsdata', 'timonVolumeRef')
call s:Expect('\zsPOSTGRES_DB', 'timonEnvName')
call s:Expect('\zsdatastoreurl:', 'timonMapKey')
call s:Expect('= \zsconfluencedb\.password', 'timonReference')
call s:Expect('confluencedb\.\zspassword', 'timonMember')
call s:Expect('\${\zsconfluence', 'timonReference')
call s:Expect('zone \zslan', 'timonIdentifier')

" Templates, their calls and environments.
call s:Open('examples/confluence/confluence.timon')
call s:Expect('tier \zsdatabase =', 'timonDeclName')
call s:Expect('= \zspostgres\.database(', 'timonCall')
call s:Expect('storage \zsvsphere-dts-nfs =', 'timonDeclName')
call s:Open('stdlib/postgres.timon')
call s:Expect('^template\>', 'timonDeclaration')
call s:Expect('^template \zsdatabase', 'timonTemplateName')
call s:Open('examples/environments/wiki.timon')
call s:Expect('^\s*\zsoverride\>', 'timonKeyword')
call s:Expect('^environments\>', 'timonKeyword')

call s:Open('examples/rke-cluster/cluster.timon')
call s:Expect('service-cidr \zs10', 'timonIp')
call s:Expect('address \zs10\.0\.1\.11', 'timonIp')
call s:Expect('^cluster \zsmy-cluster', 'timonDeclName')
call s:Expect('cluster \zsrook-ceph', 'timonIdentifier')
call s:Expect('\zsignore-docker-version', 'timonKeyword')
call s:Expect('\<10\ze%', 'timonNumber')
call s:Expect('10\zs%', 'timonUnit')

call s:Open('editors/vim/test/sample.timon')
call s:Expect('node-port-range \zs30000', 'timonPortRange')
call s:Expect('\zs/\* A block', 'timonComment')
call s:Expect('\\\zs"', 'timonEscape')
call s:Expect('\zs\${', 'timonInterpolationDelimiter')
call s:Expect('\zsTODO', 'timonTodo')
call s:Expect('ceph \zspool', 'timonCephKind')
call s:Expect('pool \zsreplicapool', 'timonDeclName')
call s:Expect('init \zscontainer', 'timonInitContainer')
call s:Expect('container \zsmigrate', 'timonDeclName')
call s:Expect('\zshttps-redirect', 'timonDeclName')
call s:Expect('\zsallow replicas-one', 'timonStatement')
call s:Expect('allow \zsreplicas-one', 'timonLintRule')

" Indentation: re-indenting a flattened copy of the sample gives the sample back.
let s:n_checks += 1
let s:expected = getline(1, '$')
silent %s/^\s\+//e
silent normal! gg=G
let s:actual = getline(1, '$')
if s:actual !=# s:expected
  for s:idx in range(len(s:expected))
    if get(s:actual, s:idx, '') !=# s:expected[s:idx]
      call s:Fail(printf('indent, line %d: %s', s:idx + 1, string(get(s:actual, s:idx, ''))))
      break
    endif
  endfor
endif
silent edit!

let s:report = s:failures + [printf('vim: %d passed, %d failed', s:n_checks - len(s:failures),
      \ len(s:failures))]
call writefile(s:report, empty($TIMON_VIM_REPORT) ? 'target/vim-report.txt' : $TIMON_VIM_REPORT)
if empty(s:failures)
  qall!
else
  cquit!
endif
