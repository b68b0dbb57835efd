package spec

import (
	"fmt"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"k8s.io/apimachinery/pkg/api/resource"
)

// Kubernetes parses a quantity larger than 2^63-1 of its base unit without
// an error and silently clamps it to 9223372036854775807
// (resource.ParseQuantity), so "99999999999999999999999999Ei" of memory
// becomes 8 EiB. The decoded value cannot tell; the text can.

// quantityText is a quantity as Kubernetes writes it: a number and a
// binary suffix, a decimal suffix or an exponent.
var quantityText = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^([+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$`)
})

var quantityScale = sync.OnceValue(func() map[string]*big.Float {
	return map[string]*big.Float{
		"Ki": pow(2, 10), "Mi": pow(2, 20), "Gi": pow(2, 30), "Ti": pow(2, 40), "Pi": pow(2, 50), "Ei": pow(2, 60),
		"n": pow(10, -9), "u": pow(10, -6), "m": pow(10, -3), "": pow(10, 0),
		"k": pow(10, 3), "M": pow(10, 6), "G": pow(10, 9), "T": pow(10, 12), "P": pow(10, 15), "E": pow(10, 18),
	}
})

func pow(base, exp int) *big.Float {
	f := new(big.Float).SetPrec(256).SetInt64(1)
	b := new(big.Float).SetPrec(256).SetInt64(int64(base))
	for i := 0; i < abs(exp); i++ {
		if exp > 0 {
			f.Mul(f, b)
		} else {
			f.Quo(f, b)
		}
	}
	return f
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

var maxQuantity = sync.OnceValue(func() *big.Float { return new(big.Float).SetPrec(256).SetInt64(math.MaxInt64) })

// signedOrSpaced is quantity text the schema refuses (its pattern allows
// neither a minus nor spaces): that error is the one to read, not a
// second one about its size or precision.
func signedOrSpaced(s string) bool {
	return strings.HasPrefix(s, "-") || strings.ContainsAny(s, " \t\n\r\f\v")
}

// quantityTooLarge reports a quantity that Kubernetes would clamp.
func quantityTooLarge(s string) bool {
	return !small(s) && exactlyTooLarge(s)
}

// exactlyTooLarge is quantityTooLarge in 256-bit arithmetic.
func exactlyTooLarge(s string) bool {
	m := quantityText().FindStringSubmatch(s)
	if m == nil {
		return false // not a quantity: the schema reports it
	}
	n, ok := new(big.Float).SetPrec(256).SetString(m[1])
	if !ok {
		return false
	}
	scale, ok := quantityScale()[m[2]]
	if !ok { // an exponent: e or E and digits
		exp, err := strconv.Atoi(strings.TrimPrefix(m[2][1:], "+"))
		switch {
		case err != nil || exp > 400:
			return n.Sign() != 0
		case exp < -400:
			return false
		}
		scale = pow(10, exp)
	}
	n.Mul(n, scale).Abs(n)
	return n.Cmp(maxQuantity()) > 0
}

// small reports, without the exact arithmetic, a quantity that cannot
// reach the limit: its integer part has fewer digits than its suffix
// leaves room for below 10^18 (2^60 > 10^18). Every request and limit a
// person writes is one; anything else takes the exact path.
func small(s string) bool {
	whole, i := 0, 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		whole, i = whole+1, i+1
	}
	frac := 0
	if i < len(s) && s[i] == '.' {
		for i++; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			frac++
		}
	}
	if whole+frac == 0 {
		return false
	}
	room, ok := smallRoom[s[i:]]
	return ok && whole <= room
}

// smallRoom is the most integer digits a quantity with each suffix may
// have and stay below 10^18 of the base unit.
var smallRoom = map[string]int{
	"": 18, "n": 18, "u": 18, "m": 18,
	"k": 15, "Ki": 14, "M": 12, "Mi": 11, "G": 9, "Gi": 8, "T": 6, "Ti": 5, "P": 3, "Pi": 2,
}

// quantityKeys are the mappings whose values are quantities, and the
// fields that hold one.
var (
	quantityMaps   = map[string]bool{"requests": true, "limits": true, "allocatable": true}
	quantityFields = map[string]bool{"size": true, "target": true}
)

// checkQuantities reports every quantity in the resolved document that
// Kubernetes would clamp or round. It runs on every file a hook checks, so
// the walk builds a field's path only for a quantity it reports.
func checkQuantities(plain any, pos positions, errs *ErrorList) {
	var w quantityWalk
	w.pos, w.errs = pos, errs
	w.walk(plain, "")
}

type quantityWalk struct {
	pos  positions
	errs *ErrorList
	segs []pathSeg // the path to the value being walked
}

// pathSeg is one step of a path: a mapping key, or a list index.
type pathSeg struct {
	key   string
	index int // -1 for a key
}

func (w *quantityWalk) path() string {
	p := ""
	for _, s := range w.segs {
		if s.index < 0 {
			p = joinKey(p, s.key)
		} else {
			p = joinIndex(p, s.index)
		}
	}
	return p
}

func (w *quantityWalk) walk(v any, parentKey string) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			w.segs = append(w.segs, pathSeg{key: k, index: -1})
			if s, ok := quantityString(x); ok && (quantityMaps[parentKey] || quantityFields[k]) && !signedOrSpaced(s) {
				msg := ""
				if quantityTooLarge(s) {
					msg = fmt.Sprintf("%s is too large: Kubernetes turns any quantity above 9223372036854775807 (about 8Ei) into that value without an error", s)
				} else {
					msg = quantityRounding(s, k) // k: a resource name, or size or target
				}
				if msg != "" {
					p := w.path()
					*w.errs = append(*w.errs, &Error{Pos: w.pos.value(p), Path: displayPath(p), Msg: msg})
				}
			} else {
				w.walk(x, k)
			}
			w.segs = w.segs[:len(w.segs)-1]
		}
	case []any:
		for i, item := range v {
			w.segs = append(w.segs, pathSeg{index: i})
			w.walk(item, parentKey)
			w.segs = w.segs[:len(w.segs)-1]
		}
	}
}

// quantityRounding reports a quantity that Kubernetes would round without
// an error, "" when it keeps it as written:
//   - a fraction of a byte (memory, storage, hugepages, a volume's size):
//     the API server only warns ("fractional byte value"), and Value
//     rounds it up. Any m suffix on bytes is named: "512m" of memory is
//     the usual slip for "512Mi", and "2000m" is 2 bytes;
//   - CPU finer than a millicore: the scheduler and the kubelet read
//     MilliValue, rounded up; an HPA target likewise (the controller
//     compares MilliValues);
//   - anything finer than 1n: resource.ParseQuantity rounds it up.
//
// Text the schema refuses (a sign, spaces) is left to its error, and
// extended resources to apirules.Resources (whole numbers only).
func quantityRounding(s, name string) string {
	if whole(s) || keeps(s, name) {
		return ""
	}
	v, ok := exactQuantity(s)
	if !ok {
		return "" // not a quantity, or beyond what rounding is about
	}
	q, err := resource.ParseQuantity(s)
	if err != nil {
		return ""
	}
	switch finest(name) {
	case 0:
		if m := strings.TrimSuffix(s, "m"); m != s {
			f, _ := v.Float64()
			m = strings.TrimSuffix(m, ".")
			return fmt.Sprintf("%s is %s bytes: the suffix m means milli (a thousandth); write %sMi for mebibytes or %sM for megabytes", s, strconv.FormatFloat(f, 'g', -1, 64), m, m)
		}
		if !v.IsInt() {
			return fmt.Sprintf("%s is not a whole number of bytes: the API server only warns, and Kubernetes would round it up to %d", s, q.Value())
		}
	case -3:
		if !new(big.Rat).Mul(v, big.NewRat(1000, 1)).IsInt() {
			if name == "cpu" {
				return fmt.Sprintf("%s is not a whole number of millicores: the scheduler and the kubelet count millicores and would read it as %dm", s, q.MilliValue())
			}
			return fmt.Sprintf("%s is not a whole number of thousandths: the HPA controller compares targets in thousandths and would read it as %dm", s, q.MilliValue())
		}
	default:
		if !new(big.Rat).Mul(v, big.NewRat(1e9, 1)).IsInt() {
			return fmt.Sprintf("%s is finer than Kubernetes keeps (1n, a billionth): it would be rounded up to %s without an error", s,
				resource.NewScaledQuantity(q.ScaledValue(resource.Nano), resource.Nano).String())
		}
	}
	return ""
}

// finest is the power of ten of the smallest step a quantity named name
// keeps: bytes for memory and storage, thousandths for CPU and HPA
// targets, 1n for the rest.
func finest(name string) int {
	switch {
	case name == "cpu" || name == "target":
		return -3
	case bytesValued(name):
		return 0
	}
	return -9
}

// bytesValued are the quantities counted in bytes: the standard memory
// and storage resources, hugepages, and a volume's size.
func bytesValued(name string) bool {
	switch name {
	case "memory", "ephemeral-storage", "storage", "size":
		return true
	}
	return strings.HasPrefix(name, "hugepages-")
}

// whole reports, without the exact arithmetic, a quantity with no
// fractional part and a suffix of 1 or more: it cannot be rounded.
func whole(s string) bool {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return false
	}
	switch s[i:] {
	case "", "k", "Ki", "M", "Mi", "G", "Gi", "T", "Ti", "P", "Pi", "E", "Ei":
		return true
	}
	return false
}

// keeps reports, without the exact arithmetic, a quantity with a decimal
// suffix (or none) whose last significant digit is at or above the
// precision the resource keeps: "500m" of CPU, "1.5Gi" is left to the
// exact path. Every request a person writes is decided here.
func keeps(s, name string) bool {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	digits, frac := i, 0
	if i < len(s) && s[i] == '.' {
		i++
		for j := i; j < len(s) && s[j] >= '0' && s[j] <= '9'; j++ {
			if s[j] != '0' {
				frac = j - i + 1 // significant fraction digits so far
			}
			digits++
		}
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	exp, ok := decimalSuffix[s[i:]]
	if digits == 0 || !ok || (exp < 0 && bytesValued(name)) {
		return false // m on bytes is named even when whole (2000m is 2 bytes)
	}
	return exp-frac >= finest(name)
}

var decimalSuffix = map[string]int{"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}

// exactQuantity is a quantity's value in its base unit, exactly. Exponents
// beyond ±400 are left out (the too-large check covers the large ones; a
// tiny one rounds like 1e-10 does, and a person writes neither).
func exactQuantity(s string) (*big.Rat, bool) {
	m := quantityText().FindStringSubmatch(s)
	if m == nil {
		return nil, false
	}
	n, ok := new(big.Rat).SetString(m[1])
	if !ok {
		return nil, false
	}
	var scale *big.Rat
	switch suffix := m[2]; {
	case suffix == "":
		scale = big.NewRat(1, 1)
	case strings.HasSuffix(suffix, "i"):
		scale = new(big.Rat).SetFrac(new(big.Int).Lsh(big.NewInt(1), uint(10*strings.Index("KMGTPE", suffix[:1])+10)), big.NewInt(1))
	case strings.Contains("numkMGTPE", suffix):
		scale = decimalScale(decimalSuffix[suffix])
	default: // e or E and digits
		exp, err := strconv.Atoi(strings.TrimPrefix(suffix[1:], "+"))
		if err != nil || exp > 400 || exp < -400 {
			return nil, false
		}
		scale = decimalScale(exp)
	}
	return n.Mul(n, scale), true
}

func decimalScale(exp int) *big.Rat {
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(abs(exp))), nil)
	if exp < 0 {
		return new(big.Rat).SetFrac(big.NewInt(1), p)
	}
	return new(big.Rat).SetInt(p)
}

// quantityString is a quantity's text: YAML reads 9e30 as a number.
func quantityString(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case int64:
		return strconv.FormatInt(x, 10), true
	case float64:
		if a := math.Abs(x); a >= 1e-21 && a < 1e21 {
			return strconv.FormatFloat(x, 'f', -1, 64), true // 0.0000000001 as written, not 1e-10
		}
		return strconv.FormatFloat(x, 'g', -1, 64), true
	}
	return "", false
}
