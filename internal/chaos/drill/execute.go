package drill

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/triage/triage/internal/chaos"
)

// Execute runs one scenario: it samples the group's committed offsets,
// publishes records spread over span while body injects the faults, waits
// until the group's committed offsets reach the end offsets (or
// Options.Drain passes after body and the feed are done), stops every
// instance with SIGTERM, then reads all topics and judges. The report also
// goes to <dir>/<scenario>/report.json.
func (d *Drill) Execute(ctx context.Context, records []Record, span time.Duration, body func(context.Context) error) (*chaos.Report, error) {
	parts, err := chaos.InputPartitions(ctx, d.Topo)
	if err != nil {
		d.stopAll()
		return nil, err
	}
	sampler := chaos.StartSampler(d.Opt.Brokers, d.Topo.Group, parts, d.Opt.SampleEvery)
	d.start = time.Now()
	d.Logf("feeding %d records over %s to %s.*", len(records), span, d.Topo.Group)
	fed := make(chan error, 1)
	go func() { fed <- Feed(ctx, d.Opt.Brokers, d.Topics, records, span) }()
	if err := body(ctx); err != nil {
		d.Problem("scenario: %v", err)
	}
	if err := <-fed; err != nil {
		d.Problem("feed: %v", err)
	}
	drained, drain := d.waitDrained(ctx)
	d.stopAll()
	samples, unanswered := sampler.Stop()
	rep, err := chaos.Check(ctx, d.Topo, d.Name, chaos.Criteria{BoundPerCrash: d.bound, Crashes: d.crashes}, samples, unanswered)
	if err != nil {
		return nil, err
	}
	if !d.Opt.KeepTopics {
		if err := d.deleteTopics(ctx); err != nil {
			d.Note("%v", err)
		}
	}
	rep.Drained, rep.Drain = drained, drain
	rep.Notes, rep.Problems = d.notes, d.problems
	rep.Judge()
	if err := os.WriteFile(filepath.Join(d.dir, "report.json"), rep.JSON(), 0o644); err != nil {
		return rep, fmt.Errorf("drill: %w", err)
	}
	return rep, nil
}

// waitDrained polls the group's lag every 500 ms until it is 0 for every
// input partition, or Options.Drain passes. It returns whether it drained
// and the time since the scenario started.
func (d *Drill) waitDrained(ctx context.Context) (bool, time.Duration) {
	deadline := time.Now().Add(d.Opt.Drain)
	last := int64(-1)
	for {
		_, lag, err := chaos.Lag(ctx, d.Topo)
		if err == nil && lag == 0 {
			el := time.Since(d.start)
			d.Logf("drained in %s", el.Round(100*time.Millisecond))
			return true, el
		}
		if err == nil && lag != last {
			d.Logf("lag %d", lag)
			last = lag
		}
		for _, in := range d.Instances {
			if in.Died() {
				d.Problem("%s exited without being signalled (log %s)", in.Name, in.Log)
				in.stopping = true
			}
		}
		if time.Now().After(deadline) || Sleep(ctx, 500*time.Millisecond) != nil {
			d.Logf("not drained: lag %d after %s", last, time.Since(d.start).Round(time.Second))
			return false, time.Since(d.start)
		}
	}
}

// stopAll sends SIGTERM to every running instance and checks it exits 0.
func (d *Drill) stopAll() {
	for _, in := range d.Instances {
		if !in.Alive() {
			continue
		}
		if err := in.Term(time.Minute); err != nil {
			d.Problem("%s: SIGTERM: %v (log %s)", in.Name, err, in.Log)
		}
	}
	if d.Proxy != nil {
		if n := d.Proxy.Held(); n > 0 {
			d.Note("LLM calls held for %s (slow records, re-decisions included): %d", d.Proxy.Slow, n)
		}
		_ = d.Proxy.Close()
	}
	if d.sim != nil {
		_ = d.sim.Stop(10 * time.Second)
		if log, err := os.ReadFile(d.sim.Log); err == nil {
			for _, line := range strings.Split(string(log), "\n") {
				if strings.Contains(line, "stopped after") {
					d.Note("%s", strings.TrimSpace(line))
				}
			}
		}
	}
}
