package catalog

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/agentscale/agentscale/internal/suggest"
)

// rules are the checks KEDA's scalers make in code, which tags cannot
// express; each follows the KEDA source it names. They see the values
// Read parsed: a key that failed its own check is absent here.
var rules = map[string]func(c *Config, t Trigger, add func(Problem)){
	"kafka":            kafkaRules,
	"rabbitmq":         rabbitMQRules,
	"cron":             cronRules,
	"cpu":              resourceRules,
	"memory":           resourceRules,
	"aws-sqs-queue":    sqsRules,
	"azure-servicebus": serviceBusRules,
}

func meta(key, format string, args ...any) Problem {
	return Problem{Where: InMetadata, Key: key, Msg: fmt.Sprintf(format, args...)}
}

// given reports whether the user set key (in metadata, a Secret or the
// environment): what KEDA sees as a non-empty value.
func (c *Config) given(key string) bool {
	if _, ok := c.values[key]; ok && c.from[key]&Metadata != 0 {
		return true
	}
	return c.from[key]&^Metadata != 0
}

// kafkaRules follow kafkaMetadata.Validate, parseTLS and parseSASL in
// pkg/scalers/kafka_scaler.go.
func kafkaRules(c *Config, t Trigger, add func(Problem)) {
	if v, ok := c.Value("lagThreshold"); ok && v.Int <= 0 {
		add(meta("lagThreshold", "must be a positive number, as KEDA requires"))
	}
	if v, ok := c.Value("activationLagThreshold"); ok && v.Int < 0 {
		add(meta("activationLagThreshold", "must not be negative, as KEDA requires"))
	}
	if v, ok := c.Value("partitionLimitation"); ok {
		if err := partitionLimitation(v.Raw); err != nil {
			add(meta("partitionLimitation", "%v", err))
		}
	}
	topic := c.given("topic")
	on := func(k string) bool { return c.Bool(k, false) && c.from[k]&Metadata != 0 }
	switch {
	case on("allowIdleConsumers") && on("limitToPartitionsWithLag"):
		add(meta("limitToPartitionsWithLag", "allowIdleConsumers and limitToPartitionsWithLag cannot be set together, KEDA refuses both"))
	case on("limitToPartitionsWithLag") && on("ensureEvenDistributionOfPartitions"):
		add(meta("ensureEvenDistributionOfPartitions", "limitToPartitionsWithLag and ensureEvenDistributionOfPartitions cannot be set together, KEDA refuses both"))
	}
	for _, k := range []string{"limitToPartitionsWithLag", "ensureEvenDistributionOfPartitions"} {
		if on(k) && !topic {
			add(meta(k, "%s needs a topic: KEDA refuses it without one", k))
		}
	}
	if v, ok := c.Value("fullMetadata"); ok && !v.Bool && c.from["fullMetadata"]&Metadata != 0 && !topic {
		add(meta("fullMetadata", "fullMetadata: false needs a topic: KEDA refuses it without one"))
	}
	if c.String("tls") == "enable" && c.from["tls"]&Metadata != 0 && !c.authUnknown {
		cert, key := c.from["cert"] != 0, c.from["key"] != 0
		if cert != key {
			add(meta("tls", "tls: enable with a client certificate needs both cert and key in auth.params"))
		}
	}
	switch c.String("sasl") {
	case "plaintext", "scram_sha256", "scram_sha512":
		if c.from["sasl"]&Metadata == 0 || c.authUnknown {
			break
		}
		for _, k := range []string{"username", "password"} {
			if c.from[k] == 0 {
				add(meta("sasl", "sasl: %s needs %s in auth.params (KEDA: no %s given)", c.String("sasl"), k, k))
			}
		}
	}
}

// together reports a or b given without the other, which KEDA refuses.
func together(c *Config, a, b string, add func(Problem)) {
	if c.authUnknown || (c.from[a] != 0) == (c.from[b] != 0) {
		return
	}
	if c.from[a] == 0 {
		a, b = b, a
	}
	p := Problem{Where: InAuth, Key: a, Msg: fmt.Sprintf("%s comes without %s: KEDA needs both%s", a, b, supply(c.Scaler.Key(b)))}
	if c.from[a]&Auth == 0 {
		p.Where = InMetadata
		if c.from[a]&Env != 0 {
			p.Key = a + "FromEnv"
		}
	}
	add(p)
}

