package yamlpos

import (
	"bytes"
	"fmt"
	"strings"
)

// An indentation mistake makes yaml.v3 report a symptom somewhere else:
// "did not find expected '-' indicator" at the start of the list, "mapping
// values are not allowed in this context" at column 1. indentProblem reads
// the block structure from the text's indentation, as a person does, and
// names the first line that breaks it and how. It is asked only after the
// parser has failed, and says nothing when it cannot follow the text
// (multi-line flow collections and quoted scalars, plain scalars continued
// over lines): the parser's message is then the better one.

// level is an open block: a mapping whose keys, or a list whose "-", start
// at indent.
type level struct {
	indent int
	seq    bool
	key    string // the first key of a mapping, for messages
	line   int    // where that key is
	inner  int    // a list's: the column of its last item's keys
	parent int    // the column of the key that opened it, -1 for none
}

// indentLine is one line of block structure.
type indentLine struct {
	n      int    // 1-based line number
	indent int    // spaces before the content
	item   bool   // starts with "- "
	key    string // the mapping key the line (or its item) starts with
	opens  bool   // ends with "key:" or "-": the next lines are its value
	keyCol int    // 0-based column of key
	block  bool   // the value is a block scalar (| or >)
}

// indentProblem returns the first line whose indentation breaks the block
// structure above it, and what is wrong. Lines are numbered from first,
// the file line of data's first line (a later document of a file), in the
// result and in the message alike.
func indentProblem(data []byte, first int) (line, col int, msg string, ok bool) {
	var stack []level
	pending := -1  // indent of the key or "-" whose value the next line starts, -1 for none
	scalarAt := -1 // lines deeper than this belong to a block scalar
	var prev indentLine
	step := 0 // the document's first indentation step, where no enclosing block gives one
	for n, raw := range bytes.Split(data, []byte{'\n'}) {
		text := strings.TrimRight(string(raw), " \r")
		content := strings.TrimLeft(text, " ")
		indent := len(text) - len(content)
		if scalarAt >= 0 {
			if content == "" || indent > scalarAt {
				continue
			}
			scalarAt = -1
		}
		if content == "" || content[0] == '#' {
			continue
		}
		if content[0] == '\t' {
			return n + first, indent + 1, "a tab indents this line: YAML indents with spaces only", true
		}
		if content == "---" || strings.HasPrefix(content, "--- ") || content == "..." || content[0] == '%' {
			stack, pending, prev = nil, -1, indentLine{}
			continue
		}
		l, fine := classify(n+first, indent, content)
		if !fine {
			return 0, 0, "", false
		}
		if pending >= 0 && (indent > pending || indent == pending && l.item && !prevWasItem(stack, pending)) {
			if step == 0 && indent > pending {
				step = indent - pending
			}
			stack = append(stack, level{indent: indent, seq: l.item, key: l.key, line: l.n, parent: pending})
		} else {
			i := len(stack) - 1
			for i >= 0 && stack[i].indent > indent {
				i--
			}
			switch {
			case i >= 0 && stack[i].indent == indent:
				stack = stack[:i+1]
				// "key:" then "- a" at the key's column: a key at that
				// column after the list ends the list.
				if n := len(stack); !l.item && stack[n-1].seq && n > 1 && stack[n-2].indent == indent {
					stack = stack[:n-1]
				}
			case len(stack) == 0:
				stack = append(stack, level{indent: indent, seq: l.item, key: l.key, line: l.n, parent: -1})
			case i < 0:
				// Left of the document's first line: yaml.v3 accepts some
				// of these, so this reading cannot tell what is wrong.
				return 0, 0, "", false
			case i == len(stack)-1:
				// Deeper than the block it is in, and the line above does
				// not open a block: it has a value already.
				if top := stack[i]; prev.key != "" && !prev.item && top.line == prev.n && top.parent >= 0 {
					// The block's first key is off the step of the blocks
					// around it and this one is on it: the first key is the
					// one out of place.
					if st := localStep(stack[:i], step); st > 0 && indent-top.parent == st && prev.indent-top.parent != st {
						return prev.n, prev.keyCol + 1, fmt.Sprintf("%s (column %d) is indented less than the next key, %s on line %d (column %d), which follows the %d-space indentation around it: move it to column %d",
							"`"+prev.key+":`", prev.keyCol+1, show(l), l.n, indent+1, st, indent+1), true
					}
				}
				if prev.key != "" {
					return l.n, indent + 1, fmt.Sprintf("%s (column %d) is indented more than %s on line %d (column %d), which has a value and so cannot hold keys: move it to column %d",
						show(l), indent+1, "`"+prev.key+":`", prev.n, prev.keyCol+1, prev.keyCol+1), true
				}
				return l.n, indent + 1, fmt.Sprintf("this line (column %d) is indented more than line %d (column %d), which does not open a block", indent+1, prev.n, prev.indent+1), true
			case l.item && stack[i].seq:
				return l.n, indent + 1, fmt.Sprintf("%s (column %d) is indented more than the other items of this list, which start at column %d (line %d): move it to column %d",
					show(l), indent+1, stack[i].indent+1, stack[i].line, stack[i].indent+1), true
			default:
				in := stack[i+1]
				what := fmt.Sprintf("the other keys of this block, which start at column %d (%s, line %d)", in.indent+1, "`"+in.key+":`", in.line)
				if in.seq {
					what = fmt.Sprintf("the items of this list, which start at column %d (line %d)", in.indent+1, in.line)
				}
				return l.n, indent + 1, fmt.Sprintf("%s (column %d) is indented less than %s: move it to column %d", show(l), indent+1, what, in.indent+1), true
			}
			top := stack[len(stack)-1]
			switch {
			case top.seq && !l.item:
				return l.n, indent + 1, fmt.Sprintf("%s is at the column of the list's items (line %d) but has no \"-\": write \"- %s:\" to start a new item, or move it to column %d to add it to the item above",
					show(l), top.line, l.key, top.inner+1), true
			case !top.seq && l.item:
				return l.n, indent + 1, fmt.Sprintf("a list item at the column of the keys of this block (%s, line %d): indent it under the key it belongs to", "`"+top.key+":`", top.line), true
			}
		}
		if l.item && l.key != "" {
			// "- name: x": the item's mapping starts at the key.
			stack[len(stack)-1].inner = l.keyCol
			stack = append(stack, level{indent: l.keyCol, key: l.key, line: l.n, parent: -1})
		}
		pending = -1
		if l.opens {
			pending = indent
			if l.key != "" {
				pending = l.keyCol
			}
		}
		if l.block {
			scalarAt = indent
			if l.key != "" {
				scalarAt = l.keyCol
			}
		}
		prev = l
	}
	return 0, 0, "", false
}

