package bench

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/triage/triage/internal/config"
	"github.com/triage/triage/internal/kafkaauth"
)

// run1 is one Run's state.
type run1 struct {
	o   Options
	cfg config.Config // with the brokers in use and the LLM settings
	c   kafkaauth.Cluster
	id  string
	rep *Report
}

func (b *run1) say(format string, args ...any) {
	if b.o.Progress != nil {
		fmt.Fprintf(b.o.Progress, "bench: "+format+"\n", args...)
	}
}

// inputs names the input topics the mix fills, under prefix.
func (b *run1) inputs(prefix string) map[string]string {
	m := map[string]string{}
	if b.o.Mix.Tickets > 0 { // bad records go where good ones go (see Gen.Next)
		m["tickets"] = prefix + ".tickets"
	}
	if b.o.Mix.Emails > 0 || b.o.Mix.Tickets == 0 {
		m["emails"] = prefix + ".emails"
	}
	return m
}

// phase builds the spec of kind reading inputs, and names its output
// topics (the dead-letter topic among them, also returned alone).
func (b *run1) phase(kind string, inputs map[string]string, expect int64) (spec PhaseSpec, outputs []string, dlq string) {
	pre := fmt.Sprintf("bench.%s.%s", b.id, kind)
	spec = PhaseSpec{Kind: kind, Config: b.cfg, Group: "bench-" + b.id + "-" + kind, Expect: expect, Stall: b.o.Stall}
	if kind == Passthrough {
		spec.Inputs, spec.Output = slices.Sorted(maps.Values(inputs)), pre+".out"
		return spec, []string{spec.Output}, ""
	}
	spec.CPUProfile = b.o.CPUProfile
	t := &spec.Config.Topics
	t.Tickets, t.Emails = inputs["tickets"], inputs["emails"]
	t.Routed, t.Orders, t.DLQ = pre+".routed", pre+".orders", pre+".dlq"
	spec.Config.Kafka.GroupID = spec.Group
	return spec, []string{t.Routed, t.Orders, t.DLQ}, t.DLQ
}

// backlog seeds the records once, then drains them with each phase in turn.
func (b *run1) backlog(ctx context.Context) error {
	o := b.o
	inputs := b.inputs("bench." + b.id + ".in")
	if err := createTopics(ctx, b.c, o.Partitions, slices.Collect(maps.Values(inputs))...); err != nil {
		return err
	}
	gen, err := NewGen(o.Sizes, o.Mix, o.Keys, b.id, o.Seed)
	if err != nil {
		return err
	}
	b.say("seeding %d records (sizes %s, mix %s, %d keys) into %v", o.Records, o.Sizes, o.Mix, o.Keys, slices.Sorted(maps.Values(inputs)))
	next := 0
	b.rep.Seeded, err = seed(ctx, b.c, inputs, gen, o.Records, func(done int) {
		if done >= next {
			b.say("seeded %d of %d", done, o.Records)
			next = done + max(o.Records/10, 1)
		}
	})
	if err != nil {
		return err
	}
	b.say("seeded %d records, %d bad, %.1f MB in %s", b.rep.Seeded.Records, b.rep.Seeded.Bad, float64(b.rep.Seeded.Bytes)/1e6, b.rep.Seeded.Took.Round(time.Millisecond))
	for _, kind := range o.Phases {
		spec, outputs, dlq := b.phase(kind, inputs, int64(o.Records))
		if err := createTopics(ctx, b.c, o.Partitions, outputs...); err != nil {
			return err
		}
		b.say("%s: draining the backlog", kind)
		res := o.Run(ctx, spec)
		if err := b.finish(ctx, res, slices.Collect(maps.Values(inputs)), outputs, dlq, nil); err != nil {
			return err
		}
	}
	return nil
}

// paced runs each phase on fresh input topics fed at Rate for Duration,
// measuring each record's added latency.
func (b *run1) paced(ctx context.Context) error {
	o := b.o
	n := max(int(o.Rate*o.Duration.Seconds()), 1)
	b.rep.Seeded = Seeded{Records: n}
	for _, kind := range o.Phases {
		inputs := b.inputs(fmt.Sprintf("bench.%s.%s.in", b.id, kind))
		spec, outputs, dlq := b.phase(kind, inputs, int64(n))
		if err := createTopics(ctx, b.c, o.Partitions, append(slices.Collect(maps.Values(inputs)), outputs...)...); err != nil {
			return err
		}
		gen, err := NewGen(o.Sizes, o.Mix, o.Keys, b.id, o.Seed)
		if err != nil {
			return err
		}
		k := newClock()
		tctx, stopTail := context.WithCancel(ctx)
		waitTail, err := tail(tctx, b.c, outputs, dlq, k)
		if err != nil {
			stopTail()
			return err
		}
		done := make(chan PhaseResult, 1)
		go func() { done <- o.Run(ctx, spec) }()
		b.say("%s: %d records at %g/s", kind, n, o.Rate)
		perr := pace(ctx, b.c, inputs, gen, n, o.Rate, k)
		res := <-done
		for deadline := time.Now().Add(30 * time.Second); k.arrivals() < n && time.Now().Before(deadline) && res.Err == "" && perr == nil; {
			time.Sleep(10 * time.Millisecond)
		}
		stopTail()
		waitTail()
		if perr != nil {
			return perr
		}
		lat := k.latency()
		if err := b.finish(ctx, res, slices.Collect(maps.Values(inputs)), outputs, dlq, &lat); err != nil {
			return err
		}
	}
	return nil
}

// finish counts and checks a phase's outputs and adds its outcome.
func (b *run1) finish(ctx context.Context, res PhaseResult, inputs, outputs []string, dlq string, lat *Latency) error {
	out := Outcome{PhaseResult: res, Latency: lat}
	var err error
	if out.Outputs, err = countRecords(ctx, b.c, outputs...); err != nil {
		return err
	}
	if b.o.Verify && res.Err == "" {
		b.say("%s: checking every output against its input", res.Kind)
		v, err := verify(ctx, b.c, inputs, outputs, dlq)
		if err != nil {
			return err
		}
		out.Verdict = &v
	}
	b.rep.Outcomes = append(b.rep.Outcomes, out)
	b.say("%s: %s", res.Kind, out.line())
	return nil
}
