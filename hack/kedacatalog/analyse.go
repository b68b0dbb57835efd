package main

// Reading KEDA's sources: packages, the builder's switch, the call graph
// from a constructor to its TypedConfig call, and the keda struct tags.

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
)

const modPath = "github.com/kedacore/keda/v2"

var (
	kedaRoot string
	fset     = token.NewFileSet()
	pkgs     = map[string]*pkgInfo{}
)

type pkgInfo struct {
	path    string
	name    string
	funcs   map[string]*ast.FuncDecl
	methods map[string]map[string]*ast.FuncDecl // recv type -> method -> decl
	types   map[string]*ast.TypeSpec
	consts  map[string]string
	fileOf  map[ast.Node]*ast.File
}

func rel(pos token.Pos) string {
	p := fset.Position(pos)
	r, err := filepath.Rel(kedaRoot, p.Filename)
	if err != nil {
		r = p.Filename
	}
	return fmt.Sprintf("%s:%d", r, p.Line)
}

func loadPkg(importPath string) *pkgInfo {
	if p, ok := pkgs[importPath]; ok {
		return p
	}
	if !strings.HasPrefix(importPath, modPath+"/") {
		return nil
	}
	dir := filepath.Join(kedaRoot, strings.TrimPrefix(importPath, modPath+"/"))
	entries, err := os.ReadDir(dir)
	if err != nil {
		pkgs[importPath] = nil
		return nil
	}
	p := &pkgInfo{path: importPath, funcs: map[string]*ast.FuncDecl{}, methods: map[string]map[string]*ast.FuncDecl{},
		types: map[string]*ast.TypeSpec{}, consts: map[string]string{}, fileOf: map[ast.Node]*ast.File{}}
	pkgs[importPath] = p
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, n), nil, parser.ParseComments)
		if err != nil {
			fmt.Fprintln(os.Stderr, "parse:", err)
			continue
		}
		p.name = f.Name.Name
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				p.fileOf[d] = f
				if d.Recv == nil {
					p.funcs[d.Name.Name] = d
				} else {
					rt := recvTypeName(d.Recv.List[0].Type)
					if p.methods[rt] == nil {
						p.methods[rt] = map[string]*ast.FuncDecl{}
					}
					p.methods[rt][d.Name.Name] = d
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						p.types[s.Name.Name] = s
						p.fileOf[s] = f
					case *ast.ValueSpec:
						if d.Tok == token.CONST {
							for i, nm := range s.Names {
								if i < len(s.Values) {
									if bl, ok := s.Values[i].(*ast.BasicLit); ok && bl.Kind == token.STRING {
										v, _ := strconv.Unquote(bl.Value)
										p.consts[nm.Name] = v
									}
								}
							}
						}
					}
				}
			}
		}
	}
	return p
}

func recvTypeName(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.StarExpr:
		return recvTypeName(t.X)
	case *ast.Ident:
		return t.Name
	case *ast.IndexExpr:
		return recvTypeName(t.X)
	}
	return ""
}

// importsOf returns alias -> import path for a file.
func importsOf(f *ast.File) map[string]string {
	m := map[string]string{}
	for _, im := range f.Imports {
		path, _ := strconv.Unquote(im.Path.Value)
		alias := ""
		if im.Name != nil {
			alias = im.Name.Name
		} else {
			alias = path[strings.LastIndex(path, "/")+1:]
			if lp := loadPkg(path); lp != nil && lp.name != "" {
				alias = lp.name
			}
		}
		m[alias] = path
	}
	return m
}

// ---------------------------------------------------------------- tag grammar (mirrors paramsFromTag)

type Key struct {
	Name               string   `json:"name"`
	Aliases            []string `json:"aliases,omitempty"`
	Field              string   `json:"field"`
	Struct             string   `json:"struct"`
	GoType             string   `json:"goType"`
	Underlying         string   `json:"underlying,omitempty"`
	Parse              string   `json:"parse"`
	Elem               string   `json:"elemParse,omitempty"`
	Order              []string `json:"order"`
	FromEnv            []string `json:"fromEnvKeys,omitempty"`
	Required           bool     `json:"required"`
	Optional           bool     `json:"optional"`
	OptionalInherited  bool     `json:"optionalFromParent,omitempty"`
	Default            *string  `json:"default,omitempty"`
	Enum               []string `json:"enum,omitempty"`
	ExclusiveSet       []string `json:"exclusiveSet,omitempty"`
	Range              string   `json:"rangeSeparator,omitempty"`
	Separator          string   `json:"separator,omitempty"`
	Deprecated         string   `json:"deprecated,omitempty"`
	DeprecatedAnnounce string   `json:"deprecatedAnnounce,omitempty"`
	Duplicate          bool     `json:"duplicateName,omitempty"`
	At                 string   `json:"at"`
	RawTag             string   `json:"tag"`
	TagError           string   `json:"tagError,omitempty"`
}

