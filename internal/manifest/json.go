package manifest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/agentscale/agentscale/internal/diag"
)

// jsonStream cuts data into its JSON values, as kubectl reads a file that
// starts with "{": one object after another ({...}{...} or one per line).
// It returns nil, nil for data that is not JSON (YAML, even a YAML flow
// mapping such as {apiVersion: v1}), and the values before it with an
// error for anything after them that is not JSON (trailing garbage).
func jsonStream(data []byte) ([]chunk, *diag.Error) {
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	var out []chunk
	for {
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			if out == nil {
				return nil, nil // not JSON after all: read it as YAML
			}
			// Point at the first byte after the last value: where the
			// garbage, or the unfinished value, starts.
			last := out[len(out)-1]
			off := last.off + len(last.data)
			for off < len(data) && (data[off] == ' ' || data[off] == '\t' || data[off] == '\r' || data[off] == '\n') {
				off++
			}
			msg := "text after the last JSON object is not JSON (kubectl refuses the file)"
			if errors.Is(err, io.ErrUnexpectedEOF) {
				msg = "the file ends inside this JSON value"
			}
			return out, &diag.Error{Pos: offsetPos(data, off), Msg: msg}
		}
		end := int(dec.InputOffset())
		start := end - len(raw)
		if at := longString(raw, limits.MaxScalarBytes); at >= 0 {
			// Refused before the YAML parser copies it twice over.
			n := stringLen(raw[at:])
			return out, &diag.Error{Pos: offsetPos(data, start+at), Msg: fmt.Sprintf("a value of %.1f MiB; agentscale reads values of at most %d MiB (the API server stores no object over 1.5 MiB)", float64(n)/(1<<20), limits.MaxScalarBytes>>20)}
		}
		p := offsetPos(data, start)
		out = append(out, chunk{data: data[start:end], off: start, line: p.Line, col: p.Col - 1, json: true})
	}
}

// longString returns the offset of the first JSON string in raw longer
// than limit bytes, or -1.
func longString(raw []byte, limit int) int {
	if len(raw) <= limit {
		return -1
	}
	for i := 0; i < len(raw); i++ {
		if raw[i] != '"' {
			continue
		}
		n := stringLen(raw[i:])
		if n > limit {
			return i
		}
		i += n + 1
	}
	return -1
}

// stringLen is the length of the JSON string that raw starts with, between
// its quotes.
func stringLen(raw []byte) int {
	for j := 1; j < len(raw); j++ {
		switch raw[j] {
		case '\\':
			j++
		case '"':
			return j - 1
		}
	}
	return len(raw) - 1
}

// offsetPos converts a byte offset into a line and column (in characters).
func offsetPos(data []byte, off int) diag.Pos {
	line := 1 + bytes.Count(data[:off], []byte{'\n'})
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return diag.Pos{Line: line, Col: 1 + utf8.RuneCount(data[start:off])}
}

// surrogatesToYAML rewrites JSON's escaped UTF-16 surrogate pairs as YAML
// \U escapes (two columns shorter); data without them is returned as is.
func surrogatesToYAML(data []byte) []byte {
	if !bytes.Contains(data, []byte(`\u`)) {
		return data
	}
	var out []byte
	last := 0
	for i := 0; i+11 < len(data); i++ {
		if data[i] != '\\' {
			continue
		}
		if data[i+1] == '\\' {
			i++ // an escaped backslash
			continue
		}
		hi, ok1 := hex4(data, i)
		lo, ok2 := hex4(data, i+6)
		if !ok1 || !ok2 || data[i+6] != '\\' || !utf16.IsSurrogate(rune(hi)) {
			continue
		}
		r := utf16.DecodeRune(rune(hi), rune(lo))
		if r == utf8.RuneError {
			continue
		}
		out = append(out, data[last:i]...)
		out = append(out, fmt.Sprintf(`\U%08X`, r)...)
		last = i + 12
		i += 11
	}
	if out == nil {
		return data
	}
	return append(out, data[last:]...)
}

// hex4 reads the four hex digits of a \uXXXX escape at data[i].
func hex4(data []byte, i int) (int, bool) {
	if i+5 >= len(data) || data[i+1] != 'u' {
		return 0, false
	}
	v, err := strconv.ParseUint(string(data[i+2:i+6]), 16, 16)
	return int(v), err == nil
}
