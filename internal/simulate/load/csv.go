package load

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Steps is a piecewise-constant rate: Rates[i] holds from Times[i] until
// Times[i+1]; the last rate holds to the end; before Times[0] it is 0.
type Steps struct {
	Times []float64
	Rates []float64
}

func (s *Steps) At(t float64) float64 {
	i := sort.SearchFloat64s(s.Times, t)
	if i < len(s.Times) && s.Times[i] == t {
		return s.Rates[i]
	}
	if i == 0 {
		return 0
	}
	return s.Rates[i-1]
}

// MaxLines bounds a load file: a week at 1 s steps is 604,800 lines.
const MaxLines = 5_000_000

// ParseCSV parses a load file: lines of seconds,arrivals_per_second[,role].
// Blank lines and lines starting with # are skipped; the first line may be
// a header. Errors name the file and line.
func ParseCSV(file string, data []byte) (*Load, error) {
	l := &Load{Source: file}
	all := &Steps{}
	roles := map[string]*Steps{}
	lines := map[string]Pos{}
	var order []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	n, rows := 0, 0
	for sc.Scan() {
		n++
		pos := Pos{File: file, Line: n}
		if n > MaxLines {
			return nil, &Error{pos, fmt.Sprintf("more than %d lines; use a coarser load file", MaxLines)}
		}
		raw := sc.Text()
		if n == 1 {
			raw = strings.TrimPrefix(raw, "\ufeff")
		}
		line := strings.TrimSpace(raw)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		// Each field's column (in characters), for errors about it.
		fields := strings.Split(raw, ",")
		cols := make([]int, len(fields))
		col := 1
		for i, f := range fields {
			lead := len(f) - len(strings.TrimLeft(f, " \t"))
			cols[i] = col + utf8.RuneCountInString(f[:lead])
			col += utf8.RuneCountInString(f) + 1
			fields[i] = strings.TrimSpace(f)
		}
		pos.Col = cols[0]
		at := func(i int) Pos { return Pos{File: file, Line: n, Col: cols[i]} }
		if rows == 0 && isHeader(fields) {
			rows++
			continue
		}
		rows++
		if len(fields) < 2 || len(fields) > 3 {
			return nil, &Error{pos, fmt.Sprintf("want seconds,arrivals_per_second[,role], got %d fields", len(fields))}
		}
		t, err := strconv.ParseFloat(fields[0], 64)
		if err != nil || math.IsNaN(t) || math.IsInf(t, 0) || t < 0 || t > 1e9 {
			return nil, &Error{pos, fmt.Sprintf("seconds %q must be a number from 0 to 1e9", fields[0])}
		}
		rate, err := number(fields[1], "arrivals_per_second")
		if err != nil {
			return nil, &Error{at(1), err.Error()}
		}
		s := all
		if len(fields) == 3 && fields[2] != "" {
			name := fields[2]
			if s = roles[name]; s == nil {
				s = &Steps{}
				roles[name] = s
				lines[name] = at(2)
				order = append(order, name)
			}
		}
		if k := len(s.Times); k > 0 && t <= s.Times[k-1] {
			return nil, &Error{pos, fmt.Sprintf("seconds %g is not after the previous row's %g (rows must be in time order)", t, s.Times[k-1])}
		}
		s.Times = append(s.Times, t)
		s.Rates = append(s.Rates, rate)
		l.End = max(l.End, t)
	}
	if err := sc.Err(); err != nil {
		return nil, &Error{Pos{File: file, Line: n + 1, Col: 1}, "line too long (over 1 MiB)"}
	}
	if len(all.Times) == 0 && len(roles) == 0 {
		return nil, &Error{Pos{File: file, Line: max(n, 1), Col: 1}, "no load rows: want lines of seconds,arrivals_per_second[,role]"}
	}
	if len(all.Times) > 0 {
		l.All = all
	}
	if len(roles) > 0 {
		l.Roles = make(map[string]Rate, len(roles))
		for _, name := range order {
			l.Roles[name] = roles[name]
		}
		l.RoleLines = lines
	}
	return l, nil
}

// isHeader reports whether the first row is a header: its first field is
// not a number.
func isHeader(fields []string) bool {
	_, err := strconv.ParseFloat(fields[0], 64)
	return err != nil
}