type params struct {
	names                          []string
	optional                       bool
	order                          []string
	def                            *string
	deprecated, deprecatedAnnounce string
	enum, exclusive                []string
	rangeSep, sep                  string
	err                            string
}

func parseTag(tag string) params {
	var p params
	for _, ts := range strings.Split(tag, ",") {
		tsplit := strings.Split(ts, "=")
		tsplit[0] = strings.TrimSpace(tsplit[0])
		switch tsplit[0] {
		case "optional":
			if len(tsplit) == 1 {
				p.optional = true
			} else {
				p.optional, _ = strconv.ParseBool(strings.TrimSpace(tsplit[1]))
			}
		case "order":
			if len(tsplit) > 1 {
				for _, po := range strings.Split(tsplit[1], ";") {
					po = strings.TrimSpace(po)
					if po != "triggerMetadata" && po != "resolvedEnv" && po != "authParams" {
						p.err = "unknown parsing order " + po
					}
					p.order = append(p.order, po)
				}
			}
		case "name":
			if len(tsplit) > 1 {
				p.names = strings.Split(strings.TrimSpace(tsplit[1]), ";")
			}
		case "deprecated":
			if len(tsplit) == 1 {
				p.deprecated = "deprecated"
			} else {
				p.deprecated = strings.TrimSpace(tsplit[1])
			}
		case "deprecatedAnnounce":
			if len(tsplit) == 1 {
				p.deprecatedAnnounce = "deprecatedAnnounce"
			} else {
				p.deprecatedAnnounce = strings.TrimSpace(tsplit[1])
			}
		case "default":
			if len(tsplit) > 1 {
				d := strings.TrimSpace(tsplit[1])
				if d != "" { // KEDA ignores empty defaults (params.Default != "")
					p.def = &d
				}
			}
		case "enum":
			if len(tsplit) > 1 {
				p.enum = strings.Split(tsplit[1], ";")
			}
		case "exclusiveSet":
			if len(tsplit) > 1 {
				p.exclusive = strings.Split(tsplit[1], ";")
			}
		case "range":
			if len(tsplit) == 1 {
				p.rangeSep = "-"
			} else if len(tsplit) == 2 {
				p.rangeSep = strings.TrimSpace(tsplit[1])
			}
		case "separator":
			if len(tsplit) > 1 {
				p.sep = strings.TrimSpace(tsplit[1])
			}
		case "":
		default:
			p.err = "unknown tag param " + tsplit[0]
		}
	}
	return p
}

// ---------------------------------------------------------------- types

var builtins = map[string]bool{"string": true, "bool": true, "int": true, "int8": true, "int16": true, "int32": true, "int64": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true, "float32": true, "float64": true, "byte": true, "rune": true, "any": true}

// external (non-KEDA) named types we know the underlying type of
var knownExternal = map[string]string{
	"time.Duration":           "int64",
	"url.Values":              "map[string][]string",
	"v2.MetricTargetType":     "string",
	"azquery.AggregationType": "string",
}

// describe returns (goType as written-qualified, underlying type)
func describe(p *pkgInfo, f *ast.File, e ast.Expr) (string, string) {
	switch t := e.(type) {
	case *ast.Ident:
		if builtins[t.Name] {
			return t.Name, t.Name
		}
		if ts, ok := p.types[t.Name]; ok {
			if _, isStruct := ts.Type.(*ast.StructType); isStruct {
				return qual(p, t.Name), "struct"
			}
			_, u := describe(p, p.fileOf[ts], ts.Type)
			return qual(p, t.Name), u
		}
		return qual(p, t.Name), "?"
	case *ast.StarExpr:
		g, u := describe(p, f, t.X)
		return "*" + g, "*" + u
	case *ast.ArrayType:
		g, u := describe(p, f, t.Elt)
		if t.Len != nil {
			return "[N]" + g, "[N]" + u
		}
		return "[]" + g, "[]" + u
	case *ast.MapType:
		kg, ku := describe(p, f, t.Key)
		vg, vu := describe(p, f, t.Value)
		return "map[" + kg + "]" + vg, "map[" + ku + "]" + vu
	case *ast.SelectorExpr:
		x, _ := t.X.(*ast.Ident)
		if x == nil {
			return "?", "?"
		}
		name := x.Name + "." + t.Sel.Name
		if u, ok := knownExternal[name]; ok {
			return name, u
		}
		if f != nil {
			if path, ok := importsOf(f)[x.Name]; ok {
				if op := loadPkg(path); op != nil {
					_, u := describe(op, nil, t.Sel)
					return name, u
				}
			}
		}
		return name, "?(external)"
	case *ast.InterfaceType:
		return "interface{}", "interface{}"
	case *ast.StructType:
		return "struct{...}", "struct"
	}
	return "?", "?"
}

