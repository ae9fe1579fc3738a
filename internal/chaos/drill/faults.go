package drill

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/chaos"
)

// brokerOutage: two instances; a quarter into the window the broker is
// stopped for BrokerStop, then resumed on its storage. Every instance must
// turn unready within ReadyBound of the stop; the time it takes to be ready
// again after the broker answers is noted. The outage counts as one crash.
func brokerOutage(ctx context.Context, opt Options, run string, c *Corpus) (*chaos.Report, error) {
	d, err := startDrill(ctx, opt, "c-broker", run, c, 2, nil)
	if err != nil {
		return nil, err
	}
	b := Broker{Script: opt.KafkaSH}
	return d.Execute(ctx, c.Generate(opt.Records, opt.Keys, d.Rng, run), opt.Feed, func(ctx context.Context) error {
		if err := Sleep(ctx, opt.Feed/4); err != nil {
			return err
		}
		for _, in := range d.Instances {
			if !awaitReady(in, 30*time.Second) {
				d.Note("%s not ready before the outage", in.Name)
			}
		}
		w := watchReady(d.Instances)
		t0 := time.Now()
		d.Logf("stopping the broker for %s", opt.BrokerStop)
		if err := b.Stop(ctx); err != nil {
			return err
		}
		d.Crashed()
		if err := Sleep(ctx, opt.BrokerStop); err != nil {
			return err
		}
		down, resumed := time.Since(t0), time.Now()
		d.Logf("resuming the broker")
		if err := b.Resume(ctx); err != nil {
			return err
		}
		up := time.Now()
		d.Note("broker down %s (stop command to resume command), answering again %s after the resume command", down.Round(100*time.Millisecond), up.Sub(resumed).Round(100*time.Millisecond))
		for _, in := range d.Instances {
			awaitReady(in, 2*time.Minute)
		}
		for _, line := range judgeReadiness(w.stop(), d.Instances, t0, resumed, opt.ReadyBound) {
			if line.problem {
				d.Problem("%s", line.text)
			} else {
				d.Note("%s", line.text)
			}
		}
		return nil
	})
}

// slowRecord: one instance on the LLM path; a record held by the LLM for
// Slow at the head of every ticket partition; while they are held a second
// instance joins, so the partitions it takes move while their slow record
// runs.
func slowRecord(ctx context.Context, opt Options, run string, c *Corpus) (*chaos.Report, error) {
	d, err := startLLMDrill(ctx, opt, "d-slow", run, c, 1, opt.Slow, opt.Slow+10*time.Second, nil)
	if err != nil {
		return nil, err
	}
	slow := c.SlowPerPartition(run, opt.Partitions)
	records := append(slow, c.Generate(recordsFor(opt, true), opt.Keys, d.Rng, run)...)
	return d.Execute(ctx, records, 0, func(ctx context.Context) error {
		for deadline := time.Now().Add(time.Minute); d.Proxy.Held() < int64(len(slow)); {
			if time.Now().After(deadline) {
				d.Note("only %d of %d slow records reached the LLM within 1m", d.Proxy.Held(), len(slow))
				break
			}
			if err := Sleep(ctx, 100*time.Millisecond); err != nil {
				return err
			}
		}
		d.Logf("%d slow records held; a second instance joins", d.Proxy.Held())
		if err := Sleep(ctx, time.Second); err != nil {
			return err
		}
		// The rebalance cancels the slow records (slower than revoke_timeout):
		// what finished behind them in their partitions is decided again by
		// the new owners, at most checkpoint_limit per partition, the same
		// bound as a crash of the old owner.
		d.Crashed()
		return d.StartInstances(1)
	})
}

// SlowPerPartition returns one slow ticket (see Slow) for each of the
// partitions of the tickets topic, keyed so that murmur2 puts it there.
func (c *Corpus) SlowPerPartition(run string, partitions int) []Record {
	parts := make([]int, partitions)
	for i := range parts {
		parts[i] = i
	}
	bal := &kafka.Murmur2Balancer{Consistent: true}
	byPart := map[int]Record{}
	for i := 0; len(byPart) < partitions && i < 100*partitions; i++ {
		key := fmt.Sprintf("slow-%s-%d", run, i)
		if p := bal.Balance(kafka.Message{Key: []byte(key)}, parts...); byPart[p].Key == nil {
			byPart[p] = c.Slow(key, run)
		}
	}
	out := make([]Record, 0, len(byPart))
	for _, p := range slices.Sorted(maps.Keys(byPart)) {
		out = append(out, byPart[p])
	}
	return out
}

// flap: two instances on the LLM path; the simulator answers ok, then
// hangs, then answers 500, 3 s each, over the whole window. The breaker
// half-opens after 2 s, so every phase reaches the simulator.
func flap(ctx context.Context, opt Options, run string, c *Corpus) (*chaos.Report, error) {
	d, err := startLLMDrill(ctx, opt, "f-flap", run, c, 2, 0, 2*time.Second, func(s *Settings) { s.BreakerOpenFor = 2 * time.Second })
	if err != nil {
		return nil, err
	}
	return d.Execute(ctx, c.Generate(recordsFor(opt, true), opt.Keys, d.Rng, run), opt.Feed, func(ctx context.Context) error {
		modes := []string{"", "hang", "error"}
		n := 0
		for end := time.Now().Add(opt.Feed); time.Now().Before(end); n++ {
			d.Proxy.SetMode(modes[n%len(modes)])
			if err := Sleep(ctx, 3*time.Second); err != nil {
				return err
			}
		}
		d.Proxy.SetMode("")
		d.Note("LLM flapped through %d phases of 3 s (ok, hang, 500)", n)
		return nil
	})
}

// hostile: two instances; the generated stream with the oversized and
// malformed records of Corpus.Oversized at its start and in its middle.
func hostile(ctx context.Context, opt Options, run string, c *Corpus) (*chaos.Report, error) {
	d, err := startDrill(ctx, opt, "g-hostile", run, c, 2, nil)
	if err != nil {
		return nil, err
	}
	gen := c.Generate(max(opt.Records/2, 10), opt.Keys, d.Rng, run)
	mid := len(gen) / 2
	records := slices.Concat(c.Oversized(run+"a"), gen[:mid], c.Oversized(run+"b"), gen[mid:])
	return d.Execute(ctx, records, opt.Feed/2, func(ctx context.Context) error {
		return Sleep(ctx, opt.Feed/2)
	})
}
