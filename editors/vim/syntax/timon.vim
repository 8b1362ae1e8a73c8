" Vim syntax file
" Language:    timon (typed declarations of Kubernetes apps, Traefik routes, Rook-Ceph storage
"              and RKE clusters)
" Filenames:   *.timon
"
" Written by hand after grammar/timon.pest, except the `syn keyword timonKeyword` lines between
" the markers of the generated region, which `cargo xtask codegen` writes from the `keyword` rule
" of the pest grammar. Keywords are contextual in timon; here they are highlighted wherever they
" stand, except right after a declaration keyword, where a word is the declared name
" (`tier app {`).

if exists('b:current_syntax')
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

syn case match
" A keyword may hold `-` (`ceph-block`), and `https-redirect` holds no `redirect` keyword.
syn iskeyword @,48-57,_,-

" BEGIN GENERATED keywords: `cargo xtask codegen` writes these lines from grammar/timon.pest.
syn keyword timonKeyword access active-mds add-prefix address allow annotations app args at
syn keyword timonKeyword authentication authorization backup basic-auth bind binding burst
syn keyword timonKeyword ca-server ceph ceph-block ceph-fs challenge claim cluster cluster-dns
syn keyword timonKeyword cluster-domain command compress config container cpu data data-pool
syn keyword timonKeyword default delay delete-local-data device-class dns drain email empty-dir
syn keyword timonKeyword entrypoint entrypoints env environment environments ephemeral-storage
syn keyword timonKeyword etcd every exec expandable external fail-swap-on failure-domain
syn keyword timonKeyword failures file filesystem force from grace-period grpc host-port http
syn keyword timonKeyword iface ignore-daemonsets ignore-docker-version image import ingress init
syn keyword timonKeyword internal internal-address ip-allow keep keys kind kube-api
syn keyword timonKeyword kube-controller kubelet kubeproxy kubernetes labels liveness max-surge
syn keyword timonKeyword max-unavailable max-unavailable-controlplane max-unavailable-worker
syn keyword timonKeyword memory metadata-replicas middleware middlewares mount mount-options mtu
syn keyword timonKeyword name namespace network nfs node node-port-range node-selector on
syn keyword timonKeyword options override parameters path period permanent pod-cidr pool port
syn keyword timonKeyword priority private providers provisioner pull pull-secret rate-limit
syn keyword timonKeyword read-only readiness realm reclaim recreate redirect-https
syn keyword timonKeyword redirect-scheme registry replicas request-headers require-safe-replicas
syn keyword timonKeyword resolver resources response-headers roles rolling route sans scheduler
syn keyword timonKeyword sctp secret service-cidr service-name size source ssh-agent ssh-key
syn keyword timonKeyword ssh-port startup storage strategy strip-prefix sub-path successes taint
syn keyword timonKeyword tcp template tier timeout tls to traefik type udp upgrade upstream user
syn keyword timonKeyword version volume workdir zone
" END GENERATED

" Declarations: the keyword, then the declared name. The name of a declaration with a body must
" be followed by `{` (or by `=`, for an instance of a template), so that `cluster rook-ceph` (a
" reference) is no declaration.
syn keyword timonDeclaration app tier container storage secret config environment middleware
      \ resolver cluster node nextgroup=timonDeclName skipwhite
syn keyword timonDeclaration volume entrypoint data-pool nextgroup=timonDeclNameNoBody skipwhite
syn keyword timonDeclaration init nextgroup=timonInitContainer skipwhite
syn keyword timonDeclaration ceph nextgroup=timonCephKind skipwhite
syn keyword timonInitContainer container contained nextgroup=timonDeclName skipwhite
syn keyword timonCephKind pool filesystem contained nextgroup=timonDeclName skipwhite
syn match timonDeclName /\v[A-Za-z][A-Za-z0-9_-]*(\s*[{=])@=/ contained
syn match timonDeclNameNoBody /\v[A-Za-z][A-Za-z0-9_-]*/ contained

" Templates: `template postgres(` (calls are among the values below).
syn keyword timonDeclaration template nextgroup=timonTemplateName skipwhite
syn match timonTemplateName /\v[A-Za-z][A-Za-z0-9_-]*/ contained

" Statements that name something: a container port, the volume a mount uses, a lint rule.
syn keyword timonStatement port nextgroup=timonPortName skipwhite
syn keyword timonStatement mount nextgroup=timonVolumeRef skipwhite
syn keyword timonStatement allow nextgroup=timonLintRule skipwhite
syn match timonPortName /\v[A-Za-z][A-Za-z0-9_-]*/ contained
syn match timonVolumeRef /\v[A-Za-z][A-Za-z0-9_-]*/ contained
syn match timonLintRule /\v[A-Za-z][A-Za-z0-9_-]*/ contained

" Values.
syn match timonIdentifier /\v<[A-Za-z][A-Za-z0-9_-]*/
syn match timonReference /\v<[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z][A-Za-z0-9_-]*)+/
      \ contains=timonMember
syn match timonMember /\v\.\zs[A-Za-z][A-Za-z0-9_-]*/ contained
" After the references, so that a call wins over them: `postgres.database(`.
syn match timonCall /\v<[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z][A-Za-z0-9_-]*)*(\()@=/
syn match timonNumber /\v(<|\.\.)@<=[0-9]+(\.[0-9]+)?/ nextgroup=timonUnit
syn match timonUnit /\v([A-Za-z]+|\%)/ contained
syn match timonPortRange /\v<[0-9]+-[0-9]+>/
syn match timonIp /\v<[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}(\/[0-9]+)?>/
syn match timonMapKey /\v[A-Za-z0-9_./-]+(\s*:)@=/
syn match timonEnvName /\v<[A-Za-z_][A-Za-z0-9_.-]*(\s*\=)@=/

syn region timonString start=/"/ skip=/\\./ end=/"/ contains=timonEscape,timonInterpolation
syn match timonEscape /\\./ contained
syn region timonInterpolation matchgroup=timonInterpolationDelimiter start=/\${/ end=/}/
      \ contained contains=timonReference,timonIdentifier

syn match timonOperator /\v\=|:|\.\.|,/

" Comments.
syn keyword timonTodo TODO FIXME XXX NOTE contained
syn match timonComment "//.*$" contains=timonTodo,@Spell
syn region timonComment start="/\*" end="\*/" contains=timonTodo,@Spell fold

" Blocks, for folding (`foldmethod=syntax`, which ftplugin/timon.vim sets).
syn region timonBlock start=/{/ end=/}/ transparent fold

hi def link timonKeyword Keyword
hi def link timonDeclaration Structure
hi def link timonInitContainer Structure
hi def link timonCephKind Structure
hi def link timonDeclName Type
hi def link timonDeclNameNoBody Type
hi def link timonStatement Keyword
hi def link timonTemplateName Function
hi def link timonCall Function
hi def link timonPortName Function
hi def link timonVolumeRef Identifier
hi def link timonLintRule PreProc
hi def link timonIdentifier Identifier
hi def link timonReference Identifier
hi def link timonMember Identifier
hi def link timonNumber Number
hi def link timonUnit Type
hi def link timonPortRange Number
hi def link timonIp Constant
hi def link timonMapKey Label
hi def link timonEnvName Constant
hi def link timonString String
hi def link timonEscape SpecialChar
hi def link timonInterpolationDelimiter Delimiter
hi def link timonInterpolation Special
hi def link timonOperator Operator
hi def link timonTodo Todo
hi def link timonComment Comment

let b:current_syntax = 'timon'

let &cpo = s:cpo_save
unlet s:cpo_save