// partitionLimitation is parsePartitionLimitation: partition numbers and
// ranges, comma-separated.
func partitionLimitation(s string) error {
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		bounds := []string{part}
		if strings.Contains(part, "-") {
			if bounds = strings.Split(part, "-"); len(bounds) != 2 {
				return fmt.Errorf("%q is not a partition range (from-to)", part)
			}
		}
		for _, b := range bounds {
			if _, err := strconv.ParseInt(strings.TrimSpace(b), 10, 32); err != nil {
				return fmt.Errorf("%q is not a partition number or range (1,2,5-8)", part)
			}
		}
	}
	return nil
}

var (
	rabbitModes     = []string{"QueueLength", "MessageRate", "DeliverGetRate", "PublishedToDeliveredRatio", "ExpectedQueueConsumptionTime"}
	rabbitHTTPModes = rabbitModes[1:]
)

// rabbitMQRules follow rabbitMQMetadata.Validate and validateTrigger in
// pkg/scalers/rabbitmq_scaler.go.
func rabbitMQRules(c *Config, t Trigger, add func(Problem)) {
	protocol := c.String("protocol")
	if c.from["protocol"]&Metadata != 0 && !slices.Contains([]string{"amqp", "http", "auto"}, protocol) {
		add(meta("protocol", "%q is not amqp, http or auto%s", protocol, suggest.DidYouMean(protocol, []string{"amqp", "http", "auto"})))
		return
	}
	together(c, "cert", "key", add)
	if v, ok := c.Value("pageSize"); ok && v.Int < 1 {
		add(meta("pageSize", "must be 1 or more, as KEDA requires"))
	}
	together(c, "username", "password", add)
	// protocol auto takes the host's scheme, when the host is in metadata.
	if protocol == "auto" && c.from["host"] == Metadata {
		u, err := url.Parse(c.String("host"))
		switch {
		case err != nil:
			add(meta("host", "KEDA cannot parse the host to find the protocol: %v", err))
			return
		case u.Scheme == "amqp" || u.Scheme == "amqps":
			protocol = "amqp"
		case u.Scheme == "http" || u.Scheme == "https":
			protocol = "http"
		default:
			add(meta("host", "the host's scheme %q is not amqp, amqps, http or https: with protocol auto, KEDA needs one", u.Scheme))
			return
		}
	}
	for _, k := range []string{"useRegex", "excludeUnacknowledged"} {
		if c.Bool(k, false) && protocol == "amqp" {
			add(meta(k, "%s: true needs the HTTP protocol", k))
		}
	}
	if protocol == "amqp" && c.from["timeout"]&Metadata != 0 {
		add(meta("timeout", "the AMQP protocol takes no timeout, KEDA refuses it"))
	}
	mode := c.String("mode")
	modeSet := mode != "Unknown" && mode != "" // KEDA's default is Unknown
	value, valueSet := c.Float("value", 0), c.from["value"]&Metadata != 0
	queueLength := c.Float("queueLength", 0)
	switch {
	case queueLength == 0 && !modeSet && value == 0:
		return // KEDA's default: QueueLength 20
	case queueLength != 0 && (modeSet || value != 0):
		add(meta("queueLength", "queueLength is deprecated and cannot be combined with mode or value: use mode: QueueLength and value"))
	case queueLength != 0:
	case !modeSet:
		add(meta("value", "value needs a mode (%s)", strings.Join(rabbitModes, ", ")))
	case !slices.Contains(rabbitModes, mode):
		add(meta("mode", "%q is not one of %s%s", mode, strings.Join(rabbitModes, ", "), suggest.DidYouMean(mode, rabbitModes)))
	case value == 0:
		what := "is missing"
		if valueSet {
			what = "is 0"
		}
		add(Problem{Where: InMetadata, Key: "mode", Msg: fmt.Sprintf("mode %s needs a value, and value %s", mode, what)})
	case slices.Contains(rabbitHTTPModes, mode) && protocol == "amqp":
		add(meta("mode", "mode %s needs the HTTP protocol (protocol: http, or an http:// host)", mode))
	}
}

