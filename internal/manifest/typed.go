package manifest

import kjson "sigs.k8s.io/json"

// Typed decodes the JSON of one object into the Go type of its apiVersion
// and kind (metadata only for kinds without one), as Parse does. It turns
// objects that went through kustomize (unstructured) back into the types
// rules read.
func Typed(apiVersion, kind string, data []byte) (Object, error) {
	obj := newObject(apiVersion, kind)
	if err := kjson.UnmarshalCaseSensitivePreserveInts(data, obj); err != nil {
		return nil, err
	}
	return upgrade(obj), nil
}
