package outdir

import (
	"fmt"
	"slices"

	"github.com/agentscale/agentscale/internal/render"
)

// Options describe the output for the kustomization's header and metadata.
type Options struct {
	// Name is the kustomization's metadata.name: the swarm's name.
	Name string
	// Source is the swarm file the objects came from, shown in the header.
	Source string
	// Env is the environment that was applied, if any, shown in the header.
	Env string
	// Extra are files written beside the objects that are no kustomize
	// resource (the Prometheus Adapter's rules).
	Extra []File
}

// File is one file of the output directory.
type File struct {
	Name string
	Data []byte
}

// Files lays objs out as files, in apply order, kustomization.yaml last.
// Nothing touches the disk.
func Files(objs []render.Object, opts Options) ([]File, error) {
	names, err := fileNames(objs)
	if err != nil {
		return nil, err
	}
	files := make([]File, 0, len(objs)+len(opts.Extra)+1)
	for i, o := range objs {
		data, err := render.MarshalYAML(o.Obj)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", names[i], err)
		}
		files = append(files, File{Name: names[i], Data: data})
	}
	for _, f := range opts.Extra {
		if slices.Contains(names, f.Name) || f.Name == KustomizationFile || f.Name == RecordFile {
			return nil, fmt.Errorf("%s would be written twice", f.Name)
		}
		files = append(files, f)
	}
	k, err := kustomization(names, opts)
	if err != nil {
		return nil, err
	}
	return append(files, File{Name: KustomizationFile, Data: k}), nil
}

// Write replaces dir with objs, one file each, and a kustomization.yaml.
// It fails without touching dir when dir holds anything but a previous
// agentscale output; see the package doc.
func Write(dir string, objs []render.Object, opts Options) error {
	files, err := Files(objs, opts)
	if err != nil {
		return err
	}
	return WriteFiles(dir, files)
}
