package manifest

import (
	"runtime"
	"sort"
	"sync"

	"github.com/agentscale/agentscale/internal/diag"
	"github.com/agentscale/agentscale/internal/spec"
	"github.com/agentscale/agentscale/internal/yamlpos"
)

// limits bound one document of a manifest (see yamlpos.Default).
var limits = yamlpos.Default

// Parse reads every object of a manifest file as kubectl would: a
// multi-document YAML stream, or a stream of JSON values, with v1 List
// objects (nested ones too) flattened. Documents that are empty, or that
// have neither apiVersion nor kind (not Kubernetes objects), are skipped.
// A document that does not parse becomes an error at its position; the
// others are still returned, in file order.
func Parse(file string, data []byte) ([]*Document, spec.ErrorList) {
	o := yamlpos.Origin{File: file}
	if err := yamlpos.CheckText(o, data, limits); err != nil {
		return nil, spec.ErrorList{err}
	}
	chunks, streamErr := jsonStream(data)
	if chunks == nil && streamErr == nil {
		chunks = split(data)
	}
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
	if streamErr != nil {
		streamErr.Pos.File = file
		errs = append(errs, streamErr)
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

// parseSegment parses a run of YAML documents as one stream (setting up a
// parser per document costs as much as parsing it). If the stream has a
// syntax error it parses the run's documents one by one, so that one bad
// document does not hide the others. JSON values are parsed one by one.
func parseSegment(file string, data []byte, chunks []chunk, sg segment, results []result) {
	if sg.lo == sg.hi {
		return
	}
	first, last := chunks[sg.lo], chunks[sg.hi-1]
	if first.json || !contiguous(chunks[sg.lo:sg.hi]) {
		for i := sg.lo; i < sg.hi; i++ {
			results[i] = parseChunk(file, chunks[i])
		}
		return
	}
	o := yamlpos.Origin{File: file, Line: first.line, Col: first.col}
	in := chunks[sg.lo:sg.hi]
	errs := yamlpos.ParseDocs(o, data[first.off:last.off+len(last.data)], limits, func(doc *yamlpos.Doc) {
		k := chunkAt(in, doc.Pos().Line) + sg.lo
		r := decodeDoc(file, chunks[k], doc)
		results[k].docs = append(results[k].docs, r.docs...)
		results[k].errs = append(results[k].errs, r.errs...)
	})
	for _, e := range errs {
		if isSyntax(e) {
			for i := sg.lo; i < sg.hi; i++ {
				results[i] = parseChunk(file, chunks[i])
			}
			return
		}
	}
	for _, e := range errs {
		k := chunkAt(in, e.Pos.Line) + sg.lo
		results[k].errs = append(results[k].errs, e)
	}
}

// isSyntax reports a YAML syntax error, which ends a stream.
func isSyntax(e *diag.Error) bool { return len(e.Msg) > 13 && e.Msg[:13] == "invalid YAML:" }

// contiguous reports whether chunks follow each other in the file with
// only "---" between them (always true of split's chunks).
func contiguous(cs []chunk) bool {
	for i := 1; i < len(cs); i++ {
		if cs[i].off != cs[i-1].off+len(cs[i-1].data)+3 {
			return false
		}
	}
	return true
}

// chunkAt returns the index of the chunk holding a file line.
func chunkAt(chunks []chunk, line int) int {
	i := sort.Search(len(chunks), func(i int) bool { return chunks[i].line > line })
	return max(0, i-1)
}

// parseChunk parses one document on its own.
func parseChunk(file string, c chunk) result {
	var r result
	errs := yamlpos.ParseDocs(c.origin(file), c.text(), limits, func(doc *yamlpos.Doc) {
		one := decodeDoc(file, c, doc)
		r.docs = append(r.docs, one.docs...)
		r.errs = append(r.errs, one.errs...)
	})
	r.errs = append(r.errs, errs...)
	return r
}
