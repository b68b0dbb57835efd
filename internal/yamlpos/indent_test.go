package yamlpos

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

func TestIndentProblem(t *testing.T) {
	role := "spec:\n  roles:\n    - name: worker\n      replicas: 2\n"
	for _, tc := range []struct {
		name, in, want string
	}{
		{"under-indented key", role + "     image: x:1\n",
			"5:6: `image:` (column 6) is indented less than the other keys of this block, which start at column 7 (`name:`, line 3): move it to column 7"},
		{"over-indented key", role + "        image: x:1\n",
			"5:9: `image:` (column 9) is indented more than `replicas:` on line 4 (column 7), which has a value and so cannot hold keys: move it to column 7"},
		{"first key under-indented", "spec:\n  defaults:\n   image: x:1\n    resources: {}\n",
			"3:4: `image:` (column 4) is indented less than the next key, `resources:` on line 4 (column 5), which follows the 2-space indentation around it: move it to column 5"},
		{"first key under-indented, metadata indented by 4", "metadata:\n    name: demo\nspec:\n  defaults:\n   image: x:1\n    resources: {}\n",
			"5:4: `image:` (column 4) is indented less than the next key, `resources:` on line 6 (column 5), which follows the 2-space indentation around it: move it to column 5"},
		{"first key under-indented in a 4-space block of a 2-space file", "metadata:\n  name: demo\nspec:\n    defaults:\n      image: x:1\n        resources: {}\n",
			"5:7: `image:` (column 7) is indented less than the next key, `resources:` on line 6 (column 9), which follows the 4-space indentation around it: move it to column 9"},
		{"under a list item, the list's step", "roles:\n  - name: a\n    resources:\n     requests: {}\n      limits: {}\n",
			"4:6: `requests:` (column 6) is indented less than the next key, `limits:` on line 5 (column 7), which follows the 2-space indentation around it: move it to column 7"},
		{"second key over-indented, first on the step", "spec:\n  defaults:\n    image: x:1\n     resources: {}\n",
			"4:6: `resources:` (column 6) is indented more than `image:` on line 3 (column 5), which has a value and so cannot hold keys: move it to column 5"},
		{"missing dash", role + "    name: b\n",
			"5:5: `name:` is at the column of the list's items (line 3) but has no \"-\": write \"- name:\" to start a new item, or move it to column 7 to add it to the item above"},
		{"tab", role + "  \timage: x\n", "5:3: a tab indents this line: YAML indents with spaces only"},
		{"over-indented item", "env:\n  - name: A\n    value: b\n   - name: C\n",
			"4:4: `- name:` (column 4) is indented more than the other items of this list, which start at column 3 (line 2): move it to column 3"},
		{"under-indented list", "a:\n  b:\n    - x\n   - y\n",
			"4:4: this item (column 4) is indented less than the items of this list, which start at column 5 (line 3): move it to column 5"},
		{"a list item among keys", "a:\n  b: 1\n  - c\n",
			"3:3: a list item at the column of the keys of this block (`b:`, line 2): indent it under the key it belongs to"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := yaml.Unmarshal([]byte(tc.in), new(any)); err == nil {
				t.Fatalf("the parser accepts the input")
			}
			line, col, msg, ok := indentProblem([]byte(tc.in), 1)
			got := ""
			if ok {
				got = fmt.Sprintf("%d:%d: %s", line, col, msg)
			}
			if got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// Every YAML file of the repository that parses reads as well-indented:
// the reading must never blame a line of a valid file. (Both halves run
// only on parse failures in use; this keeps false alarms out.)
func TestIndentProblemAcceptsValidYAML(t *testing.T) {
	n := 0
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() && (d.Name() == ".git" || d.Name() == ".cache" || d.Name() == "node_modules") {
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return err
		}
		if ext := filepath.Ext(path); ext != ".yaml" && ext != ".yml" && !strings.HasSuffix(path, ".golden") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		dec := yaml.NewDecoder(strings.NewReader(string(data)))
		for {
			var v any
			if err := dec.Decode(&v); err != nil {
				if err.Error() != "EOF" {
					return nil // not valid YAML: not this test's business
				}
				break
			}
		}
		n++
		if line, col, msg, ok := indentProblem(data, 1); ok {
			t.Errorf("%s:%d:%d: %s", path, line, col, msg)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 50 {
		t.Fatalf("only %d YAML files read", n)
	}
	t.Logf("%d valid YAML files", n)
}

// FuzzIndentProblem: any text; the reading never panics, and a line it
// blames is in the text, at a column on that line.
func FuzzIndentProblem(f *testing.F) {
	for _, s := range []string{" 00000:\n-", "a:\n  - b\n - c\n", "a: |\n  x\n b: 1\n", "- - a\n", "\"a\": [\n1]\n", "a:\n\tb: 1\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		line, col, msg, ok := indentProblem(data, 1)
		if !ok {
			return
		}
		lines := strings.Split(string(data), "\n")
		if line < 1 || line > len(lines) || col < 1 || col > len(lines[line-1])+1 || msg == "" {
			t.Errorf("indentProblem(%q) = %d:%d %q", data, line, col, msg)
		}
	})
}

// A later document of a file names its lines as the file numbers them, in
// the position and in the message.
func TestIndentProblemInALaterDocument(t *testing.T) {
	doc := "metadata:\n  name: x\nspec:\n  template:\n   spec: {}\n    metadata: {}\n"
	err := SyntaxError(Origin{File: "f.yaml", Line: 7}, []byte(doc), errors.New("yaml: line 5: mapping values are not allowed in this context"))
	want := "f.yaml:11:4: invalid YAML: `spec:` (column 4) is indented less than the next key, `metadata:` on line 12 (column 5), which follows the 2-space indentation around it: move it to column 5"
	if err.Error() != want {
		t.Errorf("got  %s\nwant %s", err, want)
	}
}
