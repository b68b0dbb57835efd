package secrets

import (
	"math"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
)

// excluded are gitleaks rules that do not judge a single value: generic-*
// looks for "key = value" in source code (names are judged here by
// nameKind instead), kubernetes-secret-yaml for a Secret manifest (Secrets
// are where credentials belong), and path-only rules match file names.
var excluded = map[string]bool{
	"generic-api-key":        true,
	"kubernetes-secret-yaml": true,
}

// RuleSpec is one rule of gitleaks' default configuration, as its TOML
// says it (hack/gitleaksgen writes them all to rules_gen.go).
type RuleSpec struct {
	ID          string      `toml:"id"`
	Regex       string      `toml:"regex"`
	SecretGroup int         `toml:"secretGroup"`
	Entropy     float64     `toml:"entropy"`
	Keywords    []string    `toml:"keywords"`
	Path        string      `toml:"path"`
	Allowlists  []AllowSpec `toml:"allowlists"`
}

// AllowSpec is one of a rule's allowlists.
type AllowSpec struct {
	Condition   string   `toml:"condition"`
	Regexes     []string `toml:"regexes"`
	RegexTarget string   `toml:"regexTarget"`
	Stopwords   []string `toml:"stopwords"`
	Paths       []string `toml:"paths"`
}

// rule is one gitleaks rule, compiled on first use.
type rule struct {
	*RuleSpec

	once  sync.Once
	re    *regexp.Regexp
	allow []*allowlist
}

type allowlist struct {
	and       bool // condition AND: every set criterion must hold
	regexes   []*regexp.Regexp
	target    string // "secret" (default), "match" or "line"
	stopwords []string
}

// ruleSet is gitleaks' rules with their keyword prefilter.
type ruleSet struct {
	rules     []*rule
	byKeyword map[string][]*rule
	always    []*rule // rules without keywords
	keywords  keywordIndex
}

var (
	loadOnce sync.Once
	loaded   *ruleSet
)

// Warm starts indexing gitleaks' rules in the background, so that they are
// ready by the time the first value is judged (lint starts it while it
// reads its files).
func Warm() { go rules() }

// rules indexes gitleaks' default configuration once.
func rules() *ruleSet {
	loadOnce.Do(func() { loaded = load(defaultRules) })
	return loaded
}

// load indexes the rules by keyword. (gitleaks' configuration is data in
// rules_gen.go: parsing its TOML took 2 ms of every lint, and building an
// Aho-Corasick automaton of its 244 keywords 3 ms more.)
func load(specs []RuleSpec) *ruleSet {
	n := 0
	for i := range specs {
		n += len(specs[i].Keywords)
	}
	rs := &ruleSet{byKeyword: make(map[string][]*rule, n), rules: make([]*rule, 0, len(specs))}
	words := make([]string, 0, n)
	all := make([]rule, len(specs))
	for i := range specs {
		r := &all[i]
		r.RuleSpec = &specs[i]
		if r.Regex == "" || excluded[r.ID] {
			continue
		}
		rs.rules = append(rs.rules, r)
		if len(r.Keywords) == 0 {
			rs.always = append(rs.always, r)
		}
		for _, k := range r.Keywords {
			k = strings.ToLower(k)
			if _, seen := rs.byKeyword[k]; !seen {
				words = append(words, k)
			}
			rs.byKeyword[k] = append(rs.byKeyword[k], r)
		}
	}
	rs.keywords = newKeywordIndex(words)
	return rs
}

// keywordIndex finds every occurrence of a set of keywords in a text: the
// keywords by their first two bytes, tried at each offset. gitleaks'
// keywords are short and varied, so a bucket holds one or two. The pairs
// are a table per first byte (a text of 20 KB, a dashboard's JSON, is
// 20,000 lookups, which a map made a third of lint), made only for the
// first bytes keywords have: one dense table of every pair was 128 KB,
// 30 page faults of every lint.
type keywordIndex struct {
	first   [256]uint16   // by first byte: 1 + the index in second, 0 for none
	second  [][256]uint16 // by second byte: 1 + the index in buckets, 0 for none
	buckets [][]string
	single  []string // one-byte keywords
}

func newKeywordIndex(words []string) keywordIndex {
	var ix keywordIndex
	var firsts [256]bool
	n := 0
	for _, w := range words {
		if len(w) > 1 && !firsts[w[0]] {
			firsts[w[0]] = true
			n++
		}
	}
	ix.second = make([][256]uint16, 0, n)
	for _, w := range words {
		switch {
		case w == "":
		case len(w) == 1:
			ix.single = append(ix.single, w)
		default:
			if ix.first[w[0]] == 0 {
				ix.second = append(ix.second, [256]uint16{})
				ix.first[w[0]] = uint16(len(ix.second))
			}
			t := &ix.second[ix.first[w[0]]-1]
			if t[w[1]] == 0 {
				ix.buckets = append(ix.buckets, nil)
				t[w[1]] = uint16(len(ix.buckets))
			}
			b := t[w[1]] - 1
			ix.buckets[b] = append(ix.buckets[b], w)
		}
	}
	return ix
}

// each calls fn with the offset and keyword of every occurrence, by offset.
func (ix *keywordIndex) each(text string, fn func(pos int, word string)) {
	for i := 0; i < len(text); i++ {
		for _, w := range ix.single {
			if text[i] == w[0] {
				fn(i, w)
			}
		}
		if i+1 < len(text) {
			t := ix.first[text[i]]
			if t == 0 {
				continue
			}
			if b := ix.second[t-1][text[i+1]]; b != 0 {
				for _, w := range ix.buckets[b-1] {
					if strings.HasPrefix(text[i:], w) {
						fn(i, w)
					}
				}
			}
		}
	}
}

