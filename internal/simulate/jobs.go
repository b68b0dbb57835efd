package simulate

import (
	"github.com/agentscale/agentscale/internal/simulate/cluster"
	"github.com/agentscale/agentscale/internal/simulate/keda"
)

// stepJobs is a step of a ScaledJob role: each Job, once its pod is ready,
// takes one queued task, works on it for 1/tasksPerSecond seconds and
// completes (a Job that finds the queue empty exits at once); every
// pollingInterval KEDA starts Jobs for what is queued. A Job whose pod is
// evicted loses its task to the queue, as an unacknowledged message is
// redelivered.
func (rm *roleModel) stepJobs(i int, now, step int64, nextPoll *int64, c *cluster.Cluster) {
	ser := rm.run.Series
	rate := rm.rates[i]
	ser.Arrivals[i] = rate
	rm.backlog += rate * float64(step)
	for p := range rm.busy {
		if p.Gone {
			rm.backlog++
			delete(rm.busy, p)
		}
	}
	done := 0.0
	for _, p := range append([]*cluster.Pod(nil), rm.group.Pods...) {
		if !p.Bound || now < p.ReadyAt {
			continue
		}
		if until, ok := rm.busy[p]; ok {
			if now >= until {
				done++
				delete(rm.busy, p)
				c.Complete(p)
			}
			continue
		}
		if rm.backlog >= 1 {
			rm.backlog--
			rm.busy[p] = now + rm.taskSeconds
		} else {
			c.Complete(p)
		}
	}
	if rm.backlog < 1e-9 {
		rm.backlog = 0
	}
	ser.Processed[i] = done
	if now < *nextPoll {
		return
	}
	*nextPoll += rm.sj.Polling * ceilDiv(now-*nextPoll+1, rm.sj.Polling)
	running := int64(len(rm.group.Pods))
	var pending int64
	for _, p := range rm.group.Pods {
		if !p.Bound || now < p.ReadyAt {
			pending++
		}
	}
	in := keda.Input{Now: now, Backlog: rm.backlog, InFlight: float64(len(rm.busy)), Rate: rate}
	n := rm.sj.Jobs(in, running, pending)
	rm.jobsStarted += int(n)
	c.Start(rm.group, n, now)
}
