package tune

import (
	"testing"

	"sigs.k8s.io/yaml"
)

func TestSnippet(t *testing.T) {
	for _, tc := range []struct {
		name         string
		keys, values []string
		want         string
	}{
		{"one role field", []string{"responder.replicas.max"}, []string{"40"}, `spec:
  roles:
    - name: responder
      replicas:
        max: 40
`},
		{"two fields of a role merge; metadata is quoted; pools by name; cluster as it is",
			[]string{"responder.replicas.min", "responder.scaling.keda.triggers[0].metadata.lagThreshold", "nodePools.general.maxNodes", "cluster.hpa.syncPeriod"},
			[]string{"2", "500", "12", "30s"}, `spec:
  roles:
    - name: responder
      replicas:
        min: 2
      scaling:
        keda:
          triggers:
            - # [0]
              metadata:
                lagThreshold: "500"
  nodePools:
    - name: general
      maxNodes: 12
  cluster:
    hpa:
      syncPeriod: 30s
`},
		{"values YAML would misread are quoted", []string{"scout.image"}, []string{"ghcr.io/acme/scout:1.5"}, `spec:
  roles:
    - name: scout
      image: "ghcr.io/acme/scout:1.5"
`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Snippet(tc.keys, tc.values)
			if got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
			var v any
			if err := yaml.Unmarshal([]byte(got), &v); err != nil {
				t.Errorf("not YAML: %v", err)
			}
		})
	}
}