func (r *rule) compile() {
	r.once.Do(func() {
		r.re = regexp.MustCompile(r.Regex)
		for _, a := range r.Allowlists {
			if len(a.Paths) > 0 && len(a.Regexes) == 0 && len(a.Stopwords) == 0 {
				continue // about file paths only
			}
			al := &allowlist{and: strings.EqualFold(a.Condition, "AND"), target: a.RegexTarget, stopwords: a.Stopwords}
			for _, re := range a.Regexes {
				al.regexes = append(al.regexes, regexp.MustCompile(re))
			}
			r.allow = append(r.allow, al)
		}
	})
}

// match returns the secret r finds in value, as gitleaks' detector does:
// the rule's secret group (else the first non-empty group, else the whole
// match), above the rule's entropy threshold, not allowed by its lists.
func (r *rule) match(value string) (string, bool) {
	r.compile()
	for _, m := range r.re.FindAllStringSubmatch(value, 4) {
		secret := m[0]
		switch {
		case r.SecretGroup > 0 && r.SecretGroup < len(m):
			secret = m[r.SecretGroup]
		case r.SecretGroup == 0:
			for _, g := range m[1:] {
				if g != "" {
					secret = g
					break
				}
			}
		}
		if r.Entropy > 0 && entropy(secret) <= r.Entropy {
			continue
		}
		if r.allowed(secret, m[0], value) {
			continue
		}
		return secret, true
	}
	return "", false
}

func (r *rule) allowed(secret, match, line string) bool {
	for _, a := range r.allow {
		if a.allows(secret, match, line) {
			return true
		}
	}
	return false
}

func (a *allowlist) allows(secret, match, line string) bool {
	target := secret
	switch a.target {
	case "match":
		target = match
	case "line":
		target = line
	}
	var results []bool
	if len(a.regexes) > 0 {
		hit := false
		for _, re := range a.regexes {
			if re.MatchString(target) {
				hit = true
				break
			}
		}
		results = append(results, hit)
	}
	if len(a.stopwords) > 0 {
		hit := false
		lower := strings.ToLower(secret)
		for _, w := range a.stopwords {
			if strings.Contains(lower, strings.ToLower(w)) {
				hit = true
				break
			}
		}
		results = append(results, hit)
	}
	if len(results) == 0 {
		return false
	}
	for _, ok := range results {
		if ok && !a.and {
			return true
		}
		if !ok && a.and {
			return false
		}
	}
	return a.and
}

// entropy is the Shannon entropy of s in bits per character, as gitleaks
// computes it.
func entropy(s string) float64 {
	if s == "" {
		return 0
	}
	counts := map[rune]int{}
	n := 0
	for _, c := range s {
		counts[c]++
		n++
	}
	var e float64
	for _, c := range counts {
		f := float64(c) / float64(len(s))
		e -= f * math.Log2(f)
	}
	return e
}

// Bounds on the regex work one value, and one run, may cost: a rule runs
// only on windows around its keywords, at most maxWindow bytes of them per
// value, and after maxScan bytes in all only names and shapes are judged.
// A 100 KiB ConfigMap value stuffed with every keyword took 2.3 s before;
// Go's regexp scans gitleaks' patterns at about 4 MB/s on a CI core, so
// maxScan keeps a run stuffed with keywords to about a second.
const (
	windowBefore = 256
	windowAfter  = 4096 // a PEM private key's body fits
	maxWindow    = 8 << 10
	maxScan      = 4 << 20
)

var scanned atomic.Int64

// known returns the id of the first gitleaks rule that finds a secret in
// value, or "".
func known(value string) string {
	if scanned.Load() > maxScan {
		return ""
	}
	rs := rules()
	lower := strings.ToLower(value)
	if len(lower) != len(value) { // lower-casing changed offsets: use the value's own
		lower = asciiLower(value)
	}
	// Each rule's windows, in the order its keywords first occur.
	var order []*rule
	windows := map[*rule][][2]int{}
	rs.keywords.each(lower, func(pos int, word string) {
		n := len(word)
		for _, r := range rs.byKeyword[word] {
			w := windows[r]
			if w == nil {
				order = append(order, r)
			}
			lo, hi := max(0, pos-windowBefore), min(len(value), pos+n+windowAfter)
			if k := len(w) - 1; k >= 0 && lo <= w[k][1] {
				w[k][1] = max(w[k][1], hi)
			} else {
				w = append(w, [2]int{lo, hi})
			}
			windows[r] = w
		}
	})
	for _, r := range order {
		budget := maxWindow
		for _, w := range windows[r] {
			text := value[w[0]:min(w[1], w[0]+budget)]
			budget -= len(text)
			scanned.Add(int64(len(text)))
			if _, ok := r.match(text); ok {
				return r.ID
			}
			if budget <= 0 {
				break
			}
		}
	}
	head := value[:min(len(value), maxWindow)]
	for _, r := range rs.always {
		scanned.Add(int64(len(head)))
		if _, ok := r.match(head); ok {
			return r.ID
		}
	}
	return ""
}

// asciiLower lower-cases ASCII letters only, keeping every offset.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
