package drill

import (
	"context"
	"fmt"
	"time"

	"github.com/triage/triage/internal/chaos"
)

// Scenario is one drill of issue 9, item 10.
type Scenario struct {
	Name string // "a-kill" … "g-hostile"
	Doc  string
	Run  func(ctx context.Context, opt Options, run string, c *Corpus) (*chaos.Report, error)
}

// Scenarios lists every drill in order.
func Scenarios() []Scenario {
	return []Scenario{
		{"a-kill", "two instances, SIGKILL of one or the other at random 1-8 s intervals, each restarted", kill},
		{"b-rolling", "rolling restart of two instances with SIGTERM", rolling},
		{"c-broker", "broker stopped mid-run and resumed; /readyz must turn unready within the bound", brokerOutage},
		{"d-slow", "a slow LLM record on every ticket partition while a second instance joins and takes half of them", slowRecord},
		{"e-scale", "scaling 1 -> 3 -> 1 instances during the run", scale},
		{"f-flap", "the LLM path with the simulator flapping between ok, 5xx and hang", flap},
		{"g-hostile", "hostile input: dead letters that would pass 1 MB, not UTF-8, huge values", hostile},
	}
}

// kill: two instances; Kills times, after 1-8 s, SIGKILL one at random
// and restart it. Records arrive over the whole window.
func kill(ctx context.Context, opt Options, run string, c *Corpus) (*chaos.Report, error) {
	d, err := startDrill(ctx, opt, "a-kill", run, c, 2, nil)
	if err != nil {
		return nil, err
	}
	span := time.Duration(opt.Kills) * 4500 * time.Millisecond
	return d.Execute(ctx, c.Generate(opt.Records, opt.Keys, d.Rng, run), span, func(ctx context.Context) error {
		for i := range opt.Kills {
			if err := Sleep(ctx, d.Between(time.Second, 8*time.Second)); err != nil {
				return err
			}
			in := d.Instances[d.Rng.IntN(len(d.Instances))]
			if err := in.Kill(); err != nil {
				return err
			}
			d.Crashed()
			d.Logf("SIGKILL %d/%d: %s", i+1, opt.Kills, in.Name)
			if err := in.Start(); err != nil {
				return err
			}
		}
		return nil
	})
}

// rolling: two instances, each in turn stopped with SIGTERM (it must exit
// 0), restarted and awaited ready; once, or twice in the full drill.
func rolling(ctx context.Context, opt Options, run string, c *Corpus) (*chaos.Report, error) {
	d, err := startDrill(ctx, opt, "b-rolling", run, c, 2, nil)
	if err != nil {
		return nil, err
	}
	rounds := 1 + opt.Kills/10
	return d.Execute(ctx, c.Generate(opt.Records, opt.Keys, d.Rng, run), opt.Feed, func(ctx context.Context) error {
		for r := range rounds {
			for _, in := range d.Instances {
				if err := Sleep(ctx, 2*time.Second); err != nil {
					return err
				}
				if err := in.Term(time.Minute); err != nil {
					d.Problem("%s: SIGTERM in round %d: %v (log %s)", in.Name, r+1, err, in.Log)
				}
				d.Logf("SIGTERM %s (round %d/%d), restarting", in.Name, r+1, rounds)
				if err := in.Start(); err != nil {
					return err
				}
				if !awaitReady(in, time.Minute) {
					d.Note("%s not ready within 1m of its restart", in.Name)
				}
			}
		}
		return nil
	})
}

// scale: one instance, two more a third into the window, those two stopped
// with SIGTERM two thirds into it.
func scale(ctx context.Context, opt Options, run string, c *Corpus) (*chaos.Report, error) {
	d, err := startDrill(ctx, opt, "e-scale", run, c, 1, nil)
	if err != nil {
		return nil, err
	}
	return d.Execute(ctx, c.Generate(opt.Records, opt.Keys, d.Rng, run), opt.Feed, func(ctx context.Context) error {
		if err := Sleep(ctx, opt.Feed/3); err != nil {
			return err
		}
		d.Logf("scaling 1 -> 3")
		if err := d.StartInstances(2); err != nil {
			return err
		}
		if err := Sleep(ctx, opt.Feed/3); err != nil {
			return err
		}
		d.Logf("scaling 3 -> 1")
		for _, in := range d.Instances[1:] {
			if err := in.Term(time.Minute); err != nil {
				d.Problem("%s: SIGTERM: %v (log %s)", in.Name, err, in.Log)
			}
		}
		return nil
	})
}

// awaitReady polls /readyz every 200 ms until it answers 200 or timeout.
func awaitReady(in *Instance, timeout time.Duration) bool {
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if in.Ready() {
			return true
		}
		if !in.Alive() {
			return false
		}
	}
	return false
}

// recordsFor caps the record count of LLM scenarios.
func recordsFor(opt Options, llm bool) int {
	if llm && opt.LLMRecords > 0 {
		return min(opt.Records, opt.LLMRecords)
	}
	return opt.Records
}

// scenarioNamed finds a scenario by its name or its letter ("a", "a-kill").
func scenarioNamed(name string) (Scenario, error) {
	for _, s := range Scenarios() {
		if s.Name == name || s.Name[:1] == name {
			return s, nil
		}
	}
	return Scenario{}, fmt.Errorf("drill: unknown scenario %q", name)
}
