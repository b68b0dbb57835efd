// Command kedacatalog generates internal/keda/catalog/catalog_gen.go from
// KEDA's own source at a pinned version: every trigger type KEDA's scaler
// builder knows, and for each the metadata keys its scaler declares with
// `keda:"..."` struct tags (name, aliases, Go type, default, enum,
// optional, where the value may come from, deprecations).
//
//	go run ./hack/kedacatalog            # rewrite the file (make keda-catalog, go generate)
//	go run ./hack/kedacatalog -check     # exit 1 when the file is not current
//
// It reads the module through the Go module proxy (go mod download), parses
// it with go/ast, and imports none of it.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Version is the KEDA release the catalogue describes (the e2e suite runs
// the same one).
const Version = "v2.21.0"

func main() {
	outFile := "internal/keda/catalog/catalog_gen.go"
	flag.StringVar(&outFile, "o", outFile, "the file to write")
	check := flag.Bool("check", false, "exit 1 when the file is not what this KEDA version gives")
	dir := flag.String("keda", "", "KEDA's module directory (default: go mod download "+modPath+"@"+Version+")")
	flag.Parse()
	if *dir == "" {
		d, err := download()
		if err != nil {
			fmt.Fprintln(os.Stderr, "kedacatalog:", err)
			os.Exit(2)
		}
		*dir = d
	}
	kedaRoot = *dir
	triggers, err := readTriggers()
	if err != nil {
		fmt.Fprintln(os.Stderr, "kedacatalog:", err)
		os.Exit(2)
	}
	src, err := generate(triggers)
	if err != nil {
		fmt.Fprintln(os.Stderr, "kedacatalog:", err)
		os.Exit(2)
	}
	if *check {
		have, _ := os.ReadFile(outFile)
		if !bytes.Equal(have, src) {
			fmt.Fprintf(os.Stderr, "kedacatalog: %s is not current for KEDA %s: run make keda-catalog\n", outFile, Version)
			os.Exit(1)
		}
		return
	}
	if err := os.WriteFile(outFile, src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "kedacatalog:", err)
		os.Exit(2)
	}
	keys := 0
	for _, t := range triggers {
		keys += len(t.Keys)
	}
	fmt.Printf("%s: %d trigger types, %d keys (KEDA %s)\n", outFile, len(triggers), keys, Version)
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "kedacatalog: "+format+"\n", args...)
	os.Exit(2)
}

// bits is the size of a numeric key's Go type when it is not 64: KEDA's
// json.Unmarshal refuses values that overflow it.
func bits(k Key) int {
	u := strings.TrimPrefix(k.Underlying, "*")
	if u == "" {
		u = strings.TrimPrefix(k.GoType, "*")
	}
	if k.Parse == "list" {
		u = strings.TrimPrefix(u, "[]")
	}
	for _, n := range []string{"8", "16", "32"} {
		if strings.HasSuffix(u, n) && (strings.HasPrefix(u, "int") || strings.HasPrefix(u, "uint") || strings.HasPrefix(u, "float")) {
			b, _ := strconv.Atoi(n)
			return b
		}
	}
	return 0
}

// download fetches KEDA's module and returns its directory.
func download() (string, error) {
	out, err := exec.Command("go", "mod", "download", "-json", modPath+"@"+Version).Output()
	if err != nil {
		return "", fmt.Errorf("go mod download %s@%s: %w", modPath, Version, err)
	}
	var m struct{ Dir string }
	if err := json.Unmarshal(out, &m); err != nil || m.Dir == "" {
		return "", fmt.Errorf("go mod download %s@%s: no directory in %s", modPath, Version, out)
	}
	return m.Dir, nil
}

// readTriggers reads the builder's switch and each scaler's metadata.
func readTriggers() ([]*Trigger, error) {
	sp := loadPkg(modPath + "/pkg/scalers")
	if sp == nil {
		return nil, fmt.Errorf("no pkg/scalers under %s", kedaRoot)
	}
	bf, err := parser.ParseFile(fset, filepath.Join(kedaRoot, "pkg/scaling/scalers_builder.go"), nil, 0)
	if err != nil {
		return nil, err
	}
	var sw *ast.SwitchStmt
	for _, d := range bf.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "buildScaler" {
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if s, ok := n.(*ast.SwitchStmt); ok && sw == nil {
					sw = s
				}
				return true
			})
		}
	}
	if sw == nil {
		return nil, fmt.Errorf("no switch in buildScaler: KEDA's builder changed")
	}
	var out []*Trigger
	for _, st := range sw.Body.List {
		cc := st.(*ast.CaseClause)
		var types []string
		for _, e := range cc.List {
			if bl, ok := e.(*ast.BasicLit); ok {
				s, _ := strconv.Unquote(bl.Value)
				types = append(types, s)
			}
		}
		var call *ast.CallExpr
		for _, b := range cc.Body {
			if r, ok := b.(*ast.ReturnStmt); ok && len(r.Results) > 0 {
				call, _ = r.Results[0].(*ast.CallExpr)
			}
		}
		if len(types) == 0 || call == nil {
			continue
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			continue
		}
		for _, t := range types {
			tr := &Trigger{Type: t, Constructor: sel.Sel.Name}
			out = append(out, tr)
			fd := sp.funcs[tr.Constructor]
			if fd == nil {
				continue
			}
			tr.ConstructorAt = rel(fd.Pos())
			calls, reads, _ := analyse(fnRef{sp, fd}, 4)
			tr.CodeReads, tr.TypedConfig = reads, calls
			for _, c := range calls {
				if c.Struct != "" {
					walkStruct(c.ref, "", false, &tr.Keys, &tr.Structs, 0)
				}
			}
			// The external scalers hand every other key to the server.
			tr.OpenMetadata = t == "external" || t == "external-push"
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Type < out[j].Type })
	return out, nil
}