func qual(p *pkgInfo, n string) string {
	if p.name == "scalers" {
		return n
	}
	return p.name + "." + n
}

// parseKind mirrors setConfigValueHelper's dispatch order.
func parseKind(goType, under string) string {
	g := strings.TrimPrefix(goType, "*")
	u := strings.TrimPrefix(under, "*")
	switch {
	case u == "string":
		return "string" // AssignableTo/ConvertibleTo string: taken verbatim
	case u == "[]byte" || u == "[]uint8" || u == "[]rune" || u == "[]int32":
		return "string" // string is ConvertibleTo these slices
	case g == "time.Duration":
		return "duration"
	case g == "url.Values":
		return "urlValues"
	case strings.HasPrefix(u, "map["):
		return "map"
	case strings.HasPrefix(u, "[]"):
		return "list"
	case u == "bool":
		return "bool"
	case strings.HasPrefix(u, "int") || u == "rune":
		return "int(json)"
	case strings.HasPrefix(u, "uint") || u == "byte":
		return "uint(json)"
	case strings.HasPrefix(u, "float"):
		return "float(json)"
	}
	return "json"
}

func elemKind(goType, under string) string {
	g := strings.TrimPrefix(goType, "*")
	u := strings.TrimPrefix(under, "*")
	if strings.HasPrefix(u, "[]") && strings.HasPrefix(g, "[]") {
		return parseKind(g[2:], u[2:])
	}
	if strings.HasPrefix(u, "map[") {
		return "key/value: see goType"
	}
	return ""
}

// ---------------------------------------------------------------- struct walk

type structRef struct {
	p    *pkgInfo
	name string
}

func resolveStruct(p *pkgInfo, f *ast.File, e ast.Expr) (structRef, bool) {
	for {
		if s, ok := e.(*ast.StarExpr); ok {
			e = s.X
			continue
		}
		break
	}
	switch t := e.(type) {
	case *ast.Ident:
		if _, ok := p.types[t.Name]; ok {
			return structRef{p, t.Name}, true
		}
	case *ast.SelectorExpr:
		if x, ok := t.X.(*ast.Ident); ok && f != nil {
			if op := loadPkg(importsOf(f)[x.Name]); op != nil {
				if _, ok := op.types[t.Sel.Name]; ok {
					return structRef{op, t.Sel.Name}, true
				}
			}
		}
	}
	return structRef{}, false
}

func hasValidate(r structRef) string {
	if m, ok := r.p.methods[r.name]["Validate"]; ok {
		return rel(m.Pos())
	}
	return ""
}

type StructInfo struct {
	Struct   string `json:"struct"`
	At       string `json:"at"`
	Validate string `json:"validate,omitempty"`
	Field    string `json:"field,omitempty"`
	Optional bool   `json:"optional,omitempty"`
}

func walkStruct(r structRef, prefix string, parentOptional bool, keys *[]Key, structs *[]StructInfo, depth int) {
	ts := r.p.types[r.name]
	st, ok := ts.Type.(*ast.StructType)
	if !ok || depth > 5 {
		return
	}
	f := r.p.fileOf[ts]
	*structs = append(*structs, StructInfo{Struct: qual(r.p, r.name), At: rel(ts.Pos()), Validate: hasValidate(r), Field: strings.TrimSuffix(prefix, "."), Optional: parentOptional})
	for _, fld := range st.Fields.List {
		if fld.Tag == nil {
			continue
		}
		raw, _ := strconv.Unquote(fld.Tag.Value)
		tag, ok := reflect.StructTag(raw).Lookup("keda")
		if !ok {
			continue
		}
		fname := ""
		if len(fld.Names) > 0 {
			fname = fld.Names[0].Name
		} else {
			fname = recvTypeName(fld.Type)
			if s, ok := fld.Type.(*ast.SelectorExpr); ok {
				fname = s.Sel.Name
			}
		}
		p := parseTag(tag)
		opt := p.optional || parentOptional
		if len(p.names) == 0 { // nested struct
			if nr, ok := resolveStruct(r.p, f, fld.Type); ok {
				walkStruct(nr, prefix+fname+".", opt, keys, structs, depth+1)
			} else {
				fmt.Fprintf(os.Stderr, "unresolved nested %s.%s\n", r.name, fname)
			}
			continue
		}
		g, u := describe(r.p, f, fld.Type)
		k := Key{Name: p.names[0], Field: prefix + fname, Struct: qual(r.p, r.name), GoType: g, Underlying: u,
			Parse: parseKind(g, u), Elem: elemKind(g, u), Order: p.order, Optional: opt, OptionalInherited: !p.optional && parentOptional,
			Default: p.def, Enum: p.enum, ExclusiveSet: p.exclusive, Range: p.rangeSep, Separator: p.sep,
			Deprecated: p.deprecated, DeprecatedAnnounce: p.deprecatedAnnounce, At: rel(fld.Pos()), RawTag: tag, TagError: p.err}
		if g == u {
			k.Underlying = ""
		}
		if len(p.names) > 1 {
			k.Aliases = p.names[1:]
		}
		k.Required = !opt && p.def == nil && p.deprecated == ""
		for _, o := range p.order {
			if o == "resolvedEnv" {
				for _, n := range p.names {
					k.FromEnv = append(k.FromEnv, n+"FromEnv")
				}
			}
		}
		*keys = append(*keys, k)
	}
}

