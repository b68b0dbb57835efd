// Package hpa models the Kubernetes HorizontalPodAutoscaler controller
// (autoscaling/v2) as kube-controller-manager computes it, so that a
// simulated sync gives the replica count a real cluster would.
//
// The code follows kubernetes/pkg/controller/podautoscaler: replica
// calculation from replica_calculator.go (GetResourceReplicas,
// GetMetricReplicas, GetObjectMetricReplicas, GetObjectPerPodMetricReplicas,
// GetExternalMetricReplicas, GetExternalPerPodMetricReplicas) and
// normalisation from horizontal.go (reconcileAutoscaler,
// normalizeDesiredReplicas, normalizeDesiredReplicasWithBehaviors,
// stabilizeRecommendationWithBehaviors, convertDesiredReplicasWithBehaviorRate).
// Time is whole seconds of simulated time; nothing reads a wall clock.
package hpa
