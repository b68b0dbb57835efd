package hpadiff

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/go-logr/logr"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes/fake"
	scalefake "k8s.io/client-go/scale/fake"
	core "k8s.io/client-go/testing"
	"k8s.io/klog/v2"
	autoscalingdefaults "k8s.io/kubernetes/pkg/apis/autoscaling/v2"
	"k8s.io/kubernetes/pkg/controller/podautoscaler"
	metricsclient "k8s.io/kubernetes/pkg/controller/podautoscaler/metrics"
	cmapi "k8s.io/metrics/pkg/apis/custom_metrics/v1beta2"
	emapi "k8s.io/metrics/pkg/apis/external_metrics/v1beta1"
	metricsapi "k8s.io/metrics/pkg/apis/metrics/v1beta1"
	metricsfake "k8s.io/metrics/pkg/client/clientset/versioned/fake"
	cmfake "k8s.io/metrics/pkg/client/custom_metrics/fake"
	emfake "k8s.io/metrics/pkg/client/external_metrics/fake"

	"github.com/agentscale/agentscale/internal/simulate/hpa"
)

// step is one sync: the time, what the pods were, and what each side set.
type step struct {
	at          int64
	pods        hpa.Pods
	current     int32
	real, model int32
}

func (s step) String() string {
	return fmt.Sprintf("t=%4ds current %3d pods %+v → real %3d model %3d", s.at, s.current, s.pods, s.real, s.model)
}

// run drives the real controller and the model through the scenario in a
// synctest bubble and returns every sync. The controller's clock is the
// bubble's: it syncs at 0, P, 2P, ...; the world is advanced half a second
// after each sync, to the state the next sync reads.
func run(t *testing.T, sc *scenario) []step {
	var steps []step
	synctest.Test(t, func(t *testing.T) {
		steps = runInBubble(t, sc)
	})
	return steps
}

