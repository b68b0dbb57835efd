package rules

import (
	"fmt"

	"github.com/agentscale/agentscale/internal/keda/catalog"
	"github.com/agentscale/agentscale/internal/lint"
)

// KEDATrigger: trigger metadata KEDA's scaler would refuse, or silently
// ignore, read through the scaler catalogue generated from KEDA's source
// (the checks validate makes on swarm files, for plain manifests).
// Parameters a TriggerAuthentication supplies count when it is among the
// objects; when it is not, any parameter it could supply is taken to be
// there.
var KEDATrigger = &lint.Rule{
	ID:       "keda-trigger",
	Severity: lint.Error,
	Why:      "KEDA ignores metadata keys it does not know and falls back to defaults: a misspelt lagThreshold scales on the default of 10. Values it cannot parse, missing keys and keys in the wrong place (a password in metadata) stop the scaler: the ScaledObject is not ready and nothing scales.",
	Fix:      "Use the key names and values of the scaler's KEDA documentation (the message names the key meant); put credentials in a Secret referenced by a TriggerAuthentication.",
	Check:    checkKEDATrigger,
}

func checkKEDATrigger(c *lint.Context) {
	for _, o := range c.Objects() {
		ts, path := lint.Triggers(o)
		for i := range ts {
			_, problems := c.Trigger(o, i)
			tp := fmt.Sprintf("%s[%d]", path, i)
			sp := fmt.Sprintf("scaling.keda.triggers[%d]", i)
			for _, p := range problems {
				at := lint.At(tp, sp)
				switch p.Where {
				case catalog.InType:
					at = lint.At(tp+".type", sp+".type")
				case catalog.InMetricType:
					at = lint.At(tp+".metricType", sp+".metricType")
				case catalog.InMetadata:
					if p.Key != "" {
						at = lint.At(tp+".metadata."+p.Key, sp+".metadata."+p.Key)
					} else {
						at = lint.At(tp+".metadata", sp+".metadata")
					}
				case catalog.InAuth:
					at = lint.At(tp+".authenticationRef", sp+".auth")
				}
				c.Report(o, at, "trigger %d (%s): %s", i, ts[i].Type, p.Msg)
			}
		}
	}
}
