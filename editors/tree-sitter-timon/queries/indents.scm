; Indentation for timon (nvim-treesitter capture names): the lines inside `{ … }` are indented
; one level, and the closing `}` goes back to the level of the line that opened the block.

(_ "{" "}") @indent.begin

"}" @indent.branch @indent.end

(comment) @indent.auto

(string) @indent.ignore