// generate writes the catalogue as Go source: static data the linker lays
// out, so reading it costs nothing at start-up and no decoding at all.
func generate(triggers []*Trigger) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by hack/kedacatalog from KEDA %s (%s); DO NOT EDIT.\n\n", Version, modPath)
	b.WriteString("package catalog\n\n")
	fmt.Fprintf(&b, "// KEDAVersion is the KEDA release the catalogue was read from.\nconst KEDAVersion = %q\n\n", Version)
	b.WriteString("var scalers = []Scaler{\n")
	for _, t := range triggers {
		fmt.Fprintf(&b, "\t{Type: %q, Source: %q", t.Type, sourceFile(t))
		if t.OpenMetadata {
			b.WriteString(", Open: true")
		}
		if ck := codeKeys(t, false); len(ck) > 0 {
			fmt.Fprintf(&b, ", CodeKeys: %#v", ck)
		}
		if ck := codeKeys(t, true); len(ck) > 0 {
			fmt.Fprintf(&b, ", CodeAuthKeys: %#v", ck)
		}
		b.WriteString(", Keys: []Key{\n")
		for _, k := range mergeKeys(t.Keys) {
			b.WriteString("\t\t" + keyLiteral(k) + ",\n")
		}
		b.WriteString("\t}},\n")
	}
	b.WriteString("}\n")
	return format.Source(b.Bytes())
}

// sourceFile is where the trigger's metadata is declared, for messages.
func sourceFile(t *Trigger) string {
	if len(t.Structs) > 0 {
		at := t.Structs[0].At
		return at[:strings.LastIndexByte(at, ':')]
	}
	return strings.Split(t.ConstructorAt, ":")[0]
}

// codeKeys are the metadata (or, with auth, authentication parameter)
// keys KEDA reads in code rather than through tags (AWS, GCP and Azure
// credentials, a few others): known, not checked.
func codeKeys(t *Trigger, auth bool) []string {
	tagged := map[string]bool{}
	for _, k := range t.Keys {
		tagged[k.Name] = true
		for _, a := range k.Aliases {
			tagged[a] = true
		}
	}
	seen := map[string]bool{}
	var out []string
	for _, r := range t.CodeReads {
		if strings.EqualFold(r.Map, "resolvedEnv") || strings.EqualFold(r.Map, "authParams") != auth {
			continue
		}
		if !tagged[r.Key] && !seen[r.Key] {
			seen[r.Key] = true
			out = append(out, r.Key)
		}
	}
	sort.Strings(out)
	return out
}

// mergeKeys folds keys declared twice (a name in the scaler's struct and in
// an embedded authentication struct) into one: every source, required only
// when one of them is.
func mergeKeys(keys []Key) []Key {
	var out []Key
	at := map[string]int{}
	for _, k := range keys {
		i, dup := at[k.Name]
		if !dup {
			at[k.Name] = len(out)
			out = append(out, k)
			continue
		}
		o := &out[i]
		for _, src := range k.Order {
			if !slices.Contains(o.Order, src) {
				o.Order = append(o.Order, src)
			}
		}
		o.Required = o.Required || k.Required
		if o.Default == nil {
			o.Default = k.Default
		}
	}
	return out
}

// kinds maps the prototype's parse kinds onto the catalogue's.
var kinds = map[string]string{
	"string": "String", "duration": "Duration", "urlValues": "Query", "map": "Map", "list": "List",
	"bool": "Bool", "int(json)": "Int", "uint(json)": "Uint", "float(json)": "Float", "json": "String",
}

func keyLiteral(k Key) string {
	var f []string
	f = append(f, "Name: "+strconv.Quote(k.Name))
	if len(k.Aliases) > 0 {
		f = append(f, fmt.Sprintf("Aliases: %#v", k.Aliases))
	}
	f = append(f, "Kind: "+kinds[k.Parse])
	if k.Parse == "list" {
		if e := kinds[k.Elem]; e != "" {
			f = append(f, "Elem: "+e)
		}
	}
	if b := bits(k); b != 0 {
		f = append(f, fmt.Sprintf("Bits: %d", b))
	}
	if k.Default != nil {
		f = append(f, "Default: "+strconv.Quote(*k.Default), "HasDefault: true")
	}
	if len(k.Enum) > 0 {
		f = append(f, fmt.Sprintf("Enum: %#v", k.Enum))
	}
	if k.Required {
		f = append(f, "Required: true")
	}
	var from []string
	for _, o := range k.Order {
		switch o {
		case "triggerMetadata":
			from = append(from, "Metadata")
		case "authParams":
			from = append(from, "Auth")
		case "resolvedEnv":
			from = append(from, "Env")
		}
	}
	// Without an order KEDA looks the key up nowhere (configParamValue
	// ranges over the order): no scaler declares one that way today.
	if len(from) == 0 {
		fail("%s: key %q has no order: KEDA never reads it; teach the catalogue what that means", k.At, k.Name)
	}
	f = append(f, "From: "+strings.Join(from, "|"))
	if k.Deprecated != "" {
		f = append(f, "Deprecated: "+strconv.Quote(k.Deprecated))
	}
	if k.Separator != "" {
		f = append(f, "Separator: "+strconv.Quote(k.Separator))
	}
	if k.Range != "" {
		f = append(f, "Range: "+strconv.Quote(k.Range))
	}
	if len(k.ExclusiveSet) > 0 {
		f = append(f, fmt.Sprintf("Exclusive: %#v", k.ExclusiveSet))
	}
	return "{" + strings.Join(f, ", ") + "}"
}
