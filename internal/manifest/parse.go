package manifest

import (
	"bytes"
	"io"
	"runtime"
	"sort"
	"sync"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"

	"github.com/agentscale/agentscale/internal/spec"
)

// Parse reads every object of a manifest file: multi-document YAML or JSON,
// v1 List objects expanded. Documents that are empty, or that have neither
// apiVersion nor kind (not Kubernetes objects), are skipped. A document
// that does not parse becomes an error at its position; the others are
// still returned, in file order.
func Parse(file string, data []byte) ([]*Document, spec.ErrorList) {
	if i := bytes.IndexByte(data, 0); i >= 0 || !utf8.Valid(data) {
		return nil, spec.ErrorList{{Pos: spec.Pos{File: file, Line: 1, Col: 1}, Msg: "file is not UTF-8 text (binary data?)"}}
	}
	chunks := split(data)
	results := make([]result, len(chunks))
	segs := segments(chunks, min(runtime.GOMAXPROCS(0), 4))
	var wg sync.WaitGroup
	for _, sg := range segs[1:] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			parseSegment(file, data, chunks, sg, results)
		}()
	}
	parseSegment(file, data, chunks, segs[0], results)
	wg.Wait()
	var docs []*Document
	var errs spec.ErrorList
	for _, r := range results {
		for _, d := range r.docs {
			d.Index = len(docs)
			docs = append(docs, d)
		}
		errs = append(errs, r.errs...)
	}
	return docs, errs
}

type result struct {
	docs []*Document
	errs spec.ErrorList
}

// segment is a run of chunks [lo, hi) parsed by one worker.
type segment struct{ lo, hi int }

// segments cuts the chunks into at most n runs of similar size in bytes.
// Small files make one segment: a goroutine costs more than it saves.
func segments(chunks []chunk, n int) []segment {
	total := 0
	for _, c := range chunks {
		total += len(c.data)
	}
	const minSegment = 64 << 10
	n = max(1, min(n, total/minSegment, len(chunks)))
	out := make([]segment, 0, n)
	lo, size := 0, 0
	for i, c := range chunks {
		size += len(c.data)
		if len(out) < n-1 && size >= total*(len(out)+1)/n {
			out = append(out, segment{lo, i + 1})
			lo = i + 1
		}
	}
	return append(out, segment{lo, len(chunks)})
}

// parseSegment decodes a run of documents with one streaming YAML decoder
// (setting up a parser per document costs as much as parsing it). If the
// stream has a syntax error it parses the run's documents one by one, so
// that one bad document does not hide the others.
func parseSegment(file string, data []byte, chunks []chunk, sg segment, results []result) {
	if sg.lo == sg.hi {
		return
	}
	first, last := chunks[sg.lo], chunks[sg.hi-1]
	start := first.off - first.col // the separator line, so columns stay right
	dec := yaml.NewDecoder(bytes.NewReader(data[start : last.off+len(last.data)]))
	base := lineMap{line: first.line}
	w := &jsonWriter{}
	var decoded []result
	var at []int
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if err == io.EOF {
			break
		}
		if err != nil {
			for i := sg.lo; i < sg.hi; i++ {
				results[i] = parseChunk(file, chunks[i])
			}
			return
		}
		if len(n.Content) == 0 {
			continue
		}
		root := n.Content[0]
		k := chunkAt(chunks[sg.lo:sg.hi], base.line+root.Line-1) + sg.lo
		decoded = append(decoded, decodeDoc(w, file, chunks[k], base, root))
		at = append(at, k)
	}
	for i, r := range decoded {
		results[at[i]].docs = append(results[at[i]].docs, r.docs...)
		results[at[i]].errs = append(results[at[i]].errs, r.errs...)
	}
}

// chunkAt returns the index of the chunk holding a file line.
func chunkAt(chunks []chunk, line int) int {
	i := sort.Search(len(chunks), func(i int) bool { return chunks[i].line > line })
	return max(0, i-1)
}

// parseChunk parses one document on its own.
func parseChunk(file string, c chunk) result {
	var n yaml.Node
	if err := yaml.Unmarshal(c.data, &n); err != nil {
		base := lineMap{line: c.line, col: c.col}
		// yaml.v3 may name the line after the last one ("unexpected end of stream").
		line := min(yamlErrorLine(err), lastLine(c.data))
		return errorResult(base.pos(file, line, 1), "invalid YAML: "+yamlErrorMsg(err))
	}
	if len(n.Content) == 0 {
		return result{}
	}
	return decodeDoc(&jsonWriter{}, file, c, lineMap{line: c.line, col: c.col}, n.Content[0])
}

// lineMap turns positions in parsed bytes into positions in the file.
type lineMap struct {
	line int // file line of the bytes' first line
	col  int // columns before the bytes on that line
}

func (m lineMap) pos(file string, line, col int) spec.Pos {
	if line == 1 {
		col += m.col
	}
	return spec.Pos{File: file, Line: m.line + line - 1, Col: col}
}

// lastLine is the number of the last line that holds anything: a final
// newline does not start a line of its own.
func lastLine(data []byte) int {
	n := bytes.Count(data, []byte{'\n'})
	if len(data) > 0 && data[len(data)-1] != '\n' {
		n++
	}
	return max(n, 1)
}
