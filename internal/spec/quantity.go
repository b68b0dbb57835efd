package spec

import (
	"fmt"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"sync"
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

// quantityTooLarge reports a quantity that Kubernetes would clamp.
func quantityTooLarge(s string) bool {
	s = strings.TrimSpace(s)
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
// Kubernetes would clamp.
func checkQuantities(plain any, path string, parentKey string, pos positions, errs *ErrorList) {
	switch v := plain.(type) {
	case map[string]any:
		for _, k := range sortedKeys(v) {
			p := joinKey(path, k)
			if s, ok := quantityString(v[k]); ok && (quantityMaps[parentKey] || quantityFields[k]) {
				if quantityTooLarge(s) {
					*errs = append(*errs, &Error{Pos: pos.value(p), Path: displayPath(p),
						Msg: fmt.Sprintf("%s is too large: Kubernetes turns any quantity above 9223372036854775807 (about 8Ei) into that value without an error", s)})
				}
				continue
			}
			checkQuantities(v[k], p, k, pos, errs)
		}
	case []any:
		for i, item := range v {
			checkQuantities(item, joinIndex(path, i), parentKey, pos, errs)
		}
	}
}

// quantityString is a quantity's text: YAML reads 9e30 as a number.
func quantityString(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case int64:
		return strconv.FormatInt(x, 10), true
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), true
	}
	return "", false
}
