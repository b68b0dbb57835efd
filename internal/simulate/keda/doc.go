// Package keda models a KEDA ScaledObject: its scalers' metrics and
// activity, the operator's polling loop that scales between zero (or
// idleReplicaCount) and the minimum, and the HPA KEDA creates for the rest.
//
// It follows kedacore/keda: pkg/scaling/executor/scale_scaledobjects.go
// (RequestScale, scaleToZeroOrIdle, scaleFromZeroOrIdle),
// controllers/keda/hpa.go (newHPAForScaledObject, getHPABehavior,
// getHPAName), pkg/scaling/scale_handler.go (GetScaledObjectMetrics) and
// the scalers in pkg/scalers (kafka_scaler.go getTotalLag,
// rabbitmq_scaler.go, aws_sqs_queue_scaler.go, cron_scaler.go,
// prometheus_scaler.go, cpu_memory_scaler.go).
package keda
