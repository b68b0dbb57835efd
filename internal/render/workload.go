package render

import (
	"slices"
	"strconv"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/agentscale/agentscale/internal/spec"
)

// workload renders the role's Deployment, StatefulSet or Job. A Job role
// scaled by KEDA becomes a ScaledJob, rendered with the autoscalers.
func (r *renderer) workload(rc *roleContext) {
	switch rc.kind {
	case spec.WorkloadStatefulSet:
		r.add(stageWorkload, r.statefulSet(rc), rc.index, rc.path(""))
	case spec.WorkloadJob:
		if rc.role.Autoscaler() == "" {
			r.add(stageWorkload, r.job(rc), rc.index, rc.path(""))
		}
	default:
		r.add(stageWorkload, r.deployment(rc), rc.index, rc.path(""))
	}
}

// workloadMeta carries the intent annotations lint reads back.
func (r *renderer) workloadMeta(rc *roleContext) metav1.ObjectMeta {
	m := r.meta(&rc.owner, rc.name)
	role := rc.role
	m.Annotations[AnnotationState] = string(role.State)
	if role.StableIdentity {
		m.Annotations[AnnotationIdentity] = IdentityStable
	}
	poolAnnotations(m.Annotations, rc.pool)
	if as := role.Autoscaler(); as != "" {
		m.Annotations[AnnotationAutoscaler] = as
		m.Annotations[AnnotationMinReplicas] = itoa(role.Replicas.Min)
		m.Annotations[AnnotationMaxReplicas] = itoa(role.Replicas.Max)
	}
	if sim := role.Simulation; sim != nil {
		if v := sim.TasksPerSecond; v != nil {
			m.Annotations[AnnotationTasksPerSecond] = strconv.FormatFloat(*v, 'g', -1, 64)
		}
		if v := sim.StartupSeconds; v != nil {
			m.Annotations[AnnotationStartupSeconds] = itoa(*v)
		}
		if v := sim.CommitIntervalSeconds; v != nil {
			m.Annotations[AnnotationCommitInterval] = itoa(*v)
		}
	}
	return m
}

// replicas is nil when an autoscaler owns the count: a replicas field in the
// applied manifest would reset the HPA's choice on every apply.
func replicas(rc *roleContext) *int32 {
	if rc.autoscaled() {
		return nil
	}
	return ptr(rc.role.Replicas.Min)
}

func (r *renderer) deployment(rc *roleContext) *appsv1.Deployment {
	return &appsv1.Deployment{
		TypeMeta:   metav1.TypeMeta{APIVersion: "apps/v1", Kind: "Deployment"},
		ObjectMeta: r.workloadMeta(rc),
		Spec: appsv1.DeploymentSpec{
			Replicas: replicas(rc),
			Selector: &metav1.LabelSelector{MatchLabels: r.selector(&rc.owner)},
			Template: r.podTemplate(rc),
		},
	}
}

// statefulSet starts pods in parallel unless the role asks for order: agents
// rarely need OrderedReady, and it makes every scale-up serial.
func (r *renderer) statefulSet(rc *roleContext) *appsv1.StatefulSet {
	policy := appsv1.ParallelPodManagement
	if rc.role.Ordered {
		policy = appsv1.OrderedReadyPodManagement
	}
	ss := &appsv1.StatefulSet{
		TypeMeta:   metav1.TypeMeta{APIVersion: "apps/v1", Kind: "StatefulSet"},
		ObjectMeta: r.workloadMeta(rc),
		Spec: appsv1.StatefulSetSpec{
			Replicas:            replicas(rc),
			Selector:            &metav1.LabelSelector{MatchLabels: r.selector(&rc.owner)},
			Template:            r.podTemplate(rc),
			ServiceName:         rc.name + peersSuffix,
			PodManagementPolicy: policy,
		},
	}
	if st := rc.role.Storage; st != nil {
		ss.Spec.VolumeClaimTemplates = []corev1.PersistentVolumeClaim{r.claimTemplate(rc, st)}
		ss.Spec.PersistentVolumeClaimRetentionPolicy = retention(st)
	}
	return ss
}

