package render

// autoscaler renders the role's HPA, or its KEDA objects.
func (r *renderer) autoscaler(rc *roleContext) {
	switch rc.role.Autoscaler() {
	case "hpa":
		r.hpa(rc)
	case "keda":
		r.keda(rc)
	}
}
