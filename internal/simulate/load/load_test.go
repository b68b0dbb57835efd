package load

import (
	"errors"
	"flag"
	"math"
	"os"
	"strings"
	"testing"
)

// -update is accepted so `make golden` can run every package; none here.
var _ = flag.Bool("update", false, "rewrite golden files (none in this package)")

func TestPatterns(t *testing.T) {
	tests := []struct {
		in   string
		at   []float64 // times
		want []float64 // rates
	}{
		{"steady:20", []float64{0, 3600}, []float64{20, 20}},
		{"steady:0.5", []float64{0}, []float64{0.5}},
		{"ramp:0..200/10m", []float64{0, 300, 600, 7200}, []float64{0, 100, 200, 200}},
		{"ramp:100..0/100", []float64{0, 50, 100}, []float64{100, 50, 0}},
		{"spike:20+500@5m/2m", []float64{0, 299, 300, 419, 420}, []float64{20, 20, 520, 520, 20}},
		{"daily:10..110", []float64{14 * 3600, 2 * 3600}, []float64{110, 10}},
		{"daily:10..110@2h", []float64{2 * 3600, 8 * 3600}, []float64{110, 60}},
	}
	for _, tt := range tests {
		l, err := ParsePattern(tt.in)
		if err != nil {
			t.Fatalf("%s: %v", tt.in, err)
		}
		for i, at := range tt.at {
			if got := l.All.At(at); math.Abs(got-tt.want[i]) > 1e-9 {
				t.Errorf("%s at %gs = %g, want %g", tt.in, at, got, tt.want[i])
			}
		}
	}
}

func TestPatternErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"steady", "a pattern is NAME:ARGS"},
		{"burst:1", `unknown pattern "burst"`},
		{"steady:x", `rate "x" is not a number`},
		{"steady:-1", "must be >= 0"},
		{"steady:NaN", "is not a number"},
		{"ramp:0..200", "ramp needs FROM..TO/DURATION"},
		{"ramp:0-200/10m", "is not a range"},
		{"ramp:0..200/0s", "ramp duration must be > 0"},
		{"ramp:0..200/10q", "is not a duration"},
		{"spike:20", "spike needs BASE+EXTRA"},
		{"spike:20+500", "needs @START"},
		{"spike:20+500@5m", "needs /DURATION"},
		{"spike:20+500@-5m/1m", "must be >= 0"},
		{"daily:1..2@25h", "within the day"},
		{"steady:1e13", "above"},
	}
	for _, tt := range tests {
		_, err := ParsePattern(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want it to contain %q", tt.in, err, tt.want)
		}
	}
}

func TestIsPattern(t *testing.T) {
	for in, want := range map[string]bool{"steady:1": true, "daily:1..2": true, "load.csv": false, "c:/x.csv": false, "spike": false} {
		if got := IsPattern(in); got != want {
			t.Errorf("IsPattern(%q) = %v", in, got)
		}
	}
}

func TestParseCSV(t *testing.T) {
	data := "seconds,arrivals_per_second,role\n# warm-up\n0,10\n60,50\n\n120,5,scout\n180,0,scout\n"
	l, err := ParseCSV("load.csv", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		role string
		at   float64
		want float64
	}{
		{"other", 0, 10}, {"other", 59, 10}, {"other", 60, 50}, {"other", 1e6, 50},
		{"scout", 0, 0}, {"scout", 130, 5}, {"scout", 180, 0},
	}
	for _, c := range checks {
		if got := l.For(c.role).At(c.at); got != c.want {
			t.Errorf("%s at %g = %g, want %g", c.role, c.at, got, c.want)
		}
	}
	if p := l.RoleLines["scout"]; p.Line != 6 {
		t.Errorf("scout first named on line %d, want 6", p.Line)
	}
}

func TestParseCSVErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "f.csv:1:1: no load rows"},
		{"# only a comment\n", "f.csv:1:1: no load rows"},
		{"seconds,rate\n", "f.csv:1:1: no load rows"},
		{"0,1\n10\n", "f.csv:2:1: want seconds,arrivals_per_second[,role], got 1 fields"},
		{"0,1,a,b\n", "f.csv:1:1: want seconds"},
		{"0,1\nx,2\n", `f.csv:2:1: seconds "x" must be a number`},
		{"0,1\n-5,2\n", "f.csv:2:1: seconds"},
		{"0,1\n5,abc\n", `f.csv:2:3: arrivals_per_second "abc" is not a number`},
		{"0,1\n5,-2\n", "f.csv:2:3: arrivals_per_second \"-2\" must be >= 0"},
		{"10,1\n5,2\n", "f.csv:2:1: seconds 5 is not after the previous row's 10"},
		{"10,1,a\n10,2,b\n10,2,a\n", "f.csv:3:1: seconds 10 is not after"},
		{"0,Inf\n", "is not a number"},
	}
	for _, tt := range tests {
		_, err := ParseCSV("f.csv", []byte(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: err = %v, want it to contain %q", tt.in, err, tt.want)
		}
	}
}

func TestSeries(t *testing.T) {
	got := Series(Ramp{0, 10, 10}, 4, 5)
	want := []float64{0, 5, 10, 10}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Series = %v, want %v", got, want)
		}
	}
	if z := Series(nil, 3, 1); z[0] != 0 || len(z) != 3 {
		t.Errorf("nil rate: %v", z)
	}
}

// FuzzParse checks that no pattern or load file makes the parsers panic,
// and that whatever they accept yields finite, non-negative rates.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"steady:20", "ramp:0..200/10m", "spike:20+500@5m/2m", "daily:1..9@3h",
		"seconds,rate\n0,1\n60,5,scout\n", "0,1\n# c\n\n5,2\n", "\ufeff0,1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		check := func(l *Load) {
			rates := []Rate{l.All}
			for _, r := range l.Roles {
				rates = append(rates, r)
			}
			for _, r := range rates {
				for _, v := range Series(r, 50, 37) {
					if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
						t.Fatalf("%q: rate %g", s, v)
					}
				}
			}
		}
		if l, err := ParsePattern(s); err == nil {
			check(l)
		}
		if l, err := ParseCSV("f.csv", []byte(s)); err == nil {
			check(l)
		}
	})
}

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/load.csv"
	if err := os.WriteFile(path, []byte("0,5\n10,x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(path, nil); !IsFileError(err) || !strings.Contains(err.Error(), path+":2:4: ") {
		t.Errorf("bad file: %v", err)
	}
	if l, err := Open("steady:3", nil); err != nil || l.All.At(0) != 3 {
		t.Errorf("pattern: %v", err)
	}
	if _, err := Open("steady:x", nil); err == nil || IsFileError(err) {
		t.Errorf("bad pattern is not a file error: %v", err)
	}
	if _, err := Open(dir+"/missing.csv", nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing: %v", err)
	}
	if _, err := Open(dir, nil); !IsFileError(err) || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("directory: %v", err)
	}
	if _, err := Open("/dev/zero", nil); !IsFileError(err) || !strings.Contains(err.Error(), "is a character device") {
		t.Errorf("device: %v", err)
	}
	if _, err := Open("-", strings.NewReader(strings.Repeat("0,1\n", 5<<20))); !IsFileError(err) || !strings.Contains(err.Error(), "more than 16 MiB") {
		t.Errorf("endless stdin: %v", err)
	}
	if l, err := Open("-", strings.NewReader("0,7\n")); err != nil || l.All.At(1) != 7 {
		t.Errorf("stdin: %v", err)
	}
}