// claimTemplate labels claims with the stable labels only:
// volumeClaimTemplates cannot change after creation, so a label that moves
// with the swarm's own labels would make every later apply fail.
func (r *renderer) claimTemplate(rc *roleContext, st *spec.Storage) corev1.PersistentVolumeClaim {
	labels := r.selector(&rc.owner)
	labels[LabelManagedBy] = ManagedBy
	modes := st.AccessModes
	if len(modes) == 0 {
		modes = []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce}
	}
	pvc := corev1.PersistentVolumeClaim{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "PersistentVolumeClaim"},
		ObjectMeta: metav1.ObjectMeta{Name: dataVolume, Labels: labels},
		Spec: corev1.PersistentVolumeClaimSpec{
			AccessModes: slices.Clone(modes),
			Resources:   corev1.VolumeResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceStorage: st.Size.DeepCopy()}},
			VolumeMode:  ptr(corev1.PersistentVolumeFilesystem),
		},
		// volumeMode and status are what the API server defaults them to.
		// volumeClaimTemplates is an atomic list: kubectl apply replaces it
		// whenever it differs from the live object at all, so without them
		// every apply would report the StatefulSet "configured".
		Status: corev1.PersistentVolumeClaimStatus{Phase: corev1.ClaimPending},
	}
	if st.StorageClass != "" {
		pvc.Spec.StorageClassName = ptr(st.StorageClass)
	}
	return pvc
}

// retention keeps volumes on scale-down always: an agent that comes back
// with the same ordinal gets its state back. On delete it follows
// storage.retainOnDelete (default Retain: deleting a swarm must not delete data).
func retention(st *spec.Storage) *appsv1.StatefulSetPersistentVolumeClaimRetentionPolicy {
	onDelete := appsv1.RetainPersistentVolumeClaimRetentionPolicyType
	if st.RetainOnDelete != nil && !*st.RetainOnDelete {
		onDelete = appsv1.DeletePersistentVolumeClaimRetentionPolicyType
	}
	return &appsv1.StatefulSetPersistentVolumeClaimRetentionPolicy{
		WhenDeleted: onDelete,
		WhenScaled:  appsv1.RetainPersistentVolumeClaimRetentionPolicyType,
	}
}

// job is a batch/v1 Job for a Job role that no autoscaler starts.
func (r *renderer) job(rc *roleContext) *batchv1.Job {
	return &batchv1.Job{
		TypeMeta:   metav1.TypeMeta{APIVersion: "batch/v1", Kind: "Job"},
		ObjectMeta: r.workloadMeta(rc),
		Spec:       r.jobSpec(rc),
	}
}

// jobSpec is shared by Jobs and ScaledJobs. Jobs do not restart their pods
// in place (restartPolicy Never): a failed agent run is retried as a new pod,
// counted against backoffLimit.
func (r *renderer) jobSpec(rc *roleContext) batchv1.JobSpec {
	js := batchv1.JobSpec{Template: r.podTemplate(rc)}
	// An eviction (a drain, a pre-emption) is not the agent's failure: it
	// is retried without counting against backoffLimit.
	js.PodFailurePolicy = &batchv1.PodFailurePolicy{Rules: []batchv1.PodFailurePolicyRule{{
		Action:          batchv1.PodFailurePolicyActionIgnore,
		OnPodConditions: []batchv1.PodFailurePolicyOnPodConditionsPattern{{Type: corev1.DisruptionTarget, Status: corev1.ConditionTrue}},
	}}}
	if j := rc.role.Job; j != nil {
		js.BackoffLimit = clonePtr(j.BackoffLimit)
		js.ActiveDeadlineSeconds = clonePtr(j.ActiveDeadlineSeconds)
		js.TTLSecondsAfterFinished = clonePtr(j.TTLSecondsAfterFinished)
		js.Parallelism = clonePtr(j.Parallelism)
		js.Completions = clonePtr(j.Completions)
	}
	if rc.role.Autoscaler() == "" && js.Parallelism == nil && rc.role.Replicas.Min > 1 {
		js.Parallelism = ptr(rc.role.Replicas.Min)
	}
	return js
}
