// Package kinds maps an apiVersion and kind to the typed Go object that
// holds it: the k8s.io/api types, prometheus-operator's, internal/keda's
// and internal/grafana's.
// manifest decodes into them; render orders objects that kustomize handed
// back untyped by their fields.
package kinds

import (
	"maps"
	"slices"
	"strings"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	vpav1 "k8s.io/autoscaler/vertical-pod-autoscaler/pkg/apis/autoscaling.k8s.io/v1"

	"github.com/agentscale/agentscale/internal/grafana"
	"github.com/agentscale/agentscale/internal/keda"
)

// Object is a typed Kubernetes object.
type Object interface {
	metav1.Object
	runtime.Object
}

// Known reports whether agentscale has a Go type for apiVersion and kind.
func Known(apiVersion, kind string) bool {
	_, ok := kinds[apiVersion+"/"+kind]
	return ok
}

// New returns an empty typed object for apiVersion and kind, or false when
// the kind is not one agentscale knows.
func New(apiVersion, kind string) (Object, bool) {
	newObj, ok := kinds[apiVersion+"/"+kind]
	if !ok {
		return nil, false
	}
	return newObj(), true
}

// ClusterScoped reports whether objects of the kind have no namespace.
func ClusterScoped(apiVersion, kind string) bool {
	return clusterScoped[apiVersion+"/"+kind]
}

// Each calls fn for every kind agentscale knows, sorted by apiVersion and
// kind (a fixed order; not a preference among a kind's versions).
func Each(fn func(apiVersion, kind string)) {
	for _, k := range slices.Sorted(maps.Keys(kinds)) {
		i := strings.LastIndexByte(k, '/')
		fn(k[:i], k[i+1:])
	}
}

var clusterScoped = map[string]bool{"v1/Namespace": true, "scheduling.k8s.io/v1/PriorityClass": true}

// kinds maps "apiVersion/Kind" to a constructor of its typed object.
var kinds = map[string]func() Object{
	"apps/v1/Deployment":            func() Object { return &appsv1.Deployment{} },
	"apps/v1/StatefulSet":           func() Object { return &appsv1.StatefulSet{} },
	"apps/v1/DaemonSet":             func() Object { return &appsv1.DaemonSet{} },
	"apps/v1/ReplicaSet":            func() Object { return &appsv1.ReplicaSet{} },
	"batch/v1/Job":                  func() Object { return &batchv1.Job{} },
	"batch/v1/CronJob":              func() Object { return &batchv1.CronJob{} },
	"v1/Pod":                        func() Object { return &corev1.Pod{} },
	"v1/Namespace":                  func() Object { return &corev1.Namespace{} },
	"v1/Service":                    func() Object { return &corev1.Service{} },
	"v1/ConfigMap":                  func() Object { return &corev1.ConfigMap{} },
	"v1/Secret":                     func() Object { return &corev1.Secret{} },
	"v1/ServiceAccount":             func() Object { return &corev1.ServiceAccount{} },
	"v1/PersistentVolumeClaim":      func() Object { return &corev1.PersistentVolumeClaim{} },
	"v1/LimitRange":                 func() Object { return &corev1.LimitRange{} },
	"policy/v1/PodDisruptionBudget": func() Object { return &policyv1.PodDisruptionBudget{} },
	"autoscaling/v2/HorizontalPodAutoscaler": func() Object {
		return &autoscalingv2.HorizontalPodAutoscaler{}
	},
	"autoscaling/v1/HorizontalPodAutoscaler": func() Object {
		return &autoscalingv1.HorizontalPodAutoscaler{}
	},
	"scheduling.k8s.io/v1/PriorityClass":      func() Object { return &schedulingv1.PriorityClass{} },
	"networking.k8s.io/v1/NetworkPolicy":      func() Object { return &networkingv1.NetworkPolicy{} },
	"keda.sh/v1alpha1/ScaledObject":           func() Object { return &keda.ScaledObject{} },
	"keda.sh/v1alpha1/ScaledJob":              func() Object { return &keda.ScaledJob{} },
	"keda.sh/v1alpha1/TriggerAuthentication":  func() Object { return &keda.TriggerAuthentication{} },
	"monitoring.coreos.com/v1/ServiceMonitor": func() Object { return &monitoringv1.ServiceMonitor{} },
	"monitoring.coreos.com/v1/PodMonitor":     func() Object { return &monitoringv1.PodMonitor{} },
	"monitoring.coreos.com/v1/PrometheusRule": func() Object { return &monitoringv1.PrometheusRule{} },
	grafana.APIVersion + "/" + grafana.Kind:   func() Object { return &grafana.GrafanaDashboard{} },
	"autoscaling.k8s.io/v1/VerticalPodAutoscaler": func() Object {
		return &vpav1.VerticalPodAutoscaler{}
	},
}