// localStep is the indentation step of the innermost enclosing block that
// a key opened (a file may indent metadata by 4 and the rest by 2), or the
// document's first step when none did.
func localStep(enclosing []level, step int) int {
	for i := len(enclosing) - 1; i >= 0; i-- {
		if b := enclosing[i]; b.parent >= 0 && b.indent > b.parent {
			return b.indent - b.parent
		}
	}
	return step
}

// prevWasItem reports whether the block at indent is a list: "key:" at
// the indentation of a list's "-" closes the list rather than opening one.
func prevWasItem(stack []level, indent int) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		if stack[i].indent == indent {
			return stack[i].seq
		}
	}
	return false
}

func show(l indentLine) string {
	switch {
	case l.item && l.key != "":
		return "`- " + l.key + ":`"
	case l.item:
		return "this item"
	case l.key == "":
		return "this line"
	}
	return "`" + l.key + ":`"
}

// classify reads a line's block structure; fine is false for lines it
// cannot follow.
func classify(n, indent int, content string) (l indentLine, fine bool) {
	l = indentLine{n: n, indent: indent, keyCol: indent}
	rest := content
	if rest == "-" || strings.HasPrefix(rest, "- ") {
		l.item = true
		after := strings.TrimLeft(strings.TrimPrefix(rest, "-"), " ")
		l.keyCol = indent + len(rest) - len(after)
		rest = after
		if rest == "" || rest[0] == '#' {
			l.opens = true
			return l, true
		}
		if rest[0] == '-' && (rest == "-" || rest[1] == ' ') {
			return l, false // "- - x": nested lists on one line
		}
	}
	key, value, isKey := splitKey(rest)
	if !isKey {
		// A scalar item ("- x") is fine; a bare scalar line continues a
		// plain scalar over lines, which this reading does not follow.
		return l, l.item && balanced(rest)
	}
	l.key = key
	value = strings.TrimSpace(value)
	switch {
	case value == "" || value[0] == '#':
		l.opens = true
	case value[0] == '|' || value[0] == '>':
		l.block = true
	case value[0] == '&' || value[0] == '!':
		// An anchor or tag alone opens a block too.
		if f := strings.Fields(value); len(f) == 1 {
			l.opens = true
		}
	}
	return l, balanced(value)
}

// splitKey splits "key: value" (plain or quoted key) at the indicator.
func splitKey(s string) (key, value string, ok bool) {
	if s == "" {
		return "", "", false
	}
	start := 0
	switch s[0] {
	case '"', '\'':
		end := closingQuote(s)
		if end < 0 {
			return "", "", false
		}
		start = end + 1
	case '[', '{', '#', '&', '*', '!', '|', '>', '?', '%', '@', '`':
		return "", "", false
	}
	for i := start; i < len(s); i++ {
		switch s[i] {
		case ':':
			if i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\t' {
				return strings.Trim(strings.TrimSpace(s[:i]), `"'`), s[i+1:], true
			}
		case '#':
			if i > 0 && s[i-1] == ' ' {
				return "", "", false
			}
		}
	}
	return "", "", false
}

// closingQuote is the index of the quote that closes s's first, or -1.
func closingQuote(s string) int {
	q := s[0]
	for i := 1; i < len(s); i++ {
		switch {
		case q == '"' && s[i] == '\\':
			i++
		case s[i] == q && q == '\'' && i+1 < len(s) && s[i+1] == '\'':
			i++
		case s[i] == q:
			return i
		}
	}
	return -1
}

// balanced reports whether a value's quotes and flow brackets close on
// its line (outside a trailing comment).
func balanced(s string) bool {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\'':
			if i == 0 || strings.ContainsRune(" ,[{:", rune(s[i-1])) {
				end := closingQuote(s[i:])
				if end < 0 {
					return false
				}
				i += end
			}
		case '[', '{':
			depth++
		case ']', '}':
			depth--
		case '#':
			if i > 0 && s[i-1] == ' ' && depth == 0 {
				return true
			}
		}
	}
	return depth == 0
}