// ---------------------------------------------------------------- call graph

type fnRef struct {
	p *pkgInfo
	d *ast.FuncDecl
}

type TypedConfigCall struct {
	Func   string `json:"func"`
	At     string `json:"at"`
	Var    string `json:"var"`
	Struct string `json:"struct"`
	ref    structRef
}

type CodeRead struct {
	Map string `json:"map"`
	Key string `json:"key"`
	At  string `json:"at"`
}

var mapNames = map[string]bool{"TriggerMetadata": true, "AuthParams": true, "ResolvedEnv": true,
	"triggerMetadata": true, "authParams": true, "resolvedEnv": true, "metadata": true}

func funcName(fr fnRef) string {
	n := fr.d.Name.Name
	if fr.d.Recv != nil {
		n = "(" + recvTypeName(fr.d.Recv.List[0].Type) + ")." + n
	}
	if fr.p.name != "scalers" {
		n = fr.p.name + "." + n
	}
	return n
}

func analyse(start fnRef, maxDepth int) ([]TypedConfigCall, []CodeRead, []string) {
	type item struct {
		fr    fnRef
		depth int
	}
	seen := map[*ast.FuncDecl]bool{start.d: true}
	queue := []item{{start, 0}}
	var calls []TypedConfigCall
	var reads []CodeRead
	var path []string
	readSeen := map[string]bool{}
	for len(queue) > 0 {
		it := queue[0]
		queue = queue[1:]
		fr := it.fr
		path = append(path, funcName(fr))
		f := fr.p.fileOf[fr.d]
		imps := importsOf(f)
		recvName, recvType := "", ""
		if fr.d.Recv != nil && len(fr.d.Recv.List[0].Names) > 0 {
			recvName = fr.d.Recv.List[0].Names[0].Name
			recvType = recvTypeName(fr.d.Recv.List[0].Type)
		}
		enqueue := func(p *pkgInfo, d *ast.FuncDecl) {
			if d != nil && !seen[d] && it.depth < maxDepth {
				seen[d] = true
				queue = append(queue, item{fnRef{p, d}, it.depth + 1})
			}
		}
		if fr.d.Body == nil {
			continue
		}
		ast.Inspect(fr.d.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				// A helper handed the metadata map and a key constant reads
				// that key (azure.ParseEnvironmentProperty(md, "endpointSuffix")).
				if m := mapArg(n.Args); m != "" {
					for _, a := range n.Args {
						if key := constString(fr.p, imps, a); keyLike(key) && !readSeen[m+key] {
							readSeen[m+key] = true
							reads = append(reads, CodeRead{Map: m, Key: key, At: rel(a.Pos())})
						}
					}
				}
				switch fun := n.Fun.(type) {
				case *ast.Ident:
					enqueue(fr.p, fr.p.funcs[fun.Name])
				case *ast.SelectorExpr:
					if fun.Sel.Name == "TypedConfig" && len(n.Args) == 1 {
						arg := n.Args[0]
						if u, ok := arg.(*ast.UnaryExpr); ok {
							arg = u.X
						}
						if id, ok := arg.(*ast.Ident); ok {
							tc := TypedConfigCall{Func: funcName(fr), At: rel(n.Pos()), Var: id.Name}
							if te := varType(fr.d, id.Name); te != nil {
								if r, ok := resolveStruct(fr.p, f, te); ok {
									tc.ref = r
									tc.Struct = qual(r.p, r.name)
								}
							}
							calls = append(calls, tc)
						}
						return true
					}
					if x, ok := fun.X.(*ast.Ident); ok {
						if x.Name == recvName && recvName != "" {
							enqueue(fr.p, fr.p.methods[recvType][fun.Sel.Name])
						} else if path, ok := imps[x.Name]; ok {
							if op := loadPkg(path); op != nil {
								enqueue(op, op.funcs[fun.Sel.Name])
							}
						}
					}
				}
			case *ast.IndexExpr:
				mname := ""
				switch x := n.X.(type) {
				case *ast.SelectorExpr:
					mname = x.Sel.Name
				case *ast.Ident:
					mname = x.Name
				}
				if _, isSel := n.X.(*ast.SelectorExpr); isSel && mname == "metadata" {
					return true
				}
				if !mapNames[mname] {
					return true
				}
				key := constString(fr.p, imps, n.Index)
				if key != "" && !readSeen[mname+key] {
					readSeen[mname+key] = true
					reads = append(reads, CodeRead{Map: mname, Key: key, At: rel(n.Pos())})
				}
			}
			return true
		})
	}
	return calls, reads, path
}