// cronRules follow cronMetadata.Validate and GetMetricsAndActivity in
// pkg/scalers/cron_scaler.go: robfig/cron's five-field parser, and a
// timezone time.LoadLocation knows.
func cronRules(c *Config, t Trigger, add func(Problem)) {
	for _, k := range []string{"start", "end"} {
		if v, ok := c.Value(k); ok {
			s, err := CronSchedule(v.Raw)
			switch {
			case err != nil:
				add(meta(k, "%v", err))
			case s.Next(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)).IsZero():
				// robfig/cron gives up after five years: KEDA's window
				// would then never close (or always be open).
				add(meta(k, "%q never comes round (no such date)", v.Raw))
			}
		}
	}
	if c.given("start") && c.String("start") == c.String("end") {
		add(meta("end", "start and end are the same, KEDA refuses that"))
	}
	if v, ok := c.Value("timezone"); ok {
		if _, err := CronLocation(v.Raw); err != nil {
			add(meta("timezone", "%v", err))
		}
	}
	// KEDA refuses 0; a negative count would be the HPA's metric as it is
	// (agentscale refuses that too).
	if v, ok := c.Value("desiredReplicas"); ok && v.Int <= 0 {
		add(meta("desiredReplicas", "must be 1 or more"))
	}
}

// resourceRules follow parseResourceMetadata in
// pkg/scalers/cpu_memory_scaler.go: the trigger's metricType says how the
// value reads, a percentage or a quantity.
func resourceRules(c *Config, t Trigger, add func(Problem)) {
	mt := t.MetricType
	v, ok := c.Value("value")
	switch mt {
	case "Utilization":
		if ok {
			if _, err := strconv.ParseInt(v.Raw, 10, 32); err != nil {
				add(meta("value", "%q is not a whole percentage, which metricType Utilization needs", v.Raw))
			}
		}
	case "AverageValue":
		if ok {
			if _, err := resource.ParseQuantity(v.Raw); err != nil {
				add(meta("value", "%q is not a quantity (500m, 512Mi), which metricType AverageValue needs", v.Raw))
			}
		}
	case "":
		add(Problem{Where: InMetricType, Msg: fmt.Sprintf("a %s trigger needs metricType: Utilization or AverageValue", t.Type)})
	default:
		add(Problem{Where: InMetricType, Msg: fmt.Sprintf("a %s trigger takes metricType Utilization or AverageValue, not %s", t.Type, mt)})
	}
}

// sqsRules follow parseAwsSqsQueueMetadata in
// pkg/scalers/aws_sqs_queue_scaler.go: a queueURL that parses as a URL
// must end in /account/name.
func sqsRules(c *Config, t Trigger, add func(Problem)) {
	v, ok := c.Value("queueURL")
	if !ok || c.from["queueURL"]&Metadata == 0 {
		return
	}
	u, err := url.ParseRequestURI(v.Raw)
	if err != nil {
		return // KEDA takes it as the queue's name
	}
	if p := strings.Split(u.Path, "/"); len(p) != 3 || p[2] == "" {
		add(meta("queueURL", "KEDA cannot get the queue's name from %q: want https://sqs.REGION.amazonaws.com/ACCOUNT/NAME", v.Raw))
	}
}

// serviceBusRules follow azureServiceBusMetadata.Validate in
// pkg/scalers/azure_servicebus_scaler.go: a queue, or a topic and its
// subscription.
func serviceBusRules(c *Config, t Trigger, add func(Problem)) {
	queue, topic, sub := c.String("queueName") != "", c.String("topicName") != "", c.String("subscriptionName") != ""
	switch {
	case queue && sub:
		add(meta("subscriptionName", "a subscription goes with a topic, not a queue: KEDA refuses queueName with subscriptionName"))
	case queue && topic:
		add(meta("topicName", "set queueName or topicName, not both"))
	case topic && !sub:
		add(meta("topicName", "a topic needs its subscriptionName"))
	case !queue && !topic:
		add(Problem{Where: InMetadata, Msg: "an azure-servicebus trigger needs queueName, or topicName and subscriptionName"})
	}
	if c.Bool("useRegex", false) {
		for _, k := range []string{"queueName", "subscriptionName"} {
			if v := c.String(k); v != "" {
				if _, err := regexp.Compile(v); err != nil {
					add(meta(k, "useRegex: true, but %q is not a regular expression: %v", v, err))
				}
			}
		}
	}
}

// metricTypeRule is GetMetricTargetType in pkg/scalers/scaler.go, which
// every scaler of an External metric calls.
func metricTypeRule(t Trigger) *Problem {
	if t.MetricType == "Utilization" && t.Type != "cpu" && t.Type != "memory" {
		return &Problem{Where: InMetricType, Msg: fmt.Sprintf("metricType Utilization is for cpu and memory triggers; a %s trigger takes AverageValue (the default) or Value", t.Type)}
	}
	return nil
}
