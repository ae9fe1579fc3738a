package drill

import (
	"fmt"
	"sync/atomic"
	"time"
)

// flip is a change of an instance's /readyz answer, seen at At.
type flip struct {
	At    time.Time
	Ready bool
}

type readyWatch struct {
	done   chan struct{}
	out    chan [][]flip
	rounds atomic.Int64 // polls of every instance completed
}

// watchReady polls every instance's /readyz every 200 ms until stop, and
// keeps each instance's timeline: its first answer, then every change.
func watchReady(ins []*Instance) *readyWatch {
	w := &readyWatch{done: make(chan struct{}), out: make(chan [][]flip, 1)}
	go func() {
		seen := make([][]flip, len(ins))
		for {
			for i, in := range ins {
				ok, now := in.Ready(), time.Now()
				if n := len(seen[i]); n == 0 || seen[i][n-1].Ready != ok {
					seen[i] = append(seen[i], flip{At: now, Ready: ok})
				}
			}
			w.rounds.Add(1)
			select {
			case <-w.done:
				w.out <- seen
				return
			case <-time.After(200 * time.Millisecond):
			}
		}
	}()
	return w
}

// stop ends the watch and returns each instance's timeline. It first lets
// the watch finish two more rounds, so that an answer the caller has just
// seen (awaitReady) is in the timelines too.
func (w *readyWatch) stop() [][]flip {
	for r0 := w.rounds.Load(); w.rounds.Load() < r0+2; {
		time.Sleep(20 * time.Millisecond)
	}
	close(w.done)
	return <-w.out
}

// verdict is one line of the readiness judgement.
type verdict struct {
	text    string
	problem bool
}

// judgeReadiness judges each instance's /readyz timeline around a broker
// outage from stopped (the stop command) to resumed (the resume command):
// it must turn unready within bound of the stop, stay unready while the
// broker is down, and be ready again after the resume. Timings that pass
// are notes; the rest are problems.
func judgeReadiness(timelines [][]flip, ins []*Instance, stopped, resumed time.Time, bound time.Duration) []verdict {
	var out []verdict
	say := func(problem bool, format string, args ...any) {
		out = append(out, verdict{text: fmt.Sprintf(format, args...), problem: problem})
	}
	round := func(d time.Duration) time.Duration { return d.Round(100 * time.Millisecond) }
	for i, tl := range timelines {
		name := ins[i].Name
		var unready, readyDown, readyAfter time.Time
		for _, f := range tl {
			switch {
			case !f.Ready && unready.IsZero() && !f.At.Before(stopped):
				unready = f.At
			case f.Ready && !unready.IsZero() && f.At.Before(resumed) && readyDown.IsZero():
				readyDown = f.At
			case f.Ready && !f.At.Before(resumed) && readyAfter.IsZero():
				readyAfter = f.At
			}
		}
		switch {
		case unready.IsZero() || !unready.Before(resumed):
			say(true, "%s stayed ready through the %s broker outage", name, round(resumed.Sub(stopped)))
			continue
		case unready.Sub(stopped) > bound:
			say(true, "%s turned unready %s after the broker stop (bound %s)", name, round(unready.Sub(stopped)), bound)
		default:
			say(false, "%s turned unready %s after the broker stop", name, round(unready.Sub(stopped)))
		}
		if !readyDown.IsZero() {
			say(true, "%s answered ready again %s after the broker stop, %s before it was resumed", name, round(readyDown.Sub(stopped)), round(resumed.Sub(readyDown)))
		}
		switch last := tl[len(tl)-1]; {
		case !readyAfter.IsZero():
			say(false, "%s ready again %s after the resume command", name, round(readyAfter.Sub(resumed)))
		case !last.Ready:
			say(true, "%s not ready again after the broker came back", name)
		}
	}
	return out
}