// constString is the value of a string literal or constant, or "".
func constString(p *pkgInfo, imps map[string]string, e ast.Expr) string {
	switch k := e.(type) {
	case *ast.BasicLit:
		if k.Kind == token.STRING {
			s, _ := strconv.Unquote(k.Value)
			return s
		}
	case *ast.Ident:
		if k.Obj == nil || k.Obj.Kind == ast.Con {
			return p.consts[k.Name]
		}
	case *ast.SelectorExpr:
		if x, ok := k.X.(*ast.Ident); ok {
			if op := loadPkg(imps[x.Name]); op != nil {
				return op.consts[k.Sel.Name]
			}
		}
	}
	return ""
}

// keyLike tells a metadata key from the other constants a helper gets
// (scopes, URLs).
func keyLike(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// mapArg names the trigger's map among a call's arguments, or "".
func mapArg(args []ast.Expr) string {
	for _, a := range args {
		name := ""
		switch x := a.(type) {
		case *ast.SelectorExpr:
			name = x.Sel.Name
		case *ast.Ident:
			name = x.Name
		}
		if mapNames[name] {
			return name
		}
	}
	return ""
}

// varType finds the declared type of a local variable / param / named result.
func varType(fd *ast.FuncDecl, name string) ast.Expr {
	var found ast.Expr
	fields := []*ast.FieldList{fd.Type.Params, fd.Type.Results}
	for _, fl := range fields {
		if fl == nil {
			continue
		}
		for _, fld := range fl.List {
			for _, n := range fld.Names {
				if n.Name == name {
					found = fld.Type
				}
			}
		}
	}
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		switch s := n.(type) {
		case *ast.AssignStmt:
			for i, l := range s.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name == name && i < len(s.Rhs) {
					if t := exprType(s.Rhs[i]); t != nil {
						found = t
					}
				}
			}
		case *ast.ValueSpec:
			for i, n := range s.Names {
				if n.Name == name {
					if s.Type != nil {
						found = s.Type
					} else if i < len(s.Values) {
						found = exprType(s.Values[i])
					}
				}
			}
		}
		return true
	})
	return found
}

func exprType(e ast.Expr) ast.Expr {
	switch v := e.(type) {
	case *ast.CompositeLit:
		return v.Type
	case *ast.UnaryExpr:
		if v.Op == token.AND {
			return exprType(v.X)
		}
	case *ast.CallExpr:
		if id, ok := v.Fun.(*ast.Ident); ok && id.Name == "new" && len(v.Args) == 1 {
			return v.Args[0]
		}
	}
	return nil
}

// ---------------------------------------------------------------- builder switch

type Trigger struct {
	Type            string            `json:"type"`
	Constructor     string            `json:"constructor"`
	ConstructorArgs []string          `json:"constructorArgs,omitempty"`
	ConstructorAt   string            `json:"constructorAt,omitempty"`
	SameScalerAs    []string          `json:"sameScalerAs,omitempty"`
	TypedConfig     []TypedConfigCall `json:"typedConfig,omitempty"`
	Structs         []StructInfo      `json:"structs,omitempty"`
	Keys            []Key             `json:"keys"`
	CodeReads       []CodeRead        `json:"codeReadKeys,omitempty"`
	Special         string            `json:"special,omitempty"`
	OpenMetadata    bool              `json:"openMetadata,omitempty"`
	Problems        []string          `json:"problems,omitempty"`
}
