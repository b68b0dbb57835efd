package render

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// emitYAML writes cleaned plain data (maps, lists, strings, int64, float64,
// bool) as YAML the way kubectl prints it: keys sorted, two-space indent,
// list items level with their key, multi-line strings as literal blocks,
// no line wrapping. A general YAML encoder is built for any Go value and is
// ten times slower; this one only has to handle what cleanObject returns.
func emitYAML(buf *bytes.Buffer, m any) {
	emitMap(buf, m, 0, false)
}

// maxImplicitKey is below YAML's 1024-character limit on implicit keys,
// counted in bytes, which is stricter.
const maxImplicitKey = 1000

// emitMap writes the entries of m (an object, in its order, or a map, keys
// sorted) at indent. With inline, the first entry continues the current
// line (after "- ").
func emitMap(buf *bytes.Buffer, m any, indent int, inline bool) {
	var entries object
	switch x := m.(type) {
	case object:
		entries = x
	case map[string]any:
		entries = make(object, 0, len(x))
		for k, v := range x {
			entries = append(entries, member{k, v})
		}
		slices.SortFunc(entries, func(a, b member) int { return strings.Compare(a.key, b.key) })
	}
	for i, e := range entries {
		k := e.key
		if i > 0 || !inline {
			writeIndent(buf, indent)
		}
		if key := keyText(k); len(key) > maxImplicitKey {
			// YAML limits implicit keys to 1024 characters as written
			// (quotes and escapes included): use "? key".
			buf.WriteString("? ")
			buf.WriteString(key)
			buf.WriteByte('\n')
			writeIndent(buf, indent)
		} else {
			buf.WriteString(key)
		}
		buf.WriteByte(':')
		emitValue(buf, e.val, indent)
	}
}

// emitValue writes the value of a key at indent, starting right after the colon.
func emitValue(buf *bytes.Buffer, v any, indent int) {
	switch x := v.(type) {
	case object, map[string]any:
		if isEmptyMap(x) {
			buf.WriteString(" {}\n")
			return
		}
		buf.WriteByte('\n')
		emitMap(buf, x, indent+2, false)
	case []any:
		if len(x) == 0 {
			buf.WriteString(" []\n")
			return
		}
		buf.WriteByte('\n')
		emitList(buf, x, indent)
	default:
		buf.WriteByte(' ')
		emitScalar(buf, v, indent)
		buf.WriteByte('\n')
	}
}

// emitList writes items as "- " lines at indent.
func emitList(buf *bytes.Buffer, l []any, indent int) {
	for _, item := range l {
		writeIndent(buf, indent)
		buf.WriteString("-")
		switch x := item.(type) {
		case object, map[string]any:
			if isEmptyMap(x) {
				buf.WriteString(" {}\n")
				continue
			}
			buf.WriteByte(' ')
			emitMap(buf, x, indent+2, true)
		case []any:
			if len(x) == 0 {
				buf.WriteString(" []\n")
				continue
			}
			buf.WriteByte('\n')
			emitList(buf, x, indent+2)
		default:
			buf.WriteByte(' ')
			emitScalar(buf, item, indent)
			buf.WriteByte('\n')
		}
	}
}

// isEmptyMap reports whether an object or map has no entries.
func isEmptyMap(m any) bool {
	switch x := m.(type) {
	case object:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}

func writeIndent(buf *bytes.Buffer, n int) {
	for range n {
		buf.WriteByte(' ')
	}
}

// emitScalar writes a scalar; indent is that of its key, for literal blocks.
func emitScalar(buf *bytes.Buffer, v any, indent int) {
	switch x := v.(type) {
	case string:
		emitString(buf, x, indent)
	case int64:
		buf.WriteString(strconv.FormatInt(x, 10))
	case float64:
		buf.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
	case bool:
		buf.WriteString(strconv.FormatBool(x))
	default:
		panic(fmt.Sprintf("render: cannot emit a %T", v)) // cleanObject returns only the types above
	}
}

// keyText is a mapping key as written: plain when safe, else double-quoted.
func keyText(k string) string {
	if plainSafe(k) {
		return k
	}
	return strconv.Quote(k)
}

func emitString(buf *bytes.Buffer, s string, indent int) {
	switch {
	case plainSafe(s):
		buf.WriteString(s)
	case literalSafe(s):
		emitLiteral(buf, s, indent)
	default:
		// A Go quoted string is a valid YAML double-quoted scalar: YAML
		// knows every escape strconv writes (\a \b \f \n \r \t \v \xNN \uNNNN \UNNNNNNNN).
		buf.WriteString(strconv.Quote(s))
	}
}

// emitLiteral writes a multi-line string as a literal block, its lines
// indented two spaces deeper than its key. The chomping indicator keeps the
// string's trailing newlines exactly: none (|-), one (|) or more (|+).
func emitLiteral(buf *bytes.Buffer, s string, indent int) {
	body := strings.TrimRight(s, "\n")
	trailing := len(s) - len(body)
	lines := strings.Split(body, "\n")
	switch trailing {
	case 0:
		buf.WriteString("|-")
	case 1:
		buf.WriteString("|")
	default:
		buf.WriteString("|+")
		for range trailing - 1 {
			lines = append(lines, "")
		}
	}
	for _, line := range lines {
		buf.WriteByte('\n')
		if line != "" {
			writeIndent(buf, indent+2)
			buf.WriteString(line)
		}
	}
}

// literalSafe reports whether s can be a literal block: several lines, none
// with leading spaces on the first (that would need an indentation
// indicator), no trailing spaces, no control characters but newlines.
func literalSafe(s string) bool {
	if !strings.Contains(s, "\n") || strings.HasPrefix(s, " ") || strings.HasPrefix(s, "\n") || !utf8.ValidString(s) {
		return false
	}
	for _, line := range strings.Split(s, "\n") {
		if strings.HasSuffix(line, " ") {
			return false
		}
		for _, r := range line {
			if !unicode.IsPrint(r) || r == '\uFEFF' {
				return false
			}
		}
	}
	return true
}

// plainSafe reports whether s reads back as the same string when written
// unquoted. It is conservative: when in doubt, quote.
func plainSafe(s string) bool {
	if s == "" || !utf8.ValidString(s) || s[0] == ' ' || s[len(s)-1] == ' ' || s[len(s)-1] == ':' {
		return false
	}
	switch s[0] {
	case '-':
		if len(s) == 1 || s[1] == ' ' || (len(s) >= 3 && s[:3] == "---") {
			return false
		}
	case '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', '<', '=', '~':
		return false
	}
	if strings.Contains(s, ": ") || strings.Contains(s, " #") {
		return false
	}
	if !printable(s) {
		return false
	}
	return !yamlSpecial(s)
}

// printable reports whether s has only printable characters (no BOM),
// checking ASCII, nearly all of what render writes, without decoding runes.
func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f {
			return false
		} else if c >= 0x80 {
			for _, r := range s[i:] {
				if !unicode.IsPrint(r) || r == '\uFEFF' {
					return false
				}
			}
			return true
		}
	}
	return true
}

// yamlSpecial reports whether a YAML 1.1 or 1.2 reader could take s for
// something other than a string: a boolean, null, or anything number- or
// date-like (digits with signs, dots, colons, underscores, exponents, bases).
func yamlSpecial(s string) bool {
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", ".inf", "-.inf", "+.inf", ".nan":
		return true
	}
	digits := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits = true
		case strings.IndexByte("+-._:eExXoObBaAcCdDfFtTzZ ", c) >= 0:
		default:
			return false
		}
	}
	return digits
}
