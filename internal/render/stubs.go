package render

func (r *renderer) hpa(rc *roleContext)            {}
func (r *renderer) keda(rc *roleContext)           {}
func (r *renderer) serviceMonitor(rc *roleContext) {}
func (r *renderer) monitoring()                    {}