func runInBubble(t *testing.T, sc *scenario) []step {
	epoch := time.Now()
	w := newWorld(sc, epoch)
	period := time.Duration(sc.settings.SyncPeriod) * time.Second

	// The model reads the HPA as written; the controller reads it as the
	// API server stores it, with its defaults.
	spec, err := hpa.FromObject(sc.hpa, corev1.ResourceList{
		corev1.ResourceCPU:    *resource.NewMilliQuantity(sc.cpuRequest, resource.DecimalSI),
		corev1.ResourceMemory: *resource.NewQuantity(sc.memRequest, resource.BinarySI),
	})
	if err != nil {
		t.Fatal(err)
	}
	model := hpa.New(spec, sc.settings)
	stored := sc.hpa.DeepCopy()
	autoscalingdefaults.SetObjectDefaults_HorizontalPodAutoscaler(stored)

	// NewSimpleClientset, not NewClientset: its field-managed tracker
	// costs more than the controller itself, and no test here applies.
	client := fake.NewSimpleClientset(stored) //nolint:staticcheck
	for _, p := range w.pods {
		if _, err := client.CoreV1().Pods(namespace).Create(t.Context(), w.object(p, 0), metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	scales := &scalefake.FakeScaleClient{}
	scales.AddReactor("get", "deployments", func(core.Action) (bool, runtime.Object, error) {
		w.mu.Lock()
		defer w.mu.Unlock()
		w.gets = append(w.gets, time.Since(epoch))
		return true, &autoscalingv1.Scale{
			ObjectMeta: metav1.ObjectMeta{Name: target, Namespace: namespace},
			Spec:       autoscalingv1.ScaleSpec{Replicas: w.replicas},
			Status:     autoscalingv1.ScaleStatus{Replicas: int32(len(w.pods)), Selector: "app.kubernetes.io/name=" + target},
		}, nil
	})
	scales.AddReactor("update", "deployments", func(a core.Action) (bool, runtime.Object, error) {
		s := a.(core.UpdateAction).GetObject().(*autoscalingv1.Scale)
		w.mu.Lock()
		defer w.mu.Unlock()
		w.replicas = s.Spec.Replicas
		return true, s, nil
	})
	resourceMetrics := &metricsfake.Clientset{}
	resourceMetrics.AddReactor("list", "pods", func(core.Action) (bool, runtime.Object, error) {
		w.mu.Lock()
		defer w.mu.Unlock()
		list := &metricsapi.PodMetricsList{}
		for _, p := range w.pods {
			if w.now < p.running {
				continue // metrics-server has no sample of a pod that is not running
			}
			list.Items = append(list.Items, metricsapi.PodMetrics{
				ObjectMeta: metav1.ObjectMeta{Name: p.name, Namespace: namespace, Labels: podLabels},
				Timestamp:  metav1.NewTime(w.at(w.now)),
				Window:     metav1.Duration{Duration: time.Duration(sc.settings.MetricWindow) * time.Second},
				Containers: []metricsapi.ContainerMetrics{{Name: container, Usage: corev1.ResourceList{
					corev1.ResourceCPU:    *resource.NewMilliQuantity(sc.cpu(w.now), resource.DecimalSI),
					corev1.ResourceMemory: *resource.NewQuantity(sc.mem(w.now), resource.BinarySI),
				}}},
			})
		}
		return true, list, nil
	})
	custom := &cmfake.FakeCustomMetricsClient{}
	custom.AddReactor("get", "*", func(a core.Action) (bool, runtime.Object, error) {
		get := a.(cmfake.GetForAction)
		w.mu.Lock()
		defer w.mu.Unlock()
		ts := metav1.NewTime(w.at(w.now))
		list := &cmapi.MetricValueList{}
		if get.GetName() == "*" { // a Pods metric: one value per Ready pod
			v := w.perPod(w.now)
			for _, p := range w.pods {
				if w.now >= p.readyAt {
					list.Items = append(list.Items, cmapi.MetricValue{
						DescribedObject: corev1.ObjectReference{Kind: "Pod", Name: p.name, Namespace: namespace},
						Timestamp:       ts, Metric: cmapi.MetricIdentifier{Name: get.GetMetricName()},
						Value: *resource.NewMilliQuantity(v, resource.DecimalSI),
					})
				}
			}
			return true, list, nil
		}
		list.Items = []cmapi.MetricValue{{
			DescribedObject: corev1.ObjectReference{Kind: "Deployment", APIVersion: "apps/v1", Name: get.GetName(), Namespace: namespace},
			Timestamp:       ts, Metric: cmapi.MetricIdentifier{Name: get.GetMetricName()},
			Value: *resource.NewMilliQuantity(sc.backlog(w.now), resource.DecimalSI),
		}}
		return true, list, nil
	})
	external := &emfake.FakeExternalMetricsClient{}
	external.AddReactor("list", "*", func(a core.Action) (bool, runtime.Object, error) {
		w.mu.Lock()
		defer w.mu.Unlock()
		return true, &emapi.ExternalMetricValueList{Items: []emapi.ExternalMetricValue{{
			MetricName: a.GetResource().Resource, Timestamp: metav1.NewTime(w.at(w.now)),
			Value: *resource.NewMilliQuantity(sc.backlog(w.now), resource.DecimalSI),
		}}}, nil
	})
	mapper := meta.NewDefaultRESTMapper([]schema.GroupVersion{appsv1.SchemeGroupVersion})
	mapper.Add(appsv1.SchemeGroupVersion.WithKind("Deployment"), meta.RESTScopeNamespace)

	ctx, cancel := context.WithCancel(klog.NewContext(t.Context(), logr.Discard()))
	factory := informers.NewSharedInformerFactory(client, 0)
	set := sc.settings
	controller := podautoscaler.NewHorizontalController(ctx, fake.NewSimpleClientset().CoreV1(), scales, client.AutoscalingV2(), mapper,
		metricsclient.NewRESTMetricsClient(resourceMetrics.MetricsV1beta1(), custom, external),
		factory.Autoscaling().V2().HorizontalPodAutoscalers(), factory.Core().V1().Pods(),
		period, seconds(set.DownscaleWindow), set.Tolerance, seconds(set.CPUInitializationPeriod), seconds(set.InitialReadinessDelay))
	// The model's sync at t, from the snapshot the controller reads at t.
	var steps []step
	predict := func(at int64) {
		current := w.replicas
		pods := w.counts(at)
		steps = append(steps, step{at: at, pods: pods, current: current,
			model: model.Sync(at, current, pods, w.readings(spec.Metrics, at))})
	}
	// The first sync is predicted before the controller can run: its
	// goroutine may sync at 0 before this one is scheduled again.
	predict(0)
	factory.Start(ctx.Done())
	synctest.Wait()
	done := make(chan struct{})
	go func() {
		controller.Run(ctx, 1)
		close(done)
	}()
	defer func() {
		synctest.Wait()
		cancel()
		<-done
		factory.Shutdown()
	}()

	time.Sleep(500 * time.Millisecond)
	for k := 0; k < sc.syncs; k++ {
		synctest.Wait()
		w.mu.Lock()
		steps[k].real = w.replicas
		if got, want := len(w.gets), k+1; got != want {
			w.mu.Unlock()
			t.Fatalf("after %d syncs the controller read the scale %d times, at %v", want, got, w.gets)
		}
		if at := w.gets[k]; at != time.Duration(k)*period {
			w.mu.Unlock()
			t.Fatalf("sync %d ran at %v, want %v", k, at, time.Duration(k)*period)
		}
		next := int64(k+1) * sc.settings.SyncPeriod
		before := map[string]*pod{}
		for _, p := range w.pods {
			before[p.name] = p
		}
		w.reconcile(int64(k) * sc.settings.SyncPeriod)
		err := w.publish(t.Context(), client, before, next)
		w.now = next
		w.mu.Unlock()
		if err != nil {
			t.Fatal(err)
		}
		w.mu.Lock()
		predict(next)
		w.mu.Unlock()
		synctest.Wait()
		time.Sleep(period)
	}
	return steps[:sc.syncs]
}

// publish writes the pods as they are at t into the fake API server:
// creates, deletes, and the status changes since the last snapshot.
func (w *world) publish(ctx context.Context, client *fake.Clientset, before map[string]*pod, t int64) error {
	pods := client.CoreV1().Pods(namespace)
	now := map[string]bool{}
	for _, p := range w.pods {
		now[p.name] = true
		switch {
		case before[p.name] == nil:
			if _, err := pods.Create(ctx, w.object(p, t), metav1.CreateOptions{}); err != nil {
				return err
			}
		case p.state(w.now) != p.state(t):
			if _, err := pods.Update(ctx, w.object(p, t), metav1.UpdateOptions{}); err != nil {
				return err
			}
		}
	}
	for name := range before {
		if !now[name] {
			if err := pods.Delete(ctx, name, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
				return err
			}
		}
	}
	client.ClearActions()
	return nil
}

func seconds(s int64) time.Duration { return time.Duration(s) * time.Second }

// diverged is the first sync where the two disagree, or -1.
func diverged(steps []step) int {
	for i, s := range steps {
		if s.real != s.model {
			return i
		}
	}
	return -1
}

func trace(steps []step, upto int) string {
	var b strings.Builder
	for _, s := range steps[:min(upto+1, len(steps))] {
		mark := "  "
		if s.real != s.model {
			mark = "✗ "
		}
		b.WriteString(mark + s.String() + "\n")
	}
	return b.String()
}
