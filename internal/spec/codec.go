package spec

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/agentscale/agentscale/internal/suggest"
)

// decodeStrict decodes the mapping form of a type with two forms. The
// schema refuses unknown keys in a file, but not in what --set and --vary
// write, so the decoder must too: "replicas.mn=1" would change nothing.
// The schema has reported a file's unknown keys in its own words, so this
// message is not an UnknownField one that the loader keeps beside it.
func decodeStrict(b []byte, v any, takes string, fields ...string) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if q, ok := strings.CutPrefix(fmt.Sprint(err), "json: unknown field "); ok {
		name, _ := strconv.Unquote(q)
		msg := fmt.Sprintf("%s, not %q", takes, name)
		if c := suggest.Closest(name, fields); c != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", c)
		}
		return errors.New(msg)
	}
	return err
}

// UnmarshalJSON reads `3` (a fixed count) or `{min: 1, max: 20}`.
func (r *Replicas) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '{' {
		var v struct {
			Min *int32 `json:"min"`
			Max *int32 `json:"max"`
		}
		if err := decodeStrict(b, &v, "replicas take min and max", "min", "max"); err != nil {
			return err
		}
		if v.Min == nil || v.Max == nil {
			return fmt.Errorf("a replica range needs min and max")
		}
		*r = Replicas{Min: *v.Min, Max: *v.Max}
		return nil
	}
	var n int32
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("replicas must be a count or {min, max}")
	}
	*r = Replicas{Min: n, Max: n, Fixed: true}
	return nil
}

// MarshalJSON writes the form UnmarshalJSON reads.
func (r Replicas) MarshalJSON() ([]byte, error) {
	if r.Fixed {
		return json.Marshal(r.Min)
	}
	// min before max, as people write it (a map would sort them).
	return json.Marshal(struct {
		Min int32 `json:"min"`
		Max int32 `json:"max"`
	}{r.Min, r.Max})
}

// Autoscaled reports whether the role asks for a range rather than a count.
func (r *Replicas) Autoscaled() bool { return r != nil && !r.Fixed }

// UnmarshalJSON reads `false`, `{maxUnavailable: 1}` or `{minAvailable: "50%"}`.
func (d *Disruption) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch string(b) {
	case "false":
		*d = Disruption{Disabled: true}
		return nil
	case "true":
		return fmt.Errorf("disruption: true is not a budget; give {maxUnavailable} or {minAvailable}, or false")
	}
	var v struct {
		MaxUnavailable *IntOrPercent `json:"maxUnavailable"`
		MinAvailable   *IntOrPercent `json:"minAvailable"`
	}
	if err := decodeStrict(b, &v, "disruption takes maxUnavailable or minAvailable", "maxUnavailable", "minAvailable"); err != nil {
		return err
	}
	*d = Disruption{MaxUnavailable: v.MaxUnavailable, MinAvailable: v.MinAvailable}
	return nil
}

// MarshalJSON writes the form UnmarshalJSON reads.
func (d Disruption) MarshalJSON() ([]byte, error) {
	if d.Disabled {
		return []byte("false"), nil
	}
	m := map[string]*IntOrPercent{}
	if d.MaxUnavailable != nil {
		m["maxUnavailable"] = d.MaxUnavailable
	}
	if d.MinAvailable != nil {
		m["minAvailable"] = d.MinAvailable
	}
	return json.Marshal(m)
}

// UnmarshalJSON reads 2 or "50%".
func (v *IntOrPercent) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		if !strings.HasSuffix(s, "%") {
			return fmt.Errorf("%q must be a count or a percentage", s)
		}
		n, err := strconv.Atoi(strings.TrimSuffix(s, "%"))
		if err != nil || n < 0 {
			return fmt.Errorf("%q is not a percentage", s)
		}
		*v = IntOrPercent{Int: int32(n), Percent: s}
		return nil
	}
	var n int32
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("must be a count or a percentage")
	}
	*v = IntOrPercent{Int: n}
	return nil
}

// MarshalJSON writes the form UnmarshalJSON reads.
func (v IntOrPercent) MarshalJSON() ([]byte, error) {
	if v.Percent != "" {
		return json.Marshal(v.Percent)
	}
	return json.Marshal(v.Int)
}

// IsPercent reports whether v is a percentage; Int then holds the percent.
func (v IntOrPercent) IsPercent() bool { return v.Percent != "" }

// String formats v as written.
func (v IntOrPercent) String() string {
	if v.Percent != "" {
		return v.Percent
	}
	return strconv.Itoa(int(v.Int))
}

// StringMap is a map of strings that also accepts numbers and booleans as
// values, the way KEDA trigger metadata is written (lagThreshold: 1000).
type StringMap map[string]string

// UnmarshalJSON converts scalar values to their string form.
func (m *StringMap) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	out := make(StringMap, len(raw))
	for k, v := range raw {
		var s string
		if err := json.Unmarshal(v, &s); err == nil {
			out[k] = s
			continue
		}
		t := string(bytes.TrimSpace(v))
		if t == "" || t[0] == '{' || t[0] == '[' || t == "null" {
			return fmt.Errorf("metadata.%s must be a string, number or boolean", k)
		}
		out[k] = t
	}
	*m = out
	return nil
}

// String formats r as written: "3", or "1..20" for a range.
func (r Replicas) String() string {
	if r.Fixed {
		return strconv.Itoa(int(r.Min))
	}
	return strconv.Itoa(int(r.Min)) + ".." + strconv.Itoa(int(r.Max))
}
