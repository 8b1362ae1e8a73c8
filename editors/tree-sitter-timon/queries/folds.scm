; Folds for timon: every block, map and environment map (each is a node between `{` and `}`),
; and block comments.

(_ "{" "}") @fold

((comment) @fold
  (#match? @fold "^/[*]"))
