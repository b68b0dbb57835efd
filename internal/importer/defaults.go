package importer

import (
	"reflect"
	"regexp"
	"strings"
)

// serverDefault reports whether the field at is one the API server filled
// into a live input object and render does not write: a default of
// k8s.io/kubernetes pkg/apis/*/v1/defaults.go, or an address the server
// allocated. Neither is the user's: not carried, not reported.
func (p pair) serverDefault(at path) bool {
	if !p.live {
		return false
	}
	v, in := valueAt(p.in, at)
	if _, out := valueAt(p.out, at); !in || out {
		return false
	}
	pattern := indexes.ReplaceAllString(at.String(), "[*]")
	pattern = strings.Replace(pattern, "spec.jobTargetRef.", "spec.", 1)
	def, ok := serverDefaults[pattern]
	if !ok {
		return false
	}
	return def == allocated || reflect.DeepEqual(normalizeNumber(v), normalizeNumber(def))
}

var indexes = regexp.MustCompile(`\[[0-9]+\]`)

// allocated marks a field whose value the server chooses (a cluster IP).
const allocated = "\x00allocated"

// normalizeNumber lets 600 (int64, from JSON) equal 600 (int in the table).
func normalizeNumber(v any) any {
	switch n := v.(type) {
	case int:
		return float64(n)
	case int32:
		return float64(n)
	case int64:
		return float64(n)
	}
	return v
}

// serverDefaults are the defaulted fields of the kinds import reads, by
// path with list indexes as [*], with the default's value.
var serverDefaults = func() map[string]any {
	m := map[string]any{
		// Deployment, StatefulSet, Job
		"spec.progressDeadlineSeconds":              600,
		"spec.revisionHistoryLimit":                 10,
		"spec.strategy":                             map[string]any{"type": "RollingUpdate", "rollingUpdate": map[string]any{"maxSurge": "25%", "maxUnavailable": "25%"}},
		"spec.podManagementPolicy":                  "OrderedReady",
		"spec.updateStrategy":                       map[string]any{"type": "RollingUpdate", "rollingUpdate": map[string]any{"partition": 0}},
		"spec.persistentVolumeClaimRetentionPolicy": map[string]any{"whenDeleted": "Retain", "whenScaled": "Retain"},
		"spec.backoffLimit":                         6,
		"spec.completionMode":                       "NonIndexed",
		"spec.suspend":                              false,
		"spec.manualSelector":                       false,
		"spec.completions":                          1,
		"spec.parallelism":                          1,
		"spec.podReplacementPolicy":                 "TerminatingOrFailed",
		// HPA
		"spec.minReplicas": 1,
		// Service
		"spec.clusterIP":             allocated,
		"spec.clusterIPs":            allocated,
		"spec.ipFamilies":            allocated,
		"spec.ipFamilyPolicy":        "SingleStack",
		"spec.internalTrafficPolicy": "Cluster",
		"spec.sessionAffinity":       "None",
		"spec.type":                  "ClusterIP",
		"spec.ports[*].protocol":     "TCP",
		"spec.ports[*].targetPort":   allocated, // defaults to port
		// Namespace
		"spec.finalizers": []any{"kubernetes"},
	}
	pod := map[string]any{
		"dnsPolicy":                     "ClusterFirst",
		"restartPolicy":                 "Always",
		"schedulerName":                 "default-scheduler",
		"securityContext":               map[string]any{},
		"terminationGracePeriodSeconds": 30,
		"enableServiceLinks":            true,
	}
	container := map[string]any{
		"terminationMessagePath":   "/dev/termination-log",
		"terminationMessagePolicy": "File",
		"imagePullPolicy":          allocated, // IfNotPresent or Always, by tag
		"resources":                map[string]any{},
		"ports[*].protocol":        "TCP",
	}
	probe := map[string]any{"timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3, "httpGet.scheme": "HTTP"}
	for k, v := range pod {
		m["spec.template.spec."+k] = v
	}
	for _, cs := range []string{"containers", "initContainers"} {
		for k, v := range container {
			m["spec.template.spec."+cs+"[*]."+k] = v
		}
		for _, pr := range []string{"readinessProbe", "livenessProbe", "startupProbe"} {
			for k, v := range probe {
				m["spec.template.spec."+cs+"[*]."+pr+"."+k] = v
			}
		}
	}
	m["spec.volumeClaimTemplates[*].spec.volumeMode"] = "Filesystem"
	m["spec.volumeClaimTemplates[*].apiVersion"] = "v1"
	m["spec.volumeClaimTemplates[*].kind"] = "PersistentVolumeClaim"
	m["spec.template.metadata.creationTimestamp"] = nil
	return m
}()
