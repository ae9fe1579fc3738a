package eval

import (
	"fmt"
	"strings"

	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/calib"
)

// ReliabilityBins is the number of equal-width confidence bins of the
// reliability table.
const ReliabilityBins = 10

// Reliability says how well an engine's confidence predicts that its
// decision is right: per confidence bin, the decisions, their mean
// confidence and the share right, and the expected calibration error
// (ECE). A route decision is right when its queue is the gold one; an
// extraction when is_order agrees and, for an order, every gold item and
// no other is read (word-overlap match, equal count). Raw is the
// confidence as the evaluated processor returned it; Calibrated, when the
// project embeds a table for the engine and task (calib.Default) and the
// confidences were raw, the same decisions after that table.
type Reliability struct {
	Engine     string      `json:"engine"` // "rules" or "llm"; "" for a cascade (mixed sources)
	N          int         `json:"n"`      // decisions with a confidence
	Raw        []calib.Bin `json:"raw"`
	RawECE     float64     `json:"raw_ece"`
	Table      string      `json:"calibration,omitempty"` // version of the table applied
	Calibrated []calib.Bin `json:"calibrated,omitempty"`
	CalECE     float64     `json:"calibrated_ece,omitempty"`
}

// engineOf is the engine whose raw confidences a run measures: the rules
// engine (built by Run), the bare LLM (--mode llm), or none for a cascade.
func engineOf(o Options) string {
	switch o.Mode {
	case ModeRules:
		return "rules"
	case ModeLLM:
		return "llm"
	}
	return ""
}

// routeSamples pairs each routed record's confidence with whether its
// queue is the gold one; failed records and those without a confidence
// are left out.
func routeSamples(cases []Labelled[RouteGold], outs []result) []calib.Sample {
	var s []calib.Sample
	for i, c := range cases {
		rt, ok := outs[i].out.Decision.(*processors.Route)
		if conf := outs[i].out.Provenance.Confidence; outs[i].err == nil && ok && rt != nil && conf != nil {
			s = append(s, calib.Sample{Conf: *conf, Correct: rt.Queue == c.Gold.Queue})
		}
	}
	return s
}

// orderSamples pairs each extraction's confidence with whether the whole
// answer is right (see Reliability).
func orderSamples(cases []Labelled[OrderGold], outs []result) []calib.Sample {
	var s []calib.Sample
	for i, c := range cases {
		o, ok := outs[i].out.Decision.(*processors.Order)
		if conf := outs[i].out.Provenance.Confidence; outs[i].err == nil && ok && o != nil && conf != nil {
			s = append(s, calib.Sample{Conf: *conf, Correct: OrderRight(c.Gold, *o)})
		}
	}
	return s
}

// OrderRight says whether p is right against gold g: is_order agrees and, for an order, the items pair one to one.
func OrderRight(g, p processors.Order) bool {
	if g.IsOrder != p.IsOrder {
		return false
	}
	if !g.IsOrder {
		return true
	}
	if len(p.Items) != len(g.Items) {
		return false
	}
	for _, j := range overlapPairs(g.Items, p.Items) {
		if j < 0 {
			return false
		}
	}
	return true
}

// reliability builds the Reliability of samples from engine for task.
func reliability(engine, task string, samples []calib.Sample) *Reliability {
	r := &Reliability{Engine: engine, N: len(samples)}
	r.Raw, r.RawECE = calib.Reliability(samples, ReliabilityBins)
	if t := calib.Default(engine, task); t != nil && engine != "" {
		cal := make([]calib.Sample, len(samples))
		for i, s := range samples {
			cal[i] = calib.Sample{Conf: t.Apply(s.Conf), Correct: s.Correct}
		}
		r.Table = t.Version()
		r.Calibrated, r.CalECE = calib.Reliability(cal, ReliabilityBins)
	}
	return r
}

// text writes the reliability table: one line per non-empty bin, raw and
// (when a table applies) calibrated side by side.
func (r *Reliability) text(b *strings.Builder) {
	if r == nil || r.N == 0 {
		return
	}
	fmt.Fprintf(b, "\nreliability (%d decisions with a confidence; right = ", r.N)
	b.WriteString("queue is gold / is_order and every item right)\n")
	fmt.Fprintf(b, "  %-11s %7s %9s %9s", "confidence", "n", "mean conf", "accuracy")
	if r.Table != "" {
		fmt.Fprintf(b, "   | calibrated by %s: %5s %9s %9s", r.Table, "n", "mean conf", "accuracy")
	}
	b.WriteString("\n")
	for i, bin := range r.Raw {
		if bin.Count == 0 && (r.Table == "" || r.Calibrated[i].Count == 0) {
			continue
		}
		fmt.Fprintf(b, "  [%.1f, %.1f%s %7d %9s %9s", bin.Lo, bin.Hi, map[bool]string{true: "]", false: ")"}[i == len(r.Raw)-1], bin.Count, meanOrDash(bin, bin.MeanConf), meanOrDash(bin, bin.Accuracy))
		if r.Table != "" {
			c := r.Calibrated[i]
			fmt.Fprintf(b, "   | %*s %5d %9s %9s", len("calibrated by "+r.Table+":"), "", c.Count, meanOrDash(c, c.MeanConf), meanOrDash(c, c.Accuracy))
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(b, "  ECE %.3f", r.RawECE)
	if r.Table != "" {
		fmt.Fprintf(b, " raw, %.3f calibrated (%s)", r.CalECE, r.Table)
	}
	b.WriteString("\n")
}

func meanOrDash(b calib.Bin, v float64) string {
	if b.Count == 0 {
		return "-"
	}
	return fmt.Sprintf("%.3f", v)
}
