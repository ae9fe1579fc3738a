package drill

import (
	"strings"
	"testing"
	"time"
)

func TestJudgeReadiness(t *testing.T) {
	t0 := time.Unix(1000, 0)
	at := func(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }
	resumed := at(20)
	ins := []*Instance{{Name: "good"}, {Name: "slow"}, {Name: "flapped"}, {Name: "deaf"}, {Name: "stuck"}}
	timelines := [][]flip{
		{{at(-1), true}, {at(2), false}, {at(25), true}},  // unready in 2 s, ready after resume
		{{at(-1), true}, {at(18), false}, {at(24), true}}, // unready only after 18 s
		{{at(-1), true}, {at(1), false}, {at(6), true}},   // ready again while the broker is down
		{{at(-1), true}},                 // never unready
		{{at(-1), true}, {at(1), false}}, // never ready again
	}
	got := judgeReadiness(timelines, ins, t0, resumed, 15*time.Second)
	var problems, notes []string
	for _, v := range got {
		if v.problem {
			problems = append(problems, v.text)
		} else {
			notes = append(notes, v.text)
		}
	}
	want := []string{"slow turned unready 18s", "flapped answered ready again 6s after the broker stop, 14s before",
		"deaf stayed ready through the 20s", "stuck not ready again"}
	if len(problems) != len(want) {
		t.Fatalf("problems %q, want %d", problems, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(problems[i], w) {
			t.Errorf("problem %d = %q, want prefix %q", i, problems[i], w)
		}
	}
	if len(notes) < 3 || notes[0] != "good turned unready 2s after the broker stop" || notes[1] != "good ready again 5s after the resume command" {
		t.Errorf("notes %q", notes)
	}
}
